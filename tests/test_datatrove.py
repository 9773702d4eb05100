"""The datatrove step, run by datatrove's local executor on a JSONL shard."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleantext import Config
from cleantext.integrations.columns import RULE_SETS
from cleantext.integrations.datatrove import CleantextFormatter
from conftest import CLEAN, JUNKY, ROOT


def test_local_executor_cleans_a_shard_and_counts_removals(tmp_path: Path) -> None:
    raw, out, logs = tmp_path / "raw", tmp_path / "clean", tmp_path / "logs"
    raw.mkdir()
    records = [{"id": str(i), "text": JUNKY if i % 2 else CLEAN} for i in range(10)]
    (raw / "shard.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))

    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleantextFormatter(Config(ignore=("COMMENT",))), JsonlWriter(str(out))],
        tasks=1,
        logging_dir=str(logs),
    )
    stats = executor.run()

    written = [json.loads(line) for f in sorted(out.glob("*.jsonl.gz")) for line in gzip.open(f, "rt")]
    assert [d["id"] for d in written] == [r["id"] for r in records]
    assert all(d["text"] == (CLEAN + "\nLeave a Reply\n" if int(d["id"]) % 2 else CLEAN) for d in written)
    step = next(s for s in stats.stats if "cleantext" in s.name)
    assert step.stats["documents"].total == 10
    assert step.stats["changed_documents"].total == 5
    assert step.stats["removed_NAV"].total == 5
    assert "removed_COMMENT" not in step.stats


def test_metadata_counts_and_the_exclusion_writer_gets_what_drop_empty_drops(tmp_path: Path) -> None:
    raw, out, dropped, logs = tmp_path / "raw", tmp_path / "clean", tmp_path / "dropped", tmp_path / "logs"
    raw.mkdir()
    junk_only = "Breaking News\nLeave a Reply\n"
    records = [{"id": "0", "text": JUNKY}, {"id": "1", "text": junk_only}, {"id": "2", "text": CLEAN}]
    (raw / "shard.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    step = CleantextFormatter(drop_empty=True, exclusion_writer=JsonlWriter(str(dropped)))
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), step, JsonlWriter(str(out))], tasks=1, logging_dir=str(logs)
    ).run()

    def read(folder: Path) -> list[dict[str, object]]:
        return [json.loads(line) for f in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(f, "rt")]

    kept = read(out)
    assert [d["id"] for d in kept] == ["0", "2"]
    assert kept[0]["metadata"]["cleantext_removed_lines"] == 2  # type: ignore[index]
    by_set = kept[0]["metadata"]["cleantext_removed_by_set"]  # type: ignore[index]
    assert {k: v for k, v in by_set.items() if v} == {"COMMENT": 1, "NAV": 1}  # type: ignore[attr-defined]
    assert list(by_set) == list(RULE_SETS)  # every set, zeros too: one shape for every document
    assert kept[1]["metadata"]["cleantext_removed_lines"] == 0  # type: ignore[index]
    assert [(d["id"], d["text"]) for d in read(dropped)] == [("1", junk_only)]


def test_the_readme_example_runs_with_two_workers(tmp_path: Path) -> None:
    """The module's example, as a user copies it into a script: the __main__ guard lets workers start."""
    import subprocess
    import sys
    import textwrap

    import cleantext.integrations.datatrove as module

    assert module.__doc__ is not None
    example = textwrap.dedent(module.__doc__.split("guard:\n", 1)[1])
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "shard.jsonl").write_text(json.dumps({"id": "0", "text": JUNKY}) + "\n")
    (tmp_path / "job.py").write_text(example.replace("tasks=8", "tasks=2, workers=2"))
    done = subprocess.run([sys.executable, "job.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    written = [json.loads(line) for f in (tmp_path / "clean").glob("*.jsonl.gz") for line in gzip.open(f, "rt")]
    assert [d["text"] for d in written] == [CLEAN]


def test_page_mode_runs_in_a_pipeline(tmp_path: Path) -> None:
    raw, out, logs = tmp_path / "raw", tmp_path / "clean", tmp_path / "logs"
    raw.mkdir()
    page = (ROOT / "fixtures" / "page" / "harbour-page.txt").read_text(encoding="utf-8")
    (raw / "shard.jsonl").write_text(json.dumps({"id": "0", "text": page}) + "\n")
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleantextFormatter(Config(text="page")), JsonlWriter(str(out))],
        tasks=1,
        logging_dir=str(logs),
    )
    stats = executor.run()
    (written,) = [json.loads(line) for f in sorted(out.glob("*.jsonl.gz")) for line in gzip.open(f, "rt")]
    assert written["text"] == (ROOT / "fixtures" / "page" / "harbour-page.expected.txt").read_text(encoding="utf-8")
    step = next(s for s in stats.stats if "cleantext" in s.name)
    assert step.stats["removed_PAGE"].total == 36  # every line but the article, its head and Subscribe (PROMO)


