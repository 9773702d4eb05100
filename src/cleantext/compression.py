"""Compressed inputs, known by their last suffix: gzip, bzip2 and xz from the standard library, zstd from an extra.

A compressed file is read through a decompressing stream and rewritten with
the same compression: gzip without a time stamp, so that the same input
always gives the same bytes. ``zstandard`` is imported only when a ``.zst``
file is met.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from typing import IO, Any

#: Suffix -> the name the messages use.
SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
ZSTD_EXTRA = "cleantext-boilerplate[zstd]"
#: Compressed bytes handed to the zstd decompressor at a time. Its output has no bound of its own,
#: and a zstd block can inflate about 32,768 times (a 128 KiB run in 4 bytes): a kibibyte in gives
#: at most 32 MiB out, so one read of a bomb stays bounded, at no cost on ordinary files.
ZSTD_FEED_BYTES = 1 << 10


class MissingExtra(Exception):
    """An optional library the file needs is not installed; the message says which extra to install."""


def compression_of(path: str) -> str | None:
    """The compression suffix of ``path`` (``.gz``), or None."""
    lower = path.lower()
    return next((suffix for suffix in SUFFIXES if lower.endswith(suffix)), None)


def without_compression(path: str) -> str:
    """``path`` without its compression suffix: what it holds (``a.txt`` for ``a.txt.gz``)."""
    suffix = compression_of(path)
    return path[: -len(suffix)] if suffix else path


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise MissingExtra(f"a zstd file needs the zstandard package: pip install '{ZSTD_EXTRA}'") from None
    return zstandard


def decompressing(handle: IO[bytes], suffix: str | None) -> IO[bytes]:
    """A stream of the decompressed bytes of ``handle`` (``handle`` itself without compression)."""
    if suffix == ".gz":
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    if suffix == ".bz2":
        return bz2.BZ2File(handle, mode="rb")
    if suffix == ".xz":
        return lzma.LZMAFile(handle, mode="rb")
    if suffix == ".zst":
        return io.BufferedReader(_ZstdReader(handle))
    return handle


class _ZstdReader(io.RawIOBase):
    """zstd frames, one after another, decompressed; a file cut off inside a frame is an error.

    zstandard's own stream reader ends quietly at a cut-off frame, which
    would pass a truncated file as a short one; so frames are inflated here,
    ``ZSTD_FEED_BYTES`` of input at a time.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._zstd = _zstandard()
        self._handle = handle
        self._frame = self._zstd.ZstdDecompressor().decompressobj()
        self._pending = b""  # decompressed bytes not yet handed out, from self._offset on
        self._offset = 0
        self._started = False  # a frame has begun and not yet ended

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._offset == len(self._pending):
            data = self._handle.read(ZSTD_FEED_BYTES)
            if not data:
                if self._started:
                    raise self._zstd.ZstdError("the file ends inside a zstd frame (truncated)")
                return 0
            parts = []
            while data:
                self._started = True
                parts.append(self._frame.decompress(data))
                if not self._frame.eof:
                    break
                data = self._frame.unused_data  # the next frame, if any
                self._frame = self._zstd.ZstdDecompressor().decompressobj()
                self._started = False
            self._pending, self._offset = b"".join(parts), 0
        size = min(len(buffer), len(self._pending) - self._offset)
        buffer[:size] = memoryview(self._pending)[self._offset : self._offset + size]
        self._offset += size
        return size

    def close(self) -> None:
        self._handle.close()
        super().close()


def compressing(handle: IO[bytes], suffix: str | None) -> IO[bytes]:
    """A stream that writes ``handle`` compressed as ``suffix`` says; closing it finishes the compressed data."""
    if suffix == ".gz":
        return gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)  # type: ignore[return-value]
    if suffix == ".bz2":
        return bz2.BZ2File(handle, mode="wb")
    if suffix == ".xz":
        return lzma.LZMAFile(handle, mode="wb")
    if suffix == ".zst":
        return _zstandard().ZstdCompressor().stream_writer(handle, closefd=False)  # type: ignore[no-any-return]
    return handle


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading corrupt or cut-off compressed data raises."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)
