"""WARC and WET files (``.warc``, ``.warc.gz``, ``.warc.wet.gz``): every plain-text record is a document.

A document is each ``conversion`` record (the text Common Crawl's WET files
hold), each ``resource`` record of plain text, and each ``response`` record
whose HTTP payload is plain text with no content or transfer encoding.
Every other record, and every record with nothing removed, is written back
byte for byte, gzip member and all.

A cleaned record keeps its header block as it was, line for line, but for
``Content-Length`` and the ``WARC-Block-Digest`` and ``WARC-Payload-Digest``,
which are recomputed with the algorithm and encoding (base32 or hex) they
had; a digest of an algorithm Python's hashlib lacks is dropped rather than
left wrong. A response's HTTP ``Content-Length`` is set to the new payload's
length. A gzip file is written a gzip member per record, as it is read (and
as WARC files are written, so that a record can be read from its offset).

warcio, the reference reader, frames the records (the ``warc`` extra; it is
imported when a WARC file is met): the main process walks the file with it
and hands each record's stored bytes to a worker, which decompresses,
cleans and compresses again.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import hashlib
import io
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleantext import compression
from cleantext.formats import ByteShard, Document, batched
from cleantext.reading import InputError, SeekableInput, cannot_read, open_input

WARC_EXTRA = "cleantext-boilerplate[warc]"
#: A record stored in more bytes than this that is not a document (a video, an archive) is copied
#: by the main process block by block, never held whole: a WARC's records can be of any size.
IN_MEMORY_MAX_BYTES = 4 << 20
#: A document record stored in more bytes than this is passed through unchanged, with a message, as a
#: JSONL record is: cleaning holds it, its text and the new record, and no text document is this long.
DOCUMENT_MAX_BYTES = 64 << 20
_COPY_BLOCK = 1 << 20
#: gzip level of a rewritten record: zlib's default, the speed and size balance WARC writers use.
GZIP_LEVEL = 6

_END_OF_HEADERS = b"\r\n\r\n"
_DIGEST_HEADERS = {b"warc-block-digest": "block", b"warc-payload-digest": "payload"}
_TEXT_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


def _warcio() -> tuple[Any, Any]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise InputError(f"a WARC file needs warcio: pip install '{WARC_EXTRA}'") from None
    # Its log warnings (a target URI with spaces) go where the application's logging sends them,
    # and not, for want of a handler, to the command's standard error.
    logging.getLogger("warcio").addHandler(_NULL_HANDLER)
    return ArchiveIterator, ArchiveLoadFailed


_NULL_HANDLER = logging.NullHandler()  # one, however many files are opened: addHandler keeps no duplicate


@dataclass(frozen=True)
class StoredRecord:
    """One record as stored in the file: its number (1-based), bytes, and whether it is a document."""

    number: int
    stored: bytes  # from the record's first byte to the next record's (its gzip member, when compressed)
    document: bool
    http: bool  # a response record: the text is the payload after the HTTP headers
    uri: str | None
    #: Where a record too large to hold stands in the file (``stored`` is then empty): it is copied.
    span: tuple[int, int] | None = None

    @property
    def stored_size(self) -> int:
        return self.span[1] - self.span[0] if self.span else len(self.stored)


@dataclass(frozen=True)
class Records:
    records: list[StoredRecord]
    gzipped: bool
    stored_bytes: int
    size: int


def _plain_text(content_type: str | None) -> bool:
    """Whether a Content-Type says UTF-8 (or ASCII) plain text; no charset counts as UTF-8."""
    if not content_type:
        return False
    kind, *params = (part.strip().lower() for part in content_type.split(";"))
    charsets = [p.partition("=")[2].strip("\"'") for p in params if p.startswith("charset=")]
    return kind == "text/plain" and all(c in _TEXT_CHARSETS for c in charsets)


def _is_document(record: Any) -> tuple[bool, bool]:
    """Whether a record (as warcio parsed it) holds text to clean, and whether that text follows HTTP headers."""
    kind = record.rec_type
    content_type = record.rec_headers.get_header("Content-Type")
    if kind == "conversion":
        return content_type is None or _plain_text(content_type), False
    if kind == "resource":
        return _plain_text(content_type), False
    if kind == "response" and record.http_headers is not None:
        http = record.http_headers
        encoded = any(
            (http.get_header(name) or "identity").strip().lower() != "identity"
            for name in ("Content-Encoding", "Transfer-Encoding")
        )
        return _plain_text(http.get_header("Content-Type")) and not encoded, True
    return False, False


class WarcShard(ByteShard):
    """A WARC file walked record by record with warcio; a second handle reads each record's stored bytes."""

    compresses_itself = True

    def __init__(self, path: str, field: str) -> None:  # field: unused, WARC documents have no field
        self._iterator_class, self._load_failed = _warcio()
        self._input = SeekableInput(path)  # read twice, with seeks
        try:
            self._walk = open_input(self._input.path)
            self._read = open_input(self._input.path)
        except BaseException:
            self._input.close()
            raise
        # As warcio does, the bytes say whether the file is gzip, whatever its name.
        self.gzipped = self._read.read(2) == b"\x1f\x8b"
        self._size = os.fstat(self._read.fileno()).st_size

    def _framed(self) -> Iterator[tuple[int, bool, bool, str | None]]:
        """Each record's stored offset, whether it is a document (and of HTTP), and its WARC-Target-URI."""
        iterator = self._iterator_class(self._walk, check_digests=False)
        records = iter(iterator)
        try:
            while True:
                # warcio writes its own warnings, raw record bytes and all, to standard error; the
                # framing checks here say what is wrong, once and in words, and -q keeps them quiet.
                # (It never yields inside, so that nothing else written meanwhile is lost.)
                with contextlib.redirect_stderr(io.StringIO()):
                    record = next(records, None)
                    if record is None:
                        return
                    offset = iterator.get_record_offset()  # reads the record to its end
                document, http = _is_document(record)
                yield offset, document, http, record.rec_headers.get_header("WARC-Target-URI")
        except self._load_failed as exc:
            if "non-chunked gzip" in str(exc):
                raise InputError(
                    "one gzip stream of many records; a gzip WARC needs a gzip member per record "
                    "(`warcio recompress` makes one); left as it is"
                ) from None
            raise InputError(f"not a readable WARC file ({' '.join(str(exc).split())}); left as it is") from None
        except compression.read_errors() as exc:
            raise cannot_read(exc) from None
        except ValueError as exc:  # a header warcio cannot parse (a Content-Length that is not a number)
            raise InputError(f"not a readable WARC file ({exc}); left as it is") from None

    def _records(self) -> Iterator[StoredRecord]:
        """Each record with its stored bytes: from its offset to the next record's, the last to the end."""
        previous: tuple[int, int, bool, bool, str | None] | None = None
        number = 0
        for offset, document, http, uri in self._framed():
            number += 1
            if previous is not None:
                yield self._stored(previous, offset)
            previous = (number, offset, document, http, uri)
        if previous is not None:
            yield self._stored(previous, self._size)

    def _stored(self, record: tuple[int, int, bool, bool, str | None], end: int) -> StoredRecord:
        number, offset, document, http, uri = record
        if end - offset > (DOCUMENT_MAX_BYTES if document else IN_MEMORY_MAX_BYTES):
            return StoredRecord(number, b"", document, http, uri, span=(offset, end))
        try:
            self._read.seek(offset)
            stored = self._read.read(end - offset)
        except OSError as exc:
            raise cannot_read(exc) from None
        if len(stored) != end - offset:
            raise InputError("changed while being read; left as it is")
        return StoredRecord(number, stored, document, http, uri)

    def chunks(self) -> Iterator[Records]:
        for batch in batched(self._records(), lambda record: len(record.stored)):
            size = sum(record.stored_size for record in batch)
            yield Records(batch, self.gzipped, size, size)

    def write(self, piece: list[bytes | tuple[int, int]]) -> None:
        for part in piece:
            if isinstance(part, bytes):
                self._emit(part)
            else:
                for stored, _ in self._copy(*part):
                    self._emit(stored)

    def printable(self, piece: list[bytes | tuple[int, int]]) -> Iterator[bytes]:
        """The records as an uncompressed WARC, a large one block by block."""
        for part in piece:
            if isinstance(part, bytes):
                yield gzip.decompress(part) if self.gzipped else part
            else:
                for _, plain in self._copy(*part):
                    yield plain

    def _copy(self, start: int, end: int) -> Iterator[tuple[bytes, bytes]]:
        """A large record block by block, as stored and as plain bytes, its framing checked as it goes.

        A gzip member is inflated a bounded piece at a time. A record cut
        short (by its Content-Length, or inside its gzip member) is an error.
        """
        member = zlib.decompressobj(wbits=31) if self.gzipped else None
        head, last, total = b"", b"", 0
        try:
            self._read.seek(start)
            while start < end:
                stored = self._read.read(min(_COPY_BLOCK, end - start))
                if not stored:
                    raise InputError("changed while being read; left as it is")
                start += len(stored)
                pieces = [stored] if member is None else list(_inflate(member, stored))
                for plain in pieces:
                    head += plain[: _HEADER_MAX_BYTES - len(head)] if len(head) < _HEADER_MAX_BYTES else b""
                    last = (last + plain)[-_TAIL_BYTES:]
                    total += len(plain)
                yield stored, b"".join(pieces)
        except zlib.error as exc:
            raise cannot_read(exc) from None
        except OSError as exc:
            raise cannot_read(exc) from None
        if member is not None and (not member.eof or member.unused_data):
            raise InputError("a large record ends inside its gzip member (truncated); left as it is")
        _check_framing("a large record", head, last, total)

    def close(self) -> None:
        self._walk.close()
        self._read.close()
        self._input.close()