def _readme_ray_job(folder: Path) -> str:
    """The README's Ray script, with a local Ray of two workers for the cluster and local folders for the bucket."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    script = readme.split("On Ray, the same pipeline runs", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    local = (
        script.replace(
            'ray.init(address="auto", runtime_env={"pip": ["cleantext-boilerplate[datatrove]"]})',
            "ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)",
        )
        .replace("s3://bucket/", f"{folder}/")
        .replace("tasks=1000, workers=64", "tasks=2, workers=2")
    )
    assert local.count(str(folder)) == 2 and "num_cpus=2" in local and "tasks=2" in local  # every stand-in took
    return local


def test_the_pipeline_on_ray_writes_what_the_local_executor_writes(tmp_path: Path) -> None:
    import subprocess
    import sys

    raw = tmp_path / "raw"
    raw.mkdir()
    page = (ROOT / "fixtures" / "page" / "harbour-page.txt").read_text(encoding="utf-8")
    texts = [JUNKY, CLEAN, page, "Share this\nLeave a Reply\n"]
    for shard in range(2):
        records = [{"id": f"{shard}-{n}", "text": text} for n, text in enumerate(texts)]
        (raw / f"shard-{shard}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "job.py").write_text(_readme_ray_job(tmp_path))
    done = subprocess.run([sys.executable, "job.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleantextFormatter(Config(text="auto")), JsonlWriter(str(tmp_path / "local"))],
        tasks=2,
        logging_dir=str(tmp_path / "logs-local"),
    ).run()

    def records(folder: Path) -> list[tuple[str, str, object]]:
        found = [json.loads(line) for f in folder.glob("*.jsonl.gz") for line in gzip.open(f, "rt")]
        return sorted((d["id"], d.get("text", ""), d["metadata"]["cleantext_removed_by_set"]) for d in found)

    on_ray = records(tmp_path / "clean")
    assert on_ray == records(tmp_path / "local")
    assert len(on_ray) == 8 and any(by_set["PAGE"] for _, _, by_set in on_ray)  # type: ignore[index]


def test_a_parquet_writer_takes_documents_with_and_without_removals(tmp_path: Path) -> None:
    # Parquet needs one shape for the metadata of every document: an empty dict of counts was a
    # struct with no fields, which it cannot write.
    import pyarrow.parquet as pq
    from datatrove.pipeline.writers import ParquetWriter

    raw = tmp_path / "raw"
    raw.mkdir()
    records = [{"id": "0", "text": CLEAN}, {"id": "1", "text": JUNKY}]
    (raw / "shard.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleantextFormatter(), ParquetWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    table = pq.read_table(next((tmp_path / "out").glob("*.parquet")))
    assert table.column("id").to_pylist() == ["0", "1"]
    counts = [m["cleantext_removed_by_set"] for m in table.column("metadata").to_pylist()]
    assert counts[0]["NAV"] == 0 and counts[1]["NAV"] == 1
