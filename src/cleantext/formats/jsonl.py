"""JSONL shards (``.jsonl``, ``.ndjson``, Dolma's ``.json.gz``): one JSON object per line, its text in one field.

Only the bytes of the field's value change: every other byte of a record,
and every line without the field, is written as it was read. Lines are
read in the main process and parsed in the workers, chunk by chunk. A line
over ``MAX_RECORD_BYTES`` is never held: the main process copies it to a
temporary file as it reads it, and from there to the output.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from cleantext import compression
from cleantext.formats import ByteShard, Document, batched
from cleantext.reading import cannot_read, open_stored

T = TypeVar("T")


@dataclass(frozen=True)
class Record(Document):
    """One line of a JSONL shard: its raw bytes and, when it holds one, the text to clean."""

    raw: bytes = b""  # the line as read, with its line ending


def _parse_line(raw: bytes) -> Any:
    # Integers are kept as their digits: the record is never re-encoded, and
    # Python refuses to make an int of more than 4,300 digits.
    return json.loads(raw.decode("utf-8"), parse_int=str)


#: A JSONL record larger than this is passed through unchanged, with a message: parsed and cleaned,
#: a record takes about twenty times its size, and no text document is this long.
MAX_RECORD_BYTES = 64 << 20
#: Bytes of a line over the limit read (and copied) at a time.
_COPY_BLOCK = 1 << 20


def _too_large(size: int) -> str:
    return f"a record of {size:,} bytes, over the {MAX_RECORD_BYTES:,} a record may have"


def read_records(lines: Iterable[bytes], field: str, first_number: int = 1) -> Iterator[Record]:
    """Parse JSONL lines; a line that is not a JSON object with a string ``field`` passes through."""
    for number, raw in enumerate(lines, start=first_number):
        if not raw.strip():
            yield Record(number, None, raw=raw)
            continue
        if len(raw) > MAX_RECORD_BYTES:
            yield Record(number, None, _too_large(len(raw)), raw=raw)
            continue
        try:
            obj = _parse_line(raw)
        except UnicodeDecodeError as exc:
            yield Record(number, None, f"not valid UTF-8 (byte {exc.start} of the line)", raw=raw)
            continue
        except json.JSONDecodeError as exc:
            yield Record(number, None, f"not valid JSON ({exc})", raw=raw)
            continue
        except RecursionError:
            yield Record(number, None, "not readable: JSON nested too deeply", raw=raw)
            continue
        if not isinstance(obj, dict) or field not in obj:
            yield Record(number, None, f"no field {field!r}", raw=raw)
        elif not isinstance(obj[field], str):
            yield Record(number, None, f"field {field!r} is not a string", raw=raw)
        else:
            yield Record(number, obj[field], raw=raw)


_DECODER = json.JSONDecoder(parse_int=str)
_SPACE = re.compile(r"[ \t\n\r]*")


def _value_span(line: str, field: str) -> tuple[int, int]:
    """Where the value of ``field`` stands in a JSON object's text (its last occurrence, as a parser reads it)."""
    i = _SPACE.match(line).end() + 1  # type: ignore[union-attr]  # past "{"
    span = None
    while True:
        i = _SPACE.match(line, i).end()  # type: ignore[union-attr]
        if line[i] == "}":
            break
        key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
        i = _SPACE.match(line, i).end() + 1  # type: ignore[union-attr]  # past ":"
        start = _SPACE.match(line, i).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(line, start)
        if key == field:
            span = (start, end)
        i = _SPACE.match(line, end).end()  # type: ignore[union-attr]
        if line[i] != ",":
            break
        i += 1
    if span is None:
        raise ValueError(f"no field {field!r}")
    return span


def replace_field(raw: bytes, field: str, text: str) -> bytes:
    """The line with only the bytes of ``field``'s value replaced; everything else stays as written.

    The new value is escaped as the line was: with ``\\u`` escapes if the line
    is pure ASCII, else as UTF-8 (and escaped after all where the text holds a
    lone surrogate, which UTF-8 cannot carry).
    """
    line = raw.decode("utf-8")
    start, end = _value_span(line, field)
    value = json.dumps(text, ensure_ascii=raw.isascii())
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError:
        encoded = json.dumps(text).encode("ascii")
    return line[:start].encode("utf-8") + encoded + line[end:].encode("utf-8")


