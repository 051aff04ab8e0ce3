// Images pinned by digest: every FROM of the Dockerfile names an image as name[:tag]@sha256:<64 hex digits> (or an
// earlier stage), and every entry of a kustomization's images: carries digest: sha256:<64 hex digits>.
const digest = /^sha256:[0-9a-f]{64}$/;

export function checkDockerfilePins(dockerfileText, fail) {
  const stages = new Set();
  for (const [i, line] of dockerfileText.split("\n").entries()) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    const [, image, stage] = m;
    if (!stages.has(image.toLowerCase()) && !digest.test(image.split("@")[1] ?? "")) {
      fail(`Dockerfile line ${i + 1}: FROM ${image} is not pinned by digest (name:tag@sha256:<64 hex>; scripts/pin-images.sh)`);
    }
    if (stage) stages.add(stage.toLowerCase());
  }
}

export function checkKustomizationPins(kustomization, where, fail) {
  const images = kustomization?.images ?? [];
  if (images.length === 0) fail(`${where}: no images: entry, so the app image is not pinned`);
  for (const image of images) {
    if (!digest.test(image.digest ?? "")) fail(`${where}: image ${image.name} has no digest: sha256:<64 hex>`);
  }
}
