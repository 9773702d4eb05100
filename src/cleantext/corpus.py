"""Inputs as users name them: text files, folders of them, JSONL shards; and safe rewriting.

Everything here is about bytes on disk. What counts as junk is decided by
``engine``; this module only finds the documents, hands their text over, and
writes results back without ever leaving a file half-written.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

STDIN = "-"
#: Files a folder contributes unless ``include`` says otherwise.
DEFAULT_INCLUDE = ("*.txt", "*.jsonl", "*.jsonl.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: Folders never entered: version control and tool caches (hidden folders are skipped too).
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "CVS"})


class InputError(Exception):
    """A file that cannot be cleaned safely; the message names the problem."""


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def _matches(name: str, relative: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) for p in patterns)


def discover(paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Iterator[str]:
    """The files to clean, in a stable order.

    A file named explicitly is always taken (unless excluded). A folder is
    walked recursively in sorted order; hidden and tool folders are skipped,
    and its files are taken when they match ``include`` (by default text and
    JSONL files) and not ``exclude``. Globs match the file name or the path
    relative to the folder named.
    """
    include = tuple(include) or DEFAULT_INCLUDE
    exclude = tuple(exclude)
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            if path == STDIN or not _matches(os.path.basename(path), path, exclude):
                yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, path)
                if name.startswith(".") or not _matches(name, relative, include) or _matches(name, relative, exclude):
                    continue
                yield full


def read_bytes(path: str) -> bytes:
    """A file's bytes; raises InputError naming the problem."""
    try:
        if path == STDIN:
            import sys

            return sys.stdin.buffer.read()
        if not os.path.isfile(path):
            if os.path.isdir(path):
                raise InputError("is a directory")
            if not os.path.exists(path):
                raise InputError("no such file")
            raise InputError("not a regular file")
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def decode_text(data: bytes) -> str:
    """The text of a file that is safe to clean: UTF-8 without NUL bytes."""
    if b"\0" in data:
        raise InputError("binary file (contains NUL bytes); left as it is")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start}); left as it is") from None


def write_atomically(path: str, data: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` by ``data`` so that readers see the old or the new file, never a mix.

    The new content goes to a temporary file in the same folder, is flushed to
    disk, gets the old file's permissions, and is renamed over the original.
    """
    mode = os.stat(path).st_mode
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cleantext-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---- JSONL ------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One line of a JSONL shard: its raw bytes and, when it holds one, the text to clean."""

    number: int  # 1-based line number in the shard
    raw: bytes  # the line as read, with its line ending
    text: str | None  # the field's value; None when the line is passed through untouched
    problem: str | None = None  # why it is passed through, for the report


def open_binary(path: str) -> IO[bytes]:
    if path == STDIN:
        import sys

        return sys.stdin.buffer
    handle = open(path, "rb")
    if path.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def read_records(lines: Iterable[bytes], field: str) -> Iterator[Record]:
    """Parse JSONL lines; a line that is not a JSON object with a string ``field`` passes through."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            yield Record(number, raw, None)
            continue
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Record(number, raw, None, f"not valid JSON ({exc.__class__.__name__}: {exc})")
            continue
        if not isinstance(obj, dict) or field not in obj:
            yield Record(number, raw, None, f"no field {field!r}")
        elif not isinstance(obj[field], str):
            yield Record(number, raw, None, f"field {field!r} is not a string")
        else:
            yield Record(number, raw, obj[field])


def replace_field(raw: bytes, field: str, text: str) -> bytes:
    """The line with only ``field`` replaced; other fields keep their values and order."""
    obj = json.loads(raw)
    obj[field] = text
    ending = b"\r\n" if raw.endswith(b"\r\n") else b"\n" if raw.endswith(b"\n") else b""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + ending


def gzip_bytes(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Compress a stream of chunks; mtime 0 so that the same content gives the same file."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as archive:
        for chunk in chunks:
            archive.write(chunk)
            if buffer.tell() > 1 << 20:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
