"""Parquet shards: the text column read row group by row group, and written back with the rest as it was.

pyarrow comes with the ``parquet`` extra and is imported only when a
Parquet file is met. A rewrite keeps the schema (with its metadata), every
other column, the row order, the row-group sizes and each column's codec.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from cleantext.corpus import InputError, cannot_write

PARQUET_EXTRA = "cleantext-boilerplate[parquet]"


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(f"a Parquet file needs pyarrow: pip install '{PARQUET_EXTRA}'") from None
    return pyarrow, pyarrow.parquet


class Shard:
    """One Parquet file opened for cleaning its ``field`` column; raises InputError naming the problem."""

    def __init__(self, path: str, field: str) -> None:
        self._pa, self._pq = _pyarrow()
        try:
            self.file = self._pq.ParquetFile(path)
        except (self._pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file ({exc}); left as it is") from None
        self.schema = self.file.schema_arrow
        self.field = field
        index = self.schema.get_field_index(field)
        if index < 0:
            raise InputError(f"no column {field!r} (columns: {', '.join(self.schema.names)}); left as it is")
        if not (
            self._pa.types.is_string(self.schema.field(index).type)
            or self._pa.types.is_large_string(self.schema.field(index).type)
        ):
            raise InputError(f"column {field!r} is not text ({self.schema.field(index).type}); left as it is")
        self.column = index

    def row_groups(self) -> Iterator[tuple[Any, list[str | None]]]:
        """Each row group's table and its texts (None for a null cell)."""
        for i in range(self.file.num_row_groups):
            try:
                table = self.file.read_row_group(i)
            except (self._pa.ArrowException, OSError) as exc:
                raise InputError(f"cannot read row group {i}: {exc}; left as it is") from None
            yield table, table.column(self.column).to_pylist()

    def with_texts(self, table: Any, texts: list[str | None]) -> Any:
        """``table`` with its text column replaced by ``texts``, of the same type."""
        column = self._pa.array(texts, type=self.schema.field(self.column).type)
        return table.set_column(self.column, self.schema.field(self.column), column)

    def writer(self, out: IO[bytes]) -> Any:
        """A writer to ``out`` with this file's schema and each column's codec."""
        meta = self.file.metadata
        codecs = (
            {
                meta.schema.column(j).path: meta.row_group(0).column(j).compression.lower()
                for j in range(meta.num_columns)
            }
            if meta.num_row_groups
            else "snappy"
        )
        return self._pq.ParquetWriter(out, self.schema, compression=codecs)

    def close(self, writer: Any) -> None:
        """Finish the file (its footer); the stream it writes to stays open."""
        try:
            writer.close()
        except (self._pa.ArrowException, OSError) as exc:
            raise cannot_write(exc) from None

    def write(self, writer: Any, table: Any) -> None:
        """One row group, as large as it was."""
        try:
            writer.write_table(table, row_group_size=max(table.num_rows, 1))
        except (self._pa.ArrowException, OSError) as exc:
            raise cannot_write(exc) from None
