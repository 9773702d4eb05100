"""Parquet shards: the text column read row group by row group, and written back with the rest as it was.

pyarrow comes with the ``parquet`` extra and is imported only when a
Parquet file is met. A rewrite keeps the schema (with its metadata), every
other column, the row order, the row-group sizes and each column's codec.
The tables stay in the main process; only their texts go to the workers.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleantext.corpus import InputError, Rewrite, SeekableInput, cannot_write
from cleantext.formats import Document, batched

PARQUET_EXTRA = "cleantext-boilerplate[parquet]"


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(f"a Parquet file needs pyarrow: pip install '{PARQUET_EXTRA}'") from None
    return pyarrow, pyarrow.parquet


@dataclass(frozen=True)
class Rows:
    """Consecutive cells of the text column, the first in row ``first`` (1-based); None for a null cell."""

    first: int
    texts: list[str | None]
    stored_bytes: int
    size: int


class ParquetShard:
    """One Parquet file opened for cleaning its ``field`` column; raises InputError naming the problem."""

    compresses_itself = False

    def __init__(self, path: str, field: str) -> None:
        self._pa, self._pq = _pyarrow()
        self._input = SeekableInput(path)  # Parquet is read from its footer
        try:
            self._open(field)
        except BaseException:
            self._input.close()
            raise
        #: Row groups read and not yet written: their tables and texts, and the new texts come back so far.
        self._unwritten: deque[tuple[Any, list[str | None]]] = deque()
        self._cleaned: list[str | None] = []
        self._writer: Any = None

    def _open(self, field: str) -> None:
        try:
            self.file = self._pq.ParquetFile(self._input.path)
            self._stored = os.path.getsize(self._input.path)
        except (self._pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file ({exc}); left as it is") from None
        self.schema = self.file.schema_arrow
        index = self.schema.get_field_index(field)
        if index < 0:
            raise InputError(f"no column {field!r} (columns: {', '.join(self.schema.names)}); left as it is")
        if not (
            self._pa.types.is_string(self.schema.field(index).type)
            or self._pa.types.is_large_string(self.schema.field(index).type)
        ):
            raise InputError(f"column {field!r} is not text ({self.schema.field(index).type}); left as it is")
        self.column = index

    def chunks(self) -> Iterator[Rows]:
        groups, first = self.file.num_row_groups, 1
        for i in range(groups):
            try:
                table = self.file.read_row_group(i)
            except (self._pa.ArrowException, OSError) as exc:
                raise InputError(f"cannot read row group {i}: {exc}; left as it is") from None
            texts = table.column(self.column).to_pylist()
            if self._writer is not None:  # held until its texts come back, to be written with them
                self._unwritten.append((table, texts))
            runs = list(batched(texts, _length))
            # The file's bytes, shared out over its row groups, are counted when a group's last chunk is.
            stored = self._stored * (i + 1) // groups - self._stored * i // groups
            for j, run in enumerate(runs):
                yield Rows(first, run, stored if j == len(runs) - 1 else 0, sum(map(_length, run)))
                first += len(run)

    def start_writing(self, out: Rewrite) -> None:
        """A writer with this file's schema and each column's codec."""
        meta = self.file.metadata
        codecs = (
            {
                meta.schema.column(j).path: meta.row_group(0).column(j).compression.lower()
                for j in range(meta.num_columns)
            }
            if meta.num_row_groups
            else "snappy"
        )
        self._writer = self._pq.ParquetWriter(out.raw, self.schema, compression=codecs)

    def write(self, piece: list[str | None]) -> None:
        """A chunk's texts; a row group is written, as large as it was, once all of its texts are back."""
        self._cleaned += piece
        while self._unwritten and len(self._cleaned) >= len(self._unwritten[0][1]):
            table, texts = self._unwritten.popleft()
            cleaned, self._cleaned = self._cleaned[: len(texts)], self._cleaned[len(texts) :]
            if cleaned != texts:
                column = self._pa.array(cleaned, type=self.schema.field(self.column).type)
                table = table.set_column(self.column, self.schema.field(self.column), column)
            try:
                self._writer.write_table(table, row_group_size=max(table.num_rows, 1))
            except (self._pa.ArrowException, OSError) as exc:
                raise cannot_write(exc) from None

    def finish_writing(self) -> None:
        """The file's footer; the stream it writes to stays open."""
        try:
            self._writer.close()
        except (self._pa.ArrowException, OSError) as exc:
            raise cannot_write(exc) from None

    def printable(self, piece: list[str | None]) -> list[bytes]:
        """Each text, ending its last line."""
        return [t.encode("utf-8") + (b"" if t.endswith("\n") else b"\n") for t in piece if t]

    def close(self) -> None:
        self._unwritten.clear()
        self._input.close()


def _length(text: str | None) -> int:
    return len(text) if text else 0


def open_shard(path: str, field: str) -> ParquetShard:
    return ParquetShard(path, field)


def documents(chunk: Rows) -> list[Document]:
    return [Document(row, text) for row, text in enumerate(chunk.texts, start=chunk.first)]


def rebuild(chunk: Rows, documents: list[Document], cleaned: list[str | None]) -> list[str | None]:
    """Every cell's text, new or as it was: the main process sets the column from them."""
    return [old if new is None else new for old, new in zip(chunk.texts, cleaned, strict=True)]


def passed_through(chunk: Rows) -> list[str | None]:
    """The chunk's texts as they came (a chunk whose cleaning failed)."""
    return chunk.texts
