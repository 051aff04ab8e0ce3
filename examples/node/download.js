// Saves a finished task's image: a plain HTTP GET of its URL.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function download(url, file, timeoutMs = 60_000) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  const content = Buffer.from(await response.arrayBuffer());
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, content);
  return content;
}

/** { width, height } from the IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(content) {
  if (content.length < 24 || !content.subarray(0, 8).equals(pngSignature) || content.toString('latin1', 12, 16) !== 'IHDR') {
    return null;
  }
  return { width: content.readUInt32BE(16), height: content.readUInt32BE(20) };
}
