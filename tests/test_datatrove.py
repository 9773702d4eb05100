"""The datatrove step, run by datatrove's local executor on a JSONL shard."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleantext import Config
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
    assert kept[0]["metadata"]["cleantext_removed_by_set"] == {"COMMENT": 1, "NAV": 1}  # type: ignore[index]
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