@dataclass(frozen=True)
class LongLine:
    """A line over ``MAX_RECORD_BYTES``, which the main process holds in a temporary file: it passes through."""

    number: int
    size: int


@dataclass(frozen=True)
class Lines:
    """Consecutive lines of a shard, the first of them numbered ``first``; or one long line alone."""

    first: int
    lines: list[bytes]
    field: str
    stored_bytes: int
    size: int
    long: LongLine | None = None


def _reading(lines: Iterable[T]) -> Iterator[T]:
    """``lines``, with a failure to read them (corrupt or cut-off compressed data) raised as InputError."""
    try:
        yield from lines
    except compression.read_errors() as exc:
        raise cannot_read(exc) from None


class JsonlShard(ByteShard):
    """A JSONL file (or standard input), decompressed as its name says, read line by line."""

    def __init__(self, path: str, field: str) -> None:
        self.field = field
        self._handle, self._stored = open_stored(path)
        self._long: dict[int, IO[bytes]] = {}  # a long line's number -> the temporary file holding it

    def _lines(self) -> Iterator[bytes | LongLine]:
        """Each line, read a bounded piece at a time; one over the limit copied to a temporary file."""
        number = 0
        while line := self._handle.readline(MAX_RECORD_BYTES + 1):
            number += 1
            if len(line) <= MAX_RECORD_BYTES:
                yield line
                continue
            held = self._long[number] = tempfile.TemporaryFile()
            size = 0
            while line:
                size += held.write(line)
                if line.endswith(b"\n"):
                    break
                line = self._handle.readline(_COPY_BLOCK)
            yield LongLine(number, size)

    def chunks(self) -> Iterator[Lines]:
        # Progress counts the bytes of the file as stored (compressed or not), as its total does.
        raw = self._stored
        first, position = 1, 0

        def chunk(lines: list[bytes], size: int, long: LongLine | None = None) -> Lines:
            nonlocal first, position
            now = raw.tell() if raw is not None and raw.seekable() else position + size
            made = Lines(first, lines, self.field, now - position, size, long)
            first, position = first + (len(lines) if long is None else 1), now
            return made

        for batch in batched(_reading(self._lines()), _weight):
            long = batch[-1] if isinstance(batch[-1], LongLine) else None  # a long line ends its batch
            lines = [line for line in batch if isinstance(line, bytes)]
            if lines:
                yield chunk(lines, sum(map(len, lines)))
            if long is not None:
                yield chunk([], long.size, long)

    def _copied(self, long: LongLine) -> Iterator[bytes]:
        held = self._long[long.number]
        held.seek(0)
        while block := held.read(_COPY_BLOCK):
            yield block

    def write(self, piece: bytes | LongLine) -> None:
        for block in self.printable(piece):
            self._emit(block)

    def printable(self, piece: bytes | LongLine) -> Iterable[bytes]:
        return self._copied(piece) if isinstance(piece, LongLine) else [piece]

    def close(self) -> None:
        self._handle.close()
        if self._stored is not None:  # a decompressing stream leaves the file beneath it open
            self._stored.close()
        for held in self._long.values():
            held.close()


def _weight(line: bytes | LongLine) -> int:
    """A line's weight in a chunk: a long line ends the chunk, so that it goes alone in the next."""
    return len(line) if isinstance(line, bytes) else 1 << 62


def open_shard(path: str, field: str) -> JsonlShard:
    return JsonlShard(path, field)


def documents(chunk: Lines) -> list[Record]:
    if chunk.long is not None:
        return [Record(chunk.first, None, _too_large(chunk.long.size))]
    return list(read_records(chunk.lines, chunk.field, chunk.first))


def rebuild(chunk: Lines, records: list[Record], cleaned: list[str | None]) -> bytes | LongLine:
    """The chunk's lines, each cleaned record with only its field's value replaced."""
    if chunk.long is not None:
        return chunk.long
    return b"".join(
        record.raw if text is None else replace_field(record.raw, chunk.field, text)
        for record, text in zip(records, cleaned, strict=True)
    )


def passed_through(chunk: Lines) -> bytes | LongLine:
    """The chunk's lines as they came (a chunk whose cleaning failed)."""
    return chunk.long or b"".join(chunk.lines)
