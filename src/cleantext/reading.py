"""Reading inputs safely: a file's bytes, decompressed as its name says, and checks that they are text.

Special files are never opened, a file that changes while it is read is
left alone, and every problem is an ``InputError`` whose message names it.
What counts as junk is decided by the engine; this module only hands the
text over.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from cleantext import compression
from cleantext.discovery import STDIN
from cleantext.document import Line, split_lines

#: Temporary files of a rewrite are named ``.cleantext-PID-RANDOM.tmp``, so that a
#: later run can tell one left by a killed run (its process is gone) from a live one.
TMP_PREFIX = ".cleantext-"

TMP_SUFFIX = ".tmp"


class InputError(Exception):
    """A file that cannot be cleaned safely; the message names the problem."""


def cannot_read(exc: BaseException) -> InputError:
    """The error for data that cannot be read: an OS error, or corrupt or cut-off compressed data."""
    return InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}; left as it is")


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


def _file_problem(path: str) -> str | None:
    """Why ``path`` is not a regular file to open, or None.

    Special files are never opened: a named pipe without a writer blocks the
    open for ever, and a device such as ``/dev/zero`` never ends. A pipe's
    output is read from standard input (``zcat x.gz | cleantext -``).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file" if not os.path.lexists(path) else "broken symbolic link"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    return "not a regular file"


def open_input(path: str) -> IO[bytes]:
    """Open a file to read, never blocking on or reading from a special file; raises InputError."""
    problem = _file_problem(path)
    if problem is not None:
        raise InputError(problem)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


class TooLarge(Exception):
    """A compressed file holds more than the caller would read whole."""


def read_bytes(path: str, limit: int | None = None) -> tuple[bytes, Stamp | None]:
    """A file's bytes, decompressed as its suffix says, and its stamp (None for standard input).

    Raises InputError naming the problem, and TooLarge when the file holds
    more than ``limit`` bytes: a plain file's size says so before it is read,
    a compressed file's only once ``limit`` bytes of it are.
    """
    if path == STDIN:
        return sys.stdin.buffer.read(), None
    problem = _file_problem(path)
    if problem is not None:
        raise InputError(problem)
    try:
        before = Stamp.of(path)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    suffix = compression.compression_of(path)
    if limit is not None and suffix is None and before.size > limit:
        raise TooLarge
    with open_binary(path) as handle:
        try:
            data = handle.read() if limit is None else handle.read(limit + 1)
        except compression.read_errors() as exc:
            raise cannot_read(exc) from None
        if limit is not None and len(data) > limit:
            raise TooLarge
        if Stamp.of(path) != before or (suffix is None and len(data) != before.size):
            raise InputError("changed while being read; left as it is")
    return data, before


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


@contextlib.contextmanager
def open_binary(path: str) -> Iterator[IO[bytes]]:
    """An input's bytes, decompressed as its suffix says, closed with the file beneath at the end (standard
    input is left open); raises InputError as ``open_input`` does."""
    stream, stored = open_stored(path)
    try:
        yield stream
    finally:
        if stored is not None:  # a decompressing stream leaves the file it reads open
            stream.close()
            stored.close()


def open_stored(path: str) -> tuple[IO[bytes], IO[bytes] | None]:
    """``open_binary``'s stream, and the file as stored beneath it (None for standard input): its
    position is how far into the file the reading is, compressed or not, as a progress bar counts."""
    if path == STDIN:
        return sys.stdin.buffer, None
    handle = open_input(path)
    try:
        return compression.decompressing(handle, compression.compression_of(path)), handle
    except compression.MissingExtra as exc:
        handle.close()
        raise InputError(str(exc)) from None


class SeekableInput:
    """An input to read with seeks (WARC, Parquet): the file itself, or standard input copied to a
    temporary file, which ``close`` removes."""

    def __init__(self, path: str) -> None:
        self._spool: str | None = None
        self.path = path
        if path != STDIN:
            # Checked here, as ``open_input`` does, because a library opens the file itself.
            problem = _file_problem(path)
            if problem is not None:
                raise InputError(problem)
            return
        fd, self._spool = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-stdin-", suffix=TMP_SUFFIX)
        self.path = self._spool
        try:
            with os.fdopen(fd, "wb") as spool:
                while block := sys.stdin.buffer.read(1 << 20):
                    spool.write(block)
        except OSError as exc:
            self.close()
            raise InputError(f"cannot keep standard input in a temporary file: {exc.strerror or exc}") from None

    def close(self) -> None:
        if self._spool is not None:
            os.unlink(self._spool)
            self._spool = None


#: Bytes read at a time.
BLOCK_BYTES = 1 << 20


#: A line longer than this (in bytes) leaves its file as it is, with a message: no article has such a
#: line, and one would be held whole (a compressed bomb inflates to one line as long as memory).
MAX_LINE_BYTES = 128 << 20


def read_lines(handle: IO[bytes]) -> Iterator[list[Line]]:
    """The file's lines in blocks, as the cleaner splits them; raises InputError as ``decode_text`` does,
    for data that cannot be read (a corrupt compressed file), and for a line over ``MAX_LINE_BYTES``."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    carry: list[str] = []  # the start of a line whose end is not read yet
    carried = 0  # its bytes
    offset = 0  # bytes decoded so far, for the error message
    while True:
        try:
            data = handle.read(BLOCK_BYTES)
        except compression.read_errors() as exc:  # corrupt or cut-off compressed data
            raise cannot_read(exc) from None
        check_text_bytes(data, at_start=not offset)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise not_utf8(offset + exc.start) from None
        offset += len(data)
        if not data:
            if carry or text:
                yield split_lines("".join(carry) + text)
            return
        cut = text.rfind("\n") + 1
        if not cut:  # a long line goes on: join its pieces once, when it ends
            carry.append(text)
            carried += len(data)
            if carried > MAX_LINE_BYTES:
                raise InputError(
                    f"a line longer than {MAX_LINE_BYTES:,} bytes, the most a text line may have; left as it is"
                )
            continue
        yield split_lines("".join(carry) + text[:cut])
        carry = [text[cut:]]
        carried = len(carry[0])
