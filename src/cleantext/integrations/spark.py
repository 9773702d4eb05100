"""Cleaning a column of a Spark DataFrame, batch by batch in Arrow (``DataFrame.mapInArrow``).

Install with ``pip install 'cleantext-boilerplate[spark]'``; pyspark is
imported only when ``clean_column`` is called. Spark runs Python on Arrow
record batches, so the cleaner sees thousands of rows per call, not one, and
the config travels once to each executor as a broadcast variable.

    from pyspark.sql import SparkSession
    from cleantext.integrations.spark import clean_column

    spark = SparkSession.builder.getOrCreate()
    pages = spark.read.parquet("s3://bucket/raw/")
    clean_column(pages, "text", counts=True).write.parquet("s3://bucket/clean/")
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleantext.config import Config
from cleantext.integrations.columns import COUNT_COLUMNS, checked_config, clean_values

SPARK_EXTRA = "cleantext-boilerplate[spark]"


def clean_column(frame: Any, column: str = "text", config: Config | None = None, *, counts: bool = False) -> Any:
    """``frame`` with ``column`` cleaned (as ``cleantext --output-dir`` cleans a shard) and, with
    ``counts``, the columns ``cleantext_removed_lines`` and ``cleantext_removed_<SET>`` added.

    The column must hold strings; a null stays null. Nothing runs until Spark
    computes the result.
    """
    try:
        from pyspark.sql.types import IntegerType, StringType, StructField, StructType
    except ImportError:
        raise ImportError(f"cleantext's Spark support needs pyspark: pip install '{SPARK_EXTRA}'") from None
    config = checked_config(config)
    if column not in frame.columns:
        raise KeyError(f"cleantext: the DataFrame has no column {column!r} (it has {sorted(frame.columns)})")
    field = frame.schema[column]
    if not isinstance(field.dataType, StringType):
        raise TypeError(f"cleantext: column {column!r} holds {field.dataType.simpleString()}, not strings")
    added = [StructField(name, IntegerType(), nullable=False) for name in COUNT_COLUMNS] if counts else []
    schema = StructType([*frame.schema.fields, *added])
    broadcast = frame.sparkSession.sparkContext.broadcast(config)

    def clean_batches(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            cleaned = clean_values(batch.column(column).to_pylist(), broadcast.value, column, counts=counts)
            arrays = [
                pa.array(cleaned[name], batch.schema.field(name).type) if name == column else batch.column(name)
                for name in batch.schema.names
            ]
            arrays += [pa.array(cleaned[name], pa.int32()) for name in COUNT_COLUMNS if counts]
            yield pa.RecordBatch.from_arrays(arrays, schema=pa.schema([*batch.schema, *_count_fields(counts)]))

    return frame.mapInArrow(clean_batches, schema)


def _count_fields(counts: bool) -> list[Any]:
    import pyarrow as pa

    return [pa.field(name, pa.int32(), nullable=False) for name in COUNT_COLUMNS] if counts else []
