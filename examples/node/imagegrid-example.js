// ImageGrid from Node.js: a bad request and its BadRequest details, then a task created, watched to its end (resuming
// after dropped streams) and its image downloaded.
//
//   (cd examples/node && npm ci) && IMAGEGRID_API_KEY=igk_demo_... node examples/node/imagegrid-example.js
//
// Settings (environment): IMAGEGRID_API_KEY (required), IMAGEGRID_URL (default http://127.0.0.1:5080),
// IMAGEGRID_WATCH_ATTEMPT_SECONDS (each WatchTask call's deadline, default 30), IMAGEGRID_OUT (the image file, default
// imagegrid-<task id>.png).
import * as grpc from '@grpc/grpc-js';
import { download, pngSize } from './download.js';
import { fieldViolations } from './error-details.js';
import { loadImageGrid } from './protos.js';
import { watchToEnd } from './watching.js';

const prompt = 'A clean editorial product image on a soft studio background';
const callSeconds = 60;

async function main() {
  const apiKey = process.env.IMAGEGRID_API_KEY;
  if (!apiKey) {
    console.error('set IMAGEGRID_API_KEY (the server prints the demo key at start-up)');
    return 2;
  }
  const url = new URL(process.env.IMAGEGRID_URL ?? 'http://127.0.0.1:5080');
  const attemptSeconds = Number(process.env.IMAGEGRID_WATCH_ATTEMPT_SECONDS ?? '30');
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${apiKey}`);

  const { ImageGrid } = loadImageGrid();
  const credentials = url.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  const client = new ImageGrid(url.host, credentials);
  let task;
  try {
    await showBadRequest(client, metadata);

    task = await unary(client, 'CreateImage', { prompt, params: { aspect_ratio: '1:1', resolution: '1K' } }, metadata);
    console.log(`created task ${task.id} (${statusName(task.status)}, version ${task.version})`);

    for await (const update of watchToEnd(client, task.id, metadata, attemptSeconds)) {
      task = update.task;
      console.log(`update: version ${task.version} ${statusName(task.status)}`);
    }
  } finally {
    client.close();
  }

  if (task.status !== 'TASK_STATUS_SUCCEEDED') {
    console.log(`task ${task.id} ${statusName(task.status)}: ${task.error?.code} ${task.error?.message}`);
    return 1;
  }
  console.log(`task ${task.id} SUCCEEDED`);

  const file = process.env.IMAGEGRID_OUT ?? `imagegrid-${task.id}.png`;
  const content = await download(task.images[0].url, file);
  const size = pngSize(content);
  if (!size) {
    console.error(`${task.images[0].url} did not answer a PNG`);
    return 1;
  }
  console.log(`saved ${size.width}x${size.height} PNG (${content.length} bytes) to ${file}`);
  return 0;
}

/** An empty prompt and an aspect ratio the model does not offer: INVALID_ARGUMENT naming both fields. */
async function showBadRequest(client, metadata) {
  try {
    await unary(client, 'CreateImage', { prompt: '', params: { aspect_ratio: '2:1' } }, metadata);
  } catch (error) {
    if (error.code !== grpc.status.INVALID_ARGUMENT) {
      throw error;
    }
    console.log(`bad request: INVALID_ARGUMENT: ${error.details}`);
    for (const { field, description } of fieldViolations(error)) {
      console.log(`  field violation: ${field}: ${description}`);
    }
    return;
  }
  throw new Error('the bad request was accepted');
}

function unary(client, method, request, metadata) {
  const deadline = new Date(Date.now() + callSeconds * 1000);
  return new Promise((resolve, reject) =>
    client[method](request, metadata, { deadline }, (error, response) => (error ? reject(error) : resolve(response))));
}

function statusName(status) {
  return status.replace(/^TASK_STATUS_/, '');
}

process.exitCode = await main();