def open_shard(path: str, field: str) -> WarcShard:
    return WarcShard(path, field)


# ---- the workers' side -------------------------------------------------------------


@dataclass(frozen=True)
class WarcDocument(Document):
    """A document record taken apart: header block, HTTP head (a response's), text, and what follows the block."""

    header: bytes = b""  # up to, not including, the blank line that ends the WARC headers
    http_head: bytes | None = None  # a response's HTTP headers, up to the blank line
    tail: bytes = b""  # after the block: the two line breaks that end a record


#: How much of a record that is not a document is kept to check its framing: its header block.
_HEADER_MAX_BYTES = 1 << 20
_TAIL_BYTES = 64


def _inflate(member: Any, data: bytes) -> Iterator[bytes]:
    """What ``data`` inflates to, a bounded piece at a time: a small gzip member can hold a great deal."""
    while not member.eof:
        block = member.decompress(data, _COPY_BLOCK)
        data = member.unconsumed_tail
        if not block and not data:  # all of it inflated: the member goes on in what comes next
            return
        yield block


def _unpacked(record: StoredRecord, gzipped: bool, keep: int) -> tuple[bytes, bytes, int]:
    """The record's first ``keep`` bytes (decompressed), its last few, and how many it has in all.

    What is past ``keep`` is counted, not kept.
    """
    if not gzipped:
        data = record.stored
        return data[:keep], data[-_TAIL_BYTES:], len(data)
    member = zlib.decompressobj(wbits=31)
    head, last, total = b"", b"", 0
    try:
        for block in _inflate(member, record.stored):
            if len(head) < keep:
                head += block[: keep - len(head)]
            last = (last + block)[-_TAIL_BYTES:]
            total += len(block)
    except zlib.error as exc:
        raise InputError(f"record {record.number}: cannot read: {exc}; left as it is") from None
    if not member.eof or member.unused_data:
        # the file ends inside this member, or after it (and so inside a record warcio did not find)
        raise InputError(f"record {record.number}: the file ends inside a gzip member (truncated); left as it is")
    return head, last, total


