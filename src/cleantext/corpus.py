"""Inputs as users name them: text files, folders of them, JSONL shards; and safe rewriting.

Everything here is about bytes on disk. What counts as junk is decided by
``engine``; this module only finds the documents, hands their text over, and
writes results back without ever leaving a file half-written.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import gzip
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

STDIN = "-"
#: Files a folder contributes unless ``include`` says otherwise.
DEFAULT_INCLUDE = ("*.txt", "*.jsonl", "*.jsonl.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm")
#: Folders never entered: version control and tool caches (hidden folders are skipped too).
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "CVS"})


class InputError(Exception):
    """A file that cannot be cleaned safely; the message names the problem."""


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def is_html(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


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


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when it was read: a rewrite goes ahead only if it still does."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str) -> Stamp:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


def read_bytes(path: str) -> tuple[bytes, Stamp | None]:
    """A file's bytes and its stamp (None for standard input); raises InputError naming the problem."""
    if path == STDIN:
        return sys.stdin.buffer.read(), None
    try:
        if not os.path.isfile(path):
            if os.path.isdir(path):
                raise InputError("is a directory")
            if not os.path.lexists(path):
                raise InputError("no such file")
            if not os.path.exists(path):
                raise InputError("broken symbolic link")
            raise InputError("not a regular file")
        before = Stamp.of(path)
        with open(path, "rb") as handle:
            data = handle.read()
        if Stamp.of(path) != before or len(data) != before.size:
            raise InputError("changed while being read; left as it is")
        return data, before
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_text_bytes(data: bytes, at_start: bool) -> None:
    """Raise InputError if these bytes (the file's first ones, ``at_start``) cannot be text to clean."""
    if at_start and data.startswith(_UTF16_BOMS):
        raise InputError("UTF-16 text (byte-order mark); convert it to UTF-8; left as it is")
    if b"\0" in data:
        raise InputError("binary file (contains NUL bytes); left as it is")


def not_utf8(position: int) -> InputError:
    return InputError(f"not valid UTF-8 (byte {position}); left as it is")


def decode_text(data: bytes) -> str:
    """The text of a file that is safe to clean: UTF-8 without NUL bytes."""
    check_text_bytes(data, at_start=True)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(exc.start) from None


def writable_target(path: str) -> str:
    """The real file a rewrite of ``path`` must replace; raises InputError if it must not be rewritten.

    A symbolic link stays a link: its target is rewritten. A file without
    write permission is left alone, whoever runs the command.
    """
    target = os.path.realpath(path)
    if not os.stat(target).st_mode & 0o222:
        raise InputError("read-only file; left as it is")
    return target


class Rewrite:
    """A new version of a file, written beside it and renamed over it on ``commit``.

    Readers see the old or the new file, never a mix: the new content is
    flushed to disk and given the old file's permissions before the rename.
    The rename goes ahead only if the file is still as it was when read.
    """

    def __init__(self, path: str, stamp: Stamp | None, compress: bool = False) -> None:
        self.target = writable_target(path)
        self.stamp = stamp
        fd, self.tmp = tempfile.mkstemp(dir=os.path.dirname(self.target), prefix=".cleantext-", suffix=".tmp")
        self.raw = os.fdopen(fd, "wb")
        self.out: IO[bytes] = gzip.GzipFile(fileobj=self.raw, mode="wb", mtime=0) if compress else self.raw  # type: ignore[assignment]

    def commit(self) -> None:
        try:
            if self.out is not self.raw:
                self.out.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            if self.stamp is not None and Stamp.of(self.target) != self.stamp:
                raise InputError("changed since it was read; left as it is")
            os.chmod(self.tmp, os.stat(self.target).st_mode)
            os.replace(self.tmp, self.target)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self.raw.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def write_atomically(path: str, data: bytes, stamp: Stamp | None = None) -> None:
    """Replace ``path`` by ``data`` through a ``Rewrite``."""
    rewrite = Rewrite(path, stamp)
    try:
        rewrite.out.write(data)
    except BaseException:
        rewrite.discard()
        raise
    rewrite.commit()


# ---- JSONL ------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One line of a JSONL shard: its raw bytes and, when it holds one, the text to clean."""

    number: int  # 1-based line number in the shard
    raw: bytes  # the line as read, with its line ending
    text: str | None  # the field's value; None when the line is passed through untouched
    problem: str | None = None  # why it is passed through, for the report
    # The parsed line, kept so that replacing the field does not parse it again.
    parsed: dict[str, Any] | None = dataclasses.field(default=None, compare=False, repr=False)


def open_binary(path: str) -> IO[bytes]:
    if path == STDIN:
        return sys.stdin.buffer
    handle = open(path, "rb")
    if path.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def read_records(lines: Iterable[bytes], field: str, first_number: int = 1) -> Iterator[Record]:
    """Parse JSONL lines; a line that is not a JSON object with a string ``field`` passes through."""
    for number, raw in enumerate(lines, start=first_number):
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
            yield Record(number, raw, obj[field], parsed=obj)


def replace_field(raw: bytes, field: str, text: str, parsed: dict[str, Any] | None = None) -> bytes:
    """The line with only ``field`` replaced; other fields keep their values and order.

    ``parsed`` is the line already parsed (``Record.parsed``), if at hand.
    """
    obj = json.loads(raw) if parsed is None else dict(parsed)
    obj[field] = text
    ending = b"\r\n" if raw.endswith(b"\r\n") else b"\n" if raw.endswith(b"\n") else b""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + ending
