"""ImageGrid from Python: a bad request and its BadRequest details, then a task created, watched to its end (resuming
after dropped streams) and its image downloaded.

    IMAGEGRID_API_KEY=igk_demo_... /usr/bin/python3 examples/python/imagegrid_example.py

Settings (environment): IMAGEGRID_API_KEY (required), IMAGEGRID_URL (default http://127.0.0.1:5080),
IMAGEGRID_WATCH_ATTEMPT_SECONDS (each WatchTask call's deadline, default 30), IMAGEGRID_OUT (the image file, default
imagegrid-<task id>.png).
"""
import os
import pathlib
import sys
import urllib.parse

import stubs

stubs.generate(pathlib.Path(__file__).resolve().parent / "build")

import grpc  # noqa: E402 - after the stubs exist

import download  # noqa: E402
import error_details  # noqa: E402
import watching  # noqa: E402
from imagegrid.v1 import imagegrid_pb2, imagegrid_pb2_grpc  # noqa: E402

PROMPT = "A clean editorial product image on a soft studio background"


def main() -> int:
    api_key = os.environ.get("IMAGEGRID_API_KEY")
    if not api_key:
        print("set IMAGEGRID_API_KEY (the server prints the demo key at start-up)", file=sys.stderr)
        return 2
    url = urllib.parse.urlsplit(os.environ.get("IMAGEGRID_URL", "http://127.0.0.1:5080"))
    attempt_seconds = float(os.environ.get("IMAGEGRID_WATCH_ATTEMPT_SECONDS", "30"))
    metadata = [("authorization", f"Bearer {api_key}")]

    with open_channel(url) as channel:
        stub = imagegrid_pb2_grpc.ImageGridStub(channel)
        show_bad_request(stub, metadata)

        task = stub.CreateImage(
            imagegrid_pb2.CreateImageRequest(
                prompt=PROMPT, params=imagegrid_pb2.ImageParams(aspect_ratio="1:1", resolution="1K")),
            metadata=metadata, timeout=60)
        print(f"created task {task.id} ({status_name(task.status)}, version {task.version})", flush=True)

        for update in watching.watch_to_end(stub, task.id, metadata, attempt_seconds):
            task = update.task
            print(f"update: version {task.version} {status_name(task.status)}", flush=True)

    if task.status != imagegrid_pb2.TASK_STATUS_SUCCEEDED:
        print(f"task {task.id} {status_name(task.status)}: {task.error.code} {task.error.message}", flush=True)
        return 1
    print(f"task {task.id} SUCCEEDED", flush=True)

    path = pathlib.Path(os.environ.get("IMAGEGRID_OUT", f"imagegrid-{task.id}.png"))
    content = download.download(task.images[0].url, path)
    size = download.png_size(content)
    if size is None:
        print(f"{task.images[0].url} did not answer a PNG", file=sys.stderr)
        return 1
    print(f"saved {size[0]}x{size[1]} PNG ({len(content)} bytes) to {path}", flush=True)
    return 0


def open_channel(url: urllib.parse.SplitResult) -> grpc.Channel:
    if url.scheme == "https":
        return grpc.secure_channel(url.netloc, grpc.ssl_channel_credentials())
    return grpc.insecure_channel(url.netloc)


def show_bad_request(stub, metadata) -> None:
    """An empty prompt and an aspect ratio the model does not offer: INVALID_ARGUMENT naming both fields."""
    bad = imagegrid_pb2.CreateImageRequest(prompt="", params=imagegrid_pb2.ImageParams(aspect_ratio="2:1"))
    try:
        stub.CreateImage(bad, metadata=metadata, timeout=60)
    except grpc.RpcError as error:
        print(f"bad request: {error.code().name}: {error.details()}", flush=True)
        for field, description in error_details.field_violations(error):
            print(f"  field violation: {field}: {description}", flush=True)
        return
    raise RuntimeError("the bad request was accepted")


def status_name(status: int) -> str:
    return imagegrid_pb2.TaskStatus.Name(status).removeprefix("TASK_STATUS_")


if __name__ == "__main__":
    sys.exit(main())
