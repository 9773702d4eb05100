"""The Spark entry point, on a local Spark session (local[2]) over a Parquet file."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleantext import Config, clean, clean_and_explain
from cleantext.integrations.columns import REMOVED_LINES_COLUMN
from cleantext.integrations.spark import clean_column
from conftest import JUNKY, PROSE_AFTER, PROSE_BEFORE, run

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")

JUNK_PAGE = f"Breaking News\n{PROSE_BEFORE}\n{PROSE_AFTER}\nLeave a Reply\nShare this\n"
TEXTS = [JUNK_PAGE, PROSE_BEFORE, None, JUNKY, "Share this", ""] * 20


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # Spark starts its Python workers with PYSPARK_PYTHON, else the first python3 on the PATH: this one
    # has cleantext installed, as an executor of a cluster needs it.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleantext-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _shard(tmp_path: Path) -> Path:
    path = tmp_path / "shard.parquet"
    pq.write_table(pa.table({"id": list(range(len(TEXTS))), "text": TEXTS}), path, row_group_size=16)
    return path


def test_a_parquet_column_cleaned_by_spark_equals_the_commands_output(
    spark: Any, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    shard = _shard(tmp_path)
    frame = spark.read.parquet(str(shard)).repartition(2)
    rows = sorted(clean_column(frame, "text", counts=True).collect(), key=lambda row: row["id"])
    run(["-q", "--output-dir", str(tmp_path / "out"), str(shard)], capfdbinary)
    expected = pq.read_table(tmp_path / "out" / "shard.parquet").column("text").to_pylist()
    assert [row["text"] for row in rows] == expected
    assert rows[0]["text"] == f"{PROSE_BEFORE}\n{PROSE_AFTER}\n" and rows[2]["text"] is None
    assert [row[REMOVED_LINES_COLUMN] for row in rows] == [
        len(clean_and_explain(t).removals) if t is not None else 0 for t in TEXTS
    ]
    assert rows[0]["cleantext_removed_NAV"] == 1


def test_without_counts_the_schema_is_the_frames_and_the_config_is_used(spark: Any) -> None:
    frame = spark.createDataFrame([(1, JUNK_PAGE), (2, None)], "id int, text string")
    config = Config(ignore=("NAV",))
    cleaned = clean_column(frame, "text", config)
    assert cleaned.schema == frame.schema
    assert [row["text"] for row in cleaned.orderBy("id").collect()] == [clean(JUNK_PAGE, config), None]


def test_a_column_that_is_missing_or_holds_no_strings_is_a_clear_error(spark: Any) -> None:
    frame = spark.createDataFrame([(1, 2)], "id int, text int")
    with pytest.raises(TypeError, match="column 'text' holds int, not strings"):
        clean_column(frame, "text")
    with pytest.raises(KeyError, match=r"no column 'body' \(it has \['id', 'text'\]\)"):
        clean_column(frame, "body")


def test_the_readme_example_runs_with_local_folders_for_the_bucket(spark: Any, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Spark\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "raw").mkdir()
    _shard(tmp_path).rename(tmp_path / "raw" / "part-0.parquet")
    exec(compile(example.replace("s3://bucket/", f"{tmp_path}/"), "README.md", "exec"), {})
    written = spark.read.parquet(str(tmp_path / "clean")).orderBy("id").collect()
    assert [row["text"] for row in written] == [t if t is None else clean(t, Config(text="page")) for t in TEXTS]
    assert "cleantext_removed_lines" in written[0].asDict()
