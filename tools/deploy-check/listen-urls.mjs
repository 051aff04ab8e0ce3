// http://0.0.0.0 listens on IPv4 only; http://+ (or http://[::]) listens on every address. Checks texts (the
// Dockerfile, the manifests) for a 0.0.0.0 URL.
export function checkListenUrls(texts, fail) {
  for (const { where, text } of texts) {
    for (const [i, line] of text.split("\n").entries()) {
      if (/^\s*#/.test(line)) continue;
      if (/[a-z][a-z0-9+.-]*:\/\/0\.0\.0\.0\b/i.test(line)) fail(`${where} line ${i + 1}: a 0.0.0.0 URL listens on IPv4 only; use http://+:<port>`);
    }
  }
}