def _take_apart(record: StoredRecord, gzipped: bool) -> Document:
    """Check a record's framing and, for a document, split it; a record cut short is an error of the file.

    Every record is checked, document or not: warcio reads a file cut off
    inside a record as if it ended there.
    """
    head, last, total = _unpacked(record, gzipped, DOCUMENT_MAX_BYTES + 1 if record.document else _HEADER_MAX_BYTES)
    end, length = _check_framing(f"record {record.number}", head, last, total)
    if not record.document:
        return Document(record.number, None, uri=record.uri)
    if total > DOCUMENT_MAX_BYTES:
        return Document(record.number, None, _too_large(total), record.uri)
    header, rest = head[:end], head[end + len(_END_OF_HEADERS) :]
    block, tail = rest[:length], rest[length:]
    http_head = None
    if record.http:
        split = block.find(_END_OF_HEADERS)
        if split < 0:
            return Document(record.number, None, uri=record.uri)  # no payload: nothing to clean
        http_head, block = block[:split], block[split + len(_END_OF_HEADERS) :]
    problem = None
    text: str | None = None
    if b"\0" in block:
        problem = "binary content (NUL bytes)"
    else:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"not valid UTF-8 (byte {exc.start} of its text)"
    return WarcDocument(record.number, text, problem, record.uri, header, http_head, tail)


