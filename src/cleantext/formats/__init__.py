"""The input formats: which files are which, what a document is in each, and how each is read and written.

Everything the command knows about a file's format is said here once:
discovery's default globs, how an input is read, and the README's format
table (``cleantext --list-formats --format markdown``). Formats that hold
Each format has a module here, imported when a file of its format is met
(so pyarrow and warcio, which come with extras, load only then). A format
whose file is one document (text, HTML) provides ``document(data) -> str``;
one of many documents (a shard: JSONL, Parquet, WARC) provides what
``Shard`` says.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol, TypeVar

from cleantext import compression


@dataclass(frozen=True)
class Format:
    name: str
    #: Name endings, before any compression suffix.
    suffixes: tuple[str, ...]
    #: Endings that mean this format only when the file is compressed (Dolma's ``.json.gz``).
    compressed_suffixes: tuple[str, ...]
    #: Taken from a folder without ``--include``.
    in_folders: bool
    document: str
    kept: str
    extra: str | None = None
    #: The compression suffixes a file of this format may carry (``.txt.gz``).
    compressions: tuple[str, ...] = tuple(compression.SUFFIXES)
    #: Its module under ``cleantext.formats``: it reads the format, and writes it back.
    module: str = "text"
    #: A file of many documents, read and written chunk by chunk (see ``Shard``).
    is_shard: bool = False
    #: The document is text extracted from the file (HTML): the file is never rewritten, its copy
    #: under ``--output-dir`` is that text (``page.txt``), and line numbers are the text's.
    extracted: bool = False
    #: What a shard's unit is called in messages ("line 7: not valid JSON").
    unit: str = "line"
    #: Its documents are whole-page text (a crawl's): page mode cleans them unless a text kind is chosen.
    whole_pages: bool = False


TEXT = Format(
    name="text",
    suffixes=(".txt",),
    compressed_suffixes=(),
    in_folders=True,
    document="the whole file",
    kept="every kept line byte for byte, line endings and the final-newline state",
)
JSONL = Format(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    compressed_suffixes=(".json",),
    in_folders=True,
    document="the `--field` (default `text`) of each line's JSON object",
    kept="every byte of each record but the field's value; lines without the field, as they are",
    module="jsonl",
    is_shard=True,
)
HTML = Format(
    name="html",
    suffixes=(".html", ".htm"),
    compressed_suffixes=(),
    in_folders=False,
    document="the text trafilatura extracts from the page",
    kept="the page is never rewritten: the result is text (`--output-dir` writes it as `.txt`)",
    module="html",
    extracted=True,
)
PARQUET = Format(
    name="parquet",
    suffixes=(".parquet",),
    compressed_suffixes=(),
    in_folders=True,
    document="the `--field` (default `text`) column of each row; null cells are left alone",
    kept="every other column, the schema, the row order and the row-group sizes; read row group by row group",
    extra="`parquet` (pyarrow)",
    compressions=(),  # Parquet compresses inside the file
    module="parquet",
    is_shard=True,
    unit="row",
)
WARC = Format(
    name="warc",
    suffixes=(".warc", ".wet"),  # Common Crawl names its WET files .warc.wet.gz
    compressed_suffixes=(),
    in_folders=True,
    document="each `conversion` record (WET) and each plain-text `resource` or `response` record",
    kept="every other record byte for byte; of a cleaned record every header but `Content-Length` and the digests, "
    "which are recomputed; a gzip member per record, as Common Crawl writes them",
    extra="`warc` (warcio)",
    compressions=(".gz",),  # one gzip member per record, written by the format's module
    module="warc",
    is_shard=True,
    unit="record",
    whole_pages=True,
)
FORMATS = (TEXT, JSONL, HTML, PARQUET, WARC)


def format_of(path: str) -> Format:
    """The format a file's name says; any other name is read as text."""
    suffix = compression.compression_of(path)
    inner = compression.without_compression(path).lower()
    for fmt in FORMATS:
        if suffix is not None and suffix not in fmt.compressions:
            continue
        if inner.endswith(fmt.suffixes) or (suffix is not None and inner.endswith(fmt.compressed_suffixes)):
            return fmt
    return TEXT


def default_include() -> tuple[str, ...]:
    """The globs a folder contributes by default: each format's files, compressed or not."""
    globs: list[str] = []
    for fmt in FORMATS:
        if fmt.in_folders:
            globs += [f"*{suffix}" for suffix in fmt.suffixes]
            globs += [f"*{s}{c}" for s in fmt.suffixes + fmt.compressed_suffixes for c in fmt.compressions]
    return tuple(globs)


def default_include_words() -> str:
    """``default_include`` as messages say it."""
    plain = [f"*{suffix}" for fmt in FORMATS if fmt.in_folders for suffix in fmt.suffixes]
    compressed = [f"*{suffix}" for fmt in FORMATS if fmt.in_folders for suffix in fmt.compressed_suffixes]
    return f"{', '.join(plain[:-1])} and {plain[-1]} files, compressed or not, and compressed {', '.join(compressed)}"


