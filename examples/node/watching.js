// Watches a task to its end, resuming with after_version whenever the stream breaks.
import { setTimeout as sleep } from 'node:timers/promises';
import { status as grpcStatus } from '@grpc/grpc-js';

const terminal = new Set(['TASK_STATUS_SUCCEEDED', 'TASK_STATUS_FAILED']);
// A watch is resumed after these; anything else (UNAUTHENTICATED, NOT_FOUND, ...) is an answer, not a break.
const resumable = new Set([grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED]);
const maxBreaksWithoutProgress = 10;

/**
 * Yields every update once, in order, until the terminal one. Each WatchTask call lives at most attemptSeconds (a
 * deadline, as a load balancer or a flaky network would cut it); after a break the next call asks only for what came
 * after the last version seen.
 */
export async function* watchToEnd(client, taskId, metadata, attemptSeconds) {
  let lastVersion = 0;
  let breaksWithoutProgress = 0;
  for (;;) {
    const deadline = new Date(Date.now() + attemptSeconds * 1000);
    const call = client.WatchTask({ task_id: taskId, after_version: lastVersion }, metadata, { deadline });
    let progressed = false;
    let reason = 'ended before the terminal update';
    try {
      for await (const update of call) {
        checkNextVersion(lastVersion, update.task.version);
        lastVersion = update.task.version;
        progressed = true;
        yield update;
        if (terminal.has(update.task.status)) {
          call.cancel();
          return;
        }
      }
    } catch (error) {
      if (!resumable.has(error.code)) {
        throw error;
      }
      reason = grpcStatusName(error.code);
    }
    breaksWithoutProgress = progressed ? 0 : breaksWithoutProgress + 1;
    if (breaksWithoutProgress > maxBreaksWithoutProgress && reason !== 'DEADLINE_EXCEEDED') {
      throw new Error(`the watch of ${taskId} broke ${breaksWithoutProgress} times in a row (${reason})`);
    }
    console.log(`stream dropped after version ${lastVersion} (${reason}); resuming with after_version=${lastVersion}`);
    await sleep(Math.min(100 * 2 ** breaksWithoutProgress, 5000));
  }
}

function checkNextVersion(lastVersion, version) {
  if (lastVersion && version !== lastVersion + 1) {
    throw new Error(`version ${version} after ${lastVersion}: the resume missed or repeated an update`);
  }
}

function grpcStatusName(code) {
  return Object.keys(grpcStatus).find((name) => grpcStatus[name] === code) ?? String(code);
}
