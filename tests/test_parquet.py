"""Parquet shards: the text column cleaned row group by row group, everything else kept."""

from __future__ import annotations

import json
import sys
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleantext import clean
from conftest import CLEAN, JUNKY, SEEDS, needs_seeds, run

TEXTS = [JUNKY if i % 3 else CLEAN for i in range(50)] + [None]


def _parquet_bytes(texts: list[str]) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"text": texts}), sink)
    return bytes(sink.getvalue())


def write_shard(path: Path, texts: list[str | None], row_group_size: int = 16) -> pa.Table:
    table = pa.table(
        {
            "id": pa.array(range(len(texts)), pa.int64()),
            "text": pa.array(texts, pa.large_string()),
            "n": [1.5] * len(texts),
        }
    )
    table = table.replace_schema_metadata({"source": "written for these tests"})
    pq.write_table(table, path, row_group_size=row_group_size, compression="zstd")
    return table


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_cleans_the_text_column_and_keeps_the_rest(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], jobs: str
) -> None:
    path = tmp_path / "shard.parquet"
    before = write_shard(path, TEXTS)
    code, _, err = run(["-j", jobs, "-i", str(tmp_path)], capfdbinary)  # found in a folder by default
    assert code == 0, err
    after = pq.ParquetFile(path)
    assert after.schema_arrow.equals(before.schema, check_metadata=True)
    assert [after.metadata.row_group(i).num_rows for i in range(after.num_row_groups)] == [16, 16, 16, 3]
    assert after.metadata.row_group(0).column(1).compression == "ZSTD"
    table = after.read()
    assert table.column("text").to_pylist() == [clean(t) if t else None for t in TEXTS]
    assert table.drop(["text"]).equals(before.drop(["text"]))


def test_a_shard_with_nothing_to_remove_is_not_written(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "shard.parquet"
    write_shard(path, [CLEAN] * 20)
    data, stamp = path.read_bytes(), path.stat().st_mtime_ns
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, stamp)


def test_findings_name_the_row(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "shard.parquet"
    write_shard(path, [CLEAN, JUNKY])
    code, out, _ = run(["-q", "--check", str(path)], capfdbinary)
    assert (code, out.splitlines()) == (
        1,
        [f"{path}:2:1: NAV001 breaking-news-banner", f"{path}:2:7: COMMENT001 leave-a-reply"],
    )
    _, out, _ = run(["-q", "--output-format", "json", "--check", str(path)], capfdbinary)
    assert [(r["record"], r["line"]) for r in json.loads(out)["removals"]] == [(2, 1), (2, 7)]


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_bytes(b"PAR1 not really a parquet file PAR1"), "not a readable Parquet file"),
        (lambda p: p.write_bytes(_parquet_bytes([JUNKY] * 5)[:-30]), "not a readable Parquet file"),  # cut footer
        (lambda p: pq.write_table(pa.table({"body": ["x"]}), p), "no column 'text' (columns: body); left as it is"),
        (lambda p: pq.write_table(pa.table({"text": [1]}), p), "column 'text' is not text (int64); left as it is"),
    ],
)
def test_bad_shards_are_errors_and_nothing_is_written(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], make: object, problem: str
) -> None:
    path = tmp_path / "shard.parquet"
    make(path)  # type: ignore[operator]
    data = path.read_bytes()
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2
    assert err.startswith(f"cleantext: {path}: {problem}")
    assert path.read_bytes() == data
    assert not list(tmp_path.glob(".cleantext-*"))


