"""Parquet shards: the text column read in bounded batches, and written back with the rest as it was.

pyarrow comes with the ``parquet`` extra and is imported only when a
Parquet file is met. A rewrite keeps the schema (with its metadata), every
other column, the row order, the row-group sizes and each column's codec.
Only the text column is read ahead, ``READ_BATCH_ROWS`` rows at a time, and
only its texts go to the workers; a row group's other columns are read
when its cleaned texts are all back and it is written, so that the main
process holds one row group's new text column, not the groups in flight.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleantext.formats import Document, batched
from cleantext.reading import InputError, SeekableInput
from cleantext.rewrite import Rewrite, cannot_write

PARQUET_EXTRA = "cleantext-boilerplate[parquet]"
#: Rows of the text column turned into Python strings at a time: few enough that a batch of long
#: documents stays small, many enough that reading costs little per row.
READ_BATCH_ROWS = 64


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
        #: Row groups read and not yet written (their index and rows), and the new texts of the first
        #: of them come back so far, as Arrow arrays.
        self._unwritten: deque[tuple[int, int]] = deque()
        self._cleaned: list[Any] = []
        self._cleaned_rows = 0
        self._writer: Any = None

    def _open(self, field: str) -> None:
        try:
            self.file = self._pq.ParquetFile(self._input.path)
            self._stored = os.path.getsize(self._input.path)
        except (self._pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file ({exc}); left as it is") from None
        self.schema = self.file.schema_arrow
        if self.schema.names.count(field) > 1:
            raise InputError(f"{self.schema.names.count(field)} columns are named {field!r}; left as it is")
        index = self.schema.get_field_index(field)
        if index < 0:
            raise InputError(f"no column {field!r} (columns: {', '.join(self.schema.names)}); left as it is")
        if not (
            self._pa.types.is_string(self.schema.field(index).type)
            or self._pa.types.is_large_string(self.schema.field(index).type)
        ):
            raise InputError(f"column {field!r} is not text ({self.schema.field(index).type}); left as it is")
        self.column = index
        names = self.schema.names
        #: The other columns by name, when names tell them apart.
        self._others = [n for j, n in enumerate(names) if j != index] if len(set(names)) == len(names) else None

    def chunks(self) -> Iterator[Rows]:
        meta, first = self.file.metadata, 1
        groups = meta.num_row_groups
        for i in range(groups):
            rows = meta.row_group(i).num_rows
            if self._writer is not None:  # written once all of its texts are back
                self._unwritten.append((i, rows))
            # The file's bytes, shared out over its row groups, are counted when a group's last chunk is.
            stored = self._stored * (i + 1) // groups - self._stored * i // groups
            seen = 0
            for run in batched(self._texts(i), _length):
                seen += len(run)
                yield Rows(first, run, stored if seen == rows else 0, sum(map(_length, run)))
                first += len(run)

    def _texts(self, group: int) -> Iterator[str | None]:
        """The text column of one row group, a bounded batch at a time."""
        try:
            batches = self.file.iter_batches(
                batch_size=READ_BATCH_ROWS, row_groups=[group], columns=[self.schema.names[self.column]]
            )
            for batch in batches:
                yield from batch.column(0).to_pylist()
        except (self._pa.ArrowException, OSError) as exc:
            raise InputError(f"cannot read row group {group}: {exc}; left as it is") from None

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
        field = self.schema.field(self.column)
        self._cleaned.append(self._pa.array(piece, type=field.type))
        self._cleaned_rows += len(piece)
        self._write_complete_groups()

    def _write_complete_groups(self) -> None:
        field = self.schema.field(self.column)
        # A chunk never spans two row groups: the texts back reach a group's rows exactly.
        while self._unwritten and self._cleaned_rows >= self._unwritten[0][1]:
            group, rows = self._unwritten.popleft()
            parts: list[Any] = []
            if rows:  # an empty group takes none of the texts, which are the next group's
                parts, self._cleaned, self._cleaned_rows = self._cleaned, [], 0
            column = self._pa.chunked_array(parts, type=field.type)
            try:
                if self._others is None:  # two columns share a name: read them all, replace the text
                    table = self.file.read_row_group(group).set_column(self.column, field, column)
                else:  # the other columns alone: the old texts are not read again
                    table = self.file.read_row_group(group, columns=self._others)
                    table = table.add_column(self.column, field, column)
            except (self._pa.ArrowException, OSError) as exc:
                raise InputError(f"cannot read row group {group}: {exc}; left as it is") from None
            try:
                self._writer.write_table(table, row_group_size=max(rows, 1))
            except (self._pa.ArrowException, OSError) as exc:
                raise cannot_write(exc) from None

    def finish_writing(self) -> None:
        """The file's footer (after any empty row groups at the end); the stream it writes to stays open."""
        self._write_complete_groups()
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
