"""Watches a task to its end, resuming with after_version whenever the stream breaks."""
import time

import grpc

from imagegrid.v1 import imagegrid_pb2

TERMINAL = {imagegrid_pb2.TASK_STATUS_SUCCEEDED, imagegrid_pb2.TASK_STATUS_FAILED}
# A watch is resumed after these; anything else (UNAUTHENTICATED, NOT_FOUND, ...) is an answer, not a break.
RESUMABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
MAX_BREAKS_WITHOUT_PROGRESS = 10


def watch_to_end(stub, task_id: str, metadata, attempt_seconds: float):
    """Yields every update once, in order, until the terminal one.

    Each WatchTask call lives at most attempt_seconds (a deadline, as a load balancer or a flaky network would cut
    it); after a break the next call asks only for what came after the last version seen.
    """
    last_version = 0
    breaks_without_progress = 0
    while True:
        request = imagegrid_pb2.WatchTaskRequest(task_id=task_id, after_version=last_version)
        progressed = False
        try:
            for update in stub.WatchTask(request, metadata=metadata, timeout=attempt_seconds):
                check_next_version(last_version, update.task.version)
                last_version = update.task.version
                progressed = True
                yield update
                if update.task.status in TERMINAL:
                    return
            reason = "ended before the terminal update"
        except grpc.RpcError as error:
            if error.code() not in RESUMABLE:
                raise
            reason = error.code().name
        breaks_without_progress = 0 if progressed else breaks_without_progress + 1
        if breaks_without_progress > MAX_BREAKS_WITHOUT_PROGRESS and reason != "DEADLINE_EXCEEDED":
            raise RuntimeError(f"the watch of {task_id} broke {breaks_without_progress} times in a row ({reason})")
        print(f"stream dropped after version {last_version} ({reason}); resuming with after_version={last_version}",
              flush=True)
        time.sleep(min(0.1 * 2 ** breaks_without_progress, 5.0))


def check_next_version(last_version: int, version: int) -> None:
    if last_version and version != last_version + 1:
        raise RuntimeError(f"version {version} after {last_version}: the resume missed or repeated an update")