def markdown_table() -> str:
    """The README's format table."""
    compressions = ", ".join(f"`{c}`" for c in compression.SUFFIXES)
    rows = [
        "| format | names | in a folder by default | what is a document | what a rewrite keeps | extra |",
        "|---|---|---|---|---|---|",
    ]
    for fmt in FORMATS:
        names = ", ".join(f"`{s}`" for s in fmt.suffixes)
        if fmt.compressed_suffixes:
            names += ", and compressed " + ", ".join(f"`{s}`" for s in fmt.compressed_suffixes)
        if fmt.compressions and fmt.compressions != tuple(compression.SUFFIXES):
            names += ", each also " + ", ".join(f"`…{c}`" for c in fmt.compressions)
        extra = fmt.extra or ("`zstd` for `.zst`" if ".zst" in fmt.compressions and fmt.in_folders else "")
        folder = "yes" if fmt.in_folders else "no (`--include`)"
        rows.append(f"| {fmt.name} | {names} | {folder} | {fmt.document} | {fmt.kept} | {extra} |")
    rows.append("")
    rows.append(
        f"Text and JSONL files may be compressed ({compressions}): they are read through the compression "
        "and rewritten with the same one."
    )
    return "\n".join(rows) + "\n"


# ---- shards: formats of many documents ---------------------------------------------

#: A chunk holds at most this many documents: enough to amortise the hand-over to a worker...
CHUNK_DOCUMENTS = 512
#: ... and ends once it holds about this many bytes, so that memory stays bounded by the bytes in
#: flight however large the documents are, and a stop (a closed pipe) waits for little work in hand.
CHUNK_BYTES = 1_000_000

T = TypeVar("T")


def batched(items: Iterable[T], size: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive items, at most CHUNK_DOCUMENTS or about CHUNK_BYTES (by ``size``) at a time."""
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if len(batch) >= CHUNK_DOCUMENTS or total >= CHUNK_BYTES:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


@dataclass(frozen=True)
class Document:
    """One document of a shard, as a worker sees it."""

    number: int  # 1-based: the line (JSONL), row (Parquet) or record (WARC) in the shard
    text: str | None  # None: passed through untouched
    problem: str | None = None  # why it is passed through, for the report
    uri: str | None = None  # a WARC record's WARC-Target-URI


class Chunk(Protocol):
    """Consecutive documents of a shard, sent to a worker: picklable, and small (about a megabyte)."""

    #: Bytes of the file as stored that this chunk accounts for, for the progress bar.
    stored_bytes: int
    #: Bytes of text it holds.
    size: int


class Shard(Protocol):
    """An open shard in the main process: read in chunks, and written back chunk by chunk, in order.

    A format's module provides ``open(path, field) -> Shard`` (raising
    ``InputError`` naming the problem), and for the workers
    ``documents(chunk, field) -> list[Document]`` and
    ``rebuild(chunk, documents, cleaned) -> piece``, where ``cleaned`` holds
    each document's new text, or None where it is unchanged.
    """

    #: True when the module writes the file's compression itself (a gzip member per WARC record).
    compresses_itself: bool

    def chunks(self) -> Iterator[Chunk]: ...

    def start_writing(self, out: Writable) -> None:
        """Get ready to write the new version to ``out`` (a ``corpus.Rewrite``, compressed as the file is)."""

    def write(self, piece: Any) -> None:
        """A chunk's rebuilt piece, in chunk order."""

    def finish_writing(self) -> None:
        """After the last piece: a footer, if the format has one. The stream stays open."""

    def printable(self, piece: Any) -> Iterable[bytes]:
        """What ``cleantext FILE`` prints of a piece: the format itself where it is text, else the texts."""

    def close(self) -> None: ...


class Writable(Protocol):
    def write(self, data: bytes) -> None: ...


class ByteShard:
    """What a shard written as a stream of bytes, piece after piece, shares (JSONL, WARC)."""

    compresses_itself = False
    _out: Writable | None = None

    def start_writing(self, out: Writable) -> None:
        self._out = out

    def _emit(self, data: bytes) -> None:
        assert self._out is not None
        self._out.write(data)

    def finish_writing(self) -> None:
        pass


def module_of(fmt: Format) -> ModuleType:
    """The module that reads and writes ``fmt`` (imported on first use)."""
    return importlib.import_module(f"cleantext.formats.{fmt.module}")


def copy_name(relative: str, fmt: Format) -> str:
    """The name of a file's cleaned copy under ``--output-dir``: its own, or ``.txt`` for extracted text."""
    if not fmt.extracted:
        return relative
    inner = compression.without_compression(relative)
    return inner[: len(inner) - len(next(s for s in fmt.suffixes if inner.lower().endswith(s)))] + ".txt"


def by_name(name: str) -> Format:
    return next(fmt for fmt in FORMATS if fmt.name == name)