def test_without_pyarrow_the_message_names_the_extra(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shard.parquet"
    write_shard(path, [JUNKY])
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code, _, err = run(["-q", "--check", str(path)], capfdbinary)
    assert (code, err) == (
        2,
        f"cleantext: {path}: a Parquet file needs pyarrow: pip install 'cleantext-boilerplate[parquet]'\n",
    )


def test_output_dir_writes_a_cleaned_parquet_copy(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "in").mkdir()
    before = write_shard(tmp_path / "in" / "s.parquet", TEXTS)
    assert run(["-q", "--output-dir", str(tmp_path / "out"), str(tmp_path / "in")], capfdbinary)[0] == 0
    copy = pq.read_table(tmp_path / "out" / "s.parquet")
    assert copy.column("text").to_pylist() == [clean(t) if t else None for t in TEXTS]
    assert pq.read_table(tmp_path / "in" / "s.parquet").equals(before)


@needs_seeds
def test_the_seeds_in_a_parquet_shard_give_their_expected_texts(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    path = tmp_path / "seeds.parquet"
    write_shard(path, [s.read_text(encoding="utf-8") for s in seeds], row_group_size=2)
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert pq.read_table(path).column("text").to_pylist() == [
        (SEEDS / "expected" / s.name).read_text(encoding="utf-8") for s in seeds
    ]


def test_a_parquet_file_on_standard_input_prints_its_cleaned_texts(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    path = tmp_path / "shard.parquet"
    write_shard(path, [JUNKY, CLEAN])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    code, out, _ = run(["-q", "--input-format", "parquet", "-"], capfdbinary)
    assert (code, out) == (0, clean(JUNKY) + CLEAN)


def test_reading_without_writing_holds_no_row_group(tmp_path: Path) -> None:
    from cleantext.formats.parquet import ParquetShard

    path = tmp_path / "shard.parquet"
    write_shard(path, TEXTS)
    shard = ParquetShard(str(path), "text")
    chunks = list(shard.chunks())  # as --check and printing read it: the tables are not kept
    assert sum(len(c.texts) for c in chunks) == len(TEXTS)
    assert not shard._unwritten


class _Sink:
    """What ``start_writing`` writes to: a stream under ``raw``."""

    def __init__(self) -> None:
        self.raw = pa.BufferOutputStream()


def test_a_large_row_group_is_read_and_written_in_bounded_batches(tmp_path: Path) -> None:
    from cleantext.formats.parquet import ParquetShard

    texts = [f"{i} {JUNKY}" for i in range(40_000)]  # about 8 MB of text in one row group
    size = sum(map(len, texts))
    path = tmp_path / "shard.parquet"
    write_shard(path, texts, row_group_size=len(texts))
    shard = ParquetShard(str(path), "text")
    sink = _Sink()
    shard.start_writing(sink)  # type: ignore[arg-type]
    tracemalloc.start()
    try:
        for chunk in shard.chunks():
            shard.write([t.upper() if t else t for t in chunk.texts])  # as if cleaned
        shard.finish_writing()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        shard.close()
    assert peak < size // 4  # the group's texts are never all Python strings at once
    written = pq.ParquetFile(pa.BufferReader(sink.raw.getvalue()))
    assert written.metadata.num_row_groups == 1
    assert written.read().column("text").to_pylist() == [t.upper() for t in texts]


def test_empty_row_groups_keep_their_place(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "shard.parquet"
    schema = pa.schema([("id", pa.int64()), ("text", pa.string())])
    groups = [[], [JUNKY, CLEAN], [], [JUNKY], []]
    with pq.ParquetWriter(path, schema) as writer:
        for n, texts in enumerate(groups):
            writer.write_table(pa.table({"id": [n] * len(texts), "text": texts}, schema=schema))
    assert run(["-q", "-j", "2", "-i", str(path)], capfdbinary)[0] == 0
    written = pq.ParquetFile(path)
    assert [written.metadata.row_group(i).num_rows for i in range(written.num_row_groups)] == [0, 2, 0, 1, 0]
    assert written.read().column("text").to_pylist() == [clean(JUNKY), CLEAN, clean(JUNKY)]


def test_two_columns_of_the_field_name_are_named_as_such(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "shard.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array([JUNKY]), pa.array([CLEAN])], names=["text", "text"]), path)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, err) == (2, f"cleantext: {path}: 2 columns are named 'text'; left as it is\n")
