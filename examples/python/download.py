"""Saves a finished task's image: a plain HTTP GET of its URL."""
import pathlib
import struct
import urllib.request

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def download(url: str, path: pathlib.Path, timeout_seconds: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout_seconds) as response:
        content = response.read()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return content


def png_size(content: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, or None when the bytes are not a PNG."""
    if len(content) < 24 or not content.startswith(PNG_SIGNATURE) or content[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", content[16:24])
