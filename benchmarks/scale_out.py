"""Past one machine: the same Parquet shards cleaned by the command, by Spark and by datatrove.

    python benchmarks/scale_out.py [--bench ../shared/bench] [--mb 200] [--workers 2]

Builds Parquet shards (4 per worker: datatrove and the command share work out
by file) holding at least --mb MB of the benchmarks' ``recall`` and ``page``
text, repeated, with an ``id`` column; then cleans them three ways on this
machine, each with --workers processes, and prints wall time, MB/s (of the
text column) and the ratio to the command:

- ``cleantext -j N --output-dir`` on the folder;
- Spark ``local[N]``: ``cleantext.integrations.spark.clean_column`` over
  ``spark.read.parquet``, written as Parquet (the session's start is not timed);
- datatrove: ParquetReader -> CleantextFormatter -> ParquetWriter, with
  ``LocalPipelineExecutor`` (N workers), which tells datatrove's own cost,
  and with ``RayPipelineExecutor`` on a local Ray of N CPUs (``ray.init`` is
  not timed).

Then it checks that the three give the same cleaned text for every id.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, read_set

_DATATROVE_JOB = """
import sys, time
from datatrove.pipeline.readers import ParquetReader
from datatrove.pipeline.writers import ParquetWriter
from cleantext.integrations.datatrove import CleantextFormatter

if __name__ == "__main__":
    source, out, logs, workers, executor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    if executor == "ray":
        import ray
        from datatrove.executor import RayPipelineExecutor as Executor

        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    else:
        from datatrove.executor import LocalPipelineExecutor as Executor
    start = time.perf_counter()
    pipeline = [ParquetReader(source, id_key="id"), CleantextFormatter(), ParquetWriter(out)]
    Executor(pipeline=pipeline, tasks=workers * 4, workers=workers, logging_dir=logs).run()
    print(time.perf_counter() - start)
"""


def build_shards(bench: Path, megabytes: float, folder: Path, shards: int) -> float:
    """The Parquet shards; returns the MB of text in them."""
    texts = [r.get(v) or "" for name in SETS for r in read_set(bench / f"{name}.jsonl.gz") for v in ("recall", "page")]
    ids, out, size = [], [], 0
    for n, text in enumerate(cycle([t for t in texts if t.strip()])):
        ids.append(str(n))
        out.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    table = pa.table({"id": ids, "text": out})
    rows = -(-len(ids) // shards)
    for k in range(shards):
        pq.write_table(table.slice(k * rows, rows), folder / f"pages-{k:03d}.parquet", row_group_size=2_000)
    return size / 1e6


def by_id(tables: list[pa.Table]) -> dict[str, str | None]:
    table = pa.concat_tables(tables)
    return dict(zip(table.column("id").to_pylist(), table.column("text").to_pylist(), strict=True))


def _read_folder(folder: Path) -> dict[str, str | None]:
    return by_id([pq.read_table(f) for f in sorted(folder.rglob("*.parquet")) if f.stat().st_size])


def run_command(source: Path, work: Path, workers: int) -> tuple[float, dict[str, str | None]]:
    out = work / "command"
    start = time.perf_counter()
    subprocess.run(["cleantext", "-q", "-j", str(workers), "--output-dir", str(out), str(source)], check=True)
    return time.perf_counter() - start, _read_folder(out)


def run_spark(source: Path, work: Path, workers: int) -> tuple[float, dict[str, str | None]]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from cleantext.integrations.spark import clean_column

    spark = (
        SparkSession.builder.master(f"local[{workers}]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "4g")
        # Splits of 16 MB: a file of one partition would keep all but one worker idle.
        .config("spark.sql.files.maxPartitionBytes", str(16 << 20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).count()  # the JVM and a Python worker up before the clock starts
    out = work / "spark"
    start = time.perf_counter()
    clean_column(spark.read.parquet(str(source)), "text").write.parquet(str(out))
    seconds = time.perf_counter() - start
    spark.stop()
    return seconds, _read_folder(out)


def run_datatrove(executor: str, source: Path, work: Path, workers: int) -> tuple[float, dict[str, str | None]]:
    """The datatrove step with its ``local`` or ``ray`` executor, in a script of its own."""
    job = work / "datatrove_job.py"
    job.write_text(_DATATROVE_JOB)
    out = work / f"datatrove-{executor}"
    done = subprocess.run(
        [sys.executable, str(job), str(source), str(out), str(work / f"logs-{executor}"), str(workers), executor],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = float(done.stdout.split()[-1])
    return seconds, _read_folder(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleantext-scale-out-") as folder:
        work = Path(folder)
        source = work / "source"
        source.mkdir()
        megabytes = build_shards(args.bench, args.mb, source, 4 * args.workers)
        stored = sum(f.stat().st_size for f in source.iterdir()) / 1e6
        print(
            f"{megabytes:.0f} MB of text in {stored:.0f} MB of Parquet, {4 * args.workers} shards; {args.workers} workers"
        )
        print(f"{'engine':<32}{'seconds':>9}{'MB/s':>9}{'/ -j N':>9}")
        results: dict[str, dict[str, str | None]] = {}
        first_seconds = 0.0
        for name, engine in (
            (f"cleantext -j {args.workers}", run_command),
            (f"Spark local[{args.workers}]", run_spark),
            (f"datatrove, local ({args.workers} workers)", functools.partial(run_datatrove, "local")),
            (f"datatrove on Ray ({args.workers} CPUs)", functools.partial(run_datatrove, "ray")),
        ):
            seconds, texts = engine(source, work, args.workers)
            first_seconds = first_seconds or seconds
            results[name] = {key: text or "" for key, text in texts.items()}  # an emptied text may be written null
            print(f"{name:<32}{seconds:>9.1f}{megabytes / seconds:>9.1f}{first_seconds / seconds:>9.2f}", flush=True)
        reference = next(iter(results.values()))
        for name, texts in results.items():
            verdict = "the same texts as the command" if texts == reference else "DIFFERENT texts"
            print(f"{name}: {verdict} ({len(texts)} ids)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
