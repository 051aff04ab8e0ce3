"""Generates the Python stubs from the repository's protos/ into a build directory and puts it on sys.path.

Run at every start, so the stubs always match protos/; nothing generated is committed.
"""
import pathlib
import re
import shutil
import subprocess
import sys

REPOSITORY_ROOT = pathlib.Path(__file__).resolve().parents[2]
PROTOS = REPOSITORY_ROOT / "protos"
PROTO_FILES = [
    "imagegrid/v1/imagegrid.proto",
    "google/rpc/status.proto",
    "google/rpc/error_details.proto",
]


def generate(build_dir: pathlib.Path) -> None:
    sources = build_dir / "protos"
    stubs = build_dir / "stubs"
    shutil.rmtree(build_dir, ignore_errors=True)
    stubs.mkdir(parents=True)
    copy_protos(sources)

    import grpc_tools  # noqa: F401 - fails early with a clear message when python3-grpc-tools is missing
    from grpc_tools import protoc

    well_known = pathlib.Path(grpc_tools.__file__).parent / "_proto"
    arguments = [
        "grpc_tools.protoc",
        f"-I{sources}",
        f"-I{well_known}",
        f"--python_out={stubs}",
        f"--grpc_python_out={stubs}",
        *(str(sources / name) for name in PROTO_FILES),
    ]
    if protoc.main(arguments) != 0:
        raise RuntimeError(f"protoc failed on {', '.join(PROTO_FILES)}")
    sys.path.insert(0, str(stubs))


def copy_protos(sources: pathlib.Path) -> None:
    for name in PROTO_FILES:
        target = sources / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (PROTOS / name).read_text(encoding="utf-8")
        if not protoc_knows_proto3_optional():
            text = without_proto3_optional(text)
        target.write_text(text, encoding="utf-8")


def protoc_knows_proto3_optional() -> bool:
    # Debian's python3-grpc-tools bundles libprotoc 3.5, which predates proto3 `optional` (protoc 3.15).
    answer = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "--version"], capture_output=True, text=True, check=True
    ).stdout
    major, minor = (int(part) for part in re.search(r"(\d+)\.(\d+)", answer).groups())
    return (major, minor) >= (3, 15)


def without_proto3_optional(text: str) -> str:
    """Drops proto3 `optional` labels (error_details.proto has one): the same fields on the wire, without presence."""
    return re.sub(r"^(\s*)optional\s+", r"\1", text, flags=re.MULTILINE)
