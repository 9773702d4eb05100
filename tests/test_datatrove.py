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
from conftest import CLEAN, JUNKY


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