def _check_framing(name: str, head: bytes, last: bytes, total: int) -> tuple[int, int]:
    """Where a record's headers end and its Content-Length, from its first bytes, last bytes and size.

    Raises InputError for what is not a WARC record, or one framed wrong, saying which.
    """
    if not head.startswith(b"WARC/"):
        raise InputError(f"not a readable WARC file ({name} has no WARC/ version line); left as it is")
    end = head.find(_END_OF_HEADERS)
    if end < 0:
        raise InputError(f"{name}: its headers have no end (truncated); left as it is")
    length = _content_length(name, head[:end])
    tail_size = total - (end + len(_END_OF_HEADERS) + length)
    if tail_size < len(_END_OF_HEADERS):
        raise InputError(f"{name}: shorter than its Content-Length (truncated); left as it is")
    if tail_size > _TAIL_BYTES or last[-tail_size:].strip(b"\r\n"):
        raise InputError(f"{name}: longer than its Content-Length says; left as it is")
    return end, length


def _content_length(name: str, header: bytes) -> int:
    for line in header.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                raise InputError(f"{name}: its Content-Length is not a number; left as it is") from None
    raise InputError(f"{name}: no Content-Length header; left as it is")


def documents(chunk: Records) -> list[Document]:
    return [
        _take_apart(record, chunk.gzipped)
        if record.span is None
        else Document(record.number, None, _too_large(record.stored_size) if record.document else None, record.uri)
        for record in chunk.records
    ]


def _too_large(size: int) -> str:
    return f"a record of {size:,} bytes, over the {DOCUMENT_MAX_BYTES:,} a document record may have"


def _digest(old: bytes, data: bytes) -> bytes | None:
    """A digest of ``data`` in the form of ``old`` (``sha1:BASE32``), or None if its algorithm is unknown."""
    label, _, value = old.strip().partition(b":")
    try:
        digest = hashlib.new(label.decode("ascii").lower(), data).digest()
    except (ValueError, UnicodeDecodeError):
        return None
    if len(value) == 2 * len(digest) and _is_hex(value):
        encoded = binascii.hexlify(digest)
    else:
        encoded = base64.b32encode(digest)
    return label + b":" + (encoded.lower() if value.islower() else encoded)


def _is_hex(value: bytes) -> bool:
    try:
        binascii.unhexlify(value)
    except (binascii.Error, ValueError):
        return False
    return True


def _with_header(header: bytes, values: dict[bytes, bytes | None]) -> bytes:
    """``header`` with the named fields' values replaced (a None value drops the line); the rest as it was."""
    lines = header.split(b"\r\n")
    kept = lines[:1]
    for line in lines[1:]:
        name, colon, _ = line.partition(b":")
        key = name.strip().lower()
        if colon and key in values:
            value = values[key]
            if value is not None:
                kept.append(name + b": " + value)
            continue
        kept.append(line)
    return b"\r\n".join(kept)


def _rebuilt(document: WarcDocument, text: str) -> bytes:
    payload = text.encode("utf-8")
    http_head = document.http_head
    if http_head is not None:
        # (a response without the header gets none)
        http_head = _with_header(http_head, {b"content-length": str(len(payload)).encode("ascii")})
        block = http_head + _END_OF_HEADERS + payload
    else:
        block = payload
    values: dict[bytes, bytes | None] = {b"content-length": str(len(block)).encode("ascii")}
    for line in document.header.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key in _DIGEST_HEADERS:
            values[key] = _digest(value, block if _DIGEST_HEADERS[key] == "block" else payload)
    return _with_header(document.header, values) + _END_OF_HEADERS + block + document.tail


def rebuild(chunk: Records, documents: list[Document], cleaned: list[str | None]) -> list[bytes | tuple[int, int]]:
    """The chunk's records as stored; a cleaned one rebuilt, in its own gzip member if the file is gzip.

    A record too large to hold stays a span of the file, which the main process copies.
    """
    pieces: list[bytes | tuple[int, int]] = []
    for record, document, text in zip(chunk.records, documents, cleaned, strict=True):
        if text is None:
            pieces.append(record.span or record.stored)
            continue
        assert isinstance(document, WarcDocument)
        data = _rebuilt(document, text)
        pieces.append(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0) if chunk.gzipped else data)
    return pieces


def passed_through(chunk: Records) -> list[bytes | tuple[int, int]]:
    """The chunk's records as stored (a chunk whose cleaning failed)."""
    return [r.span or r.stored for r in chunk.records]
