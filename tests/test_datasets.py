"""The Hugging Face datasets cleaner: Dataset.map(CleanColumn(...), batched=True, num_proc=2)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleantext import Config, clean, clean_and_explain
from cleantext.integrations.datasets import REMOVED_LINES_COLUMN, RULE_SETS, CleanColumn
from conftest import JUNKY, PROSE_AFTER, PROSE_BEFORE, run

datasets = pytest.importorskip("datasets", reason="the datasets extra is not installed")

JUNK_PAGE = f"Breaking News\n{PROSE_BEFORE}\n{PROSE_AFTER}\nLeave a Reply\nShare this\n"
TEXTS = [JUNK_PAGE, PROSE_BEFORE, None, JUNKY, "Share this", ""] * 5


def test_a_dataset_column_is_cleaned_as_the_command_cleans_its_jsonl(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    dataset = datasets.Dataset.from_dict({"id": list(range(len(TEXTS))), "text": TEXTS})
    cleaned = dataset.map(CleanColumn("text"), batched=True, batch_size=4, num_proc=2)
    shard = tmp_path / "shard.jsonl"
    shard.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(TEXTS)))
    code, _, err = run(["-q", "--output-dir", str(tmp_path / "out"), str(shard)], capfdbinary)
    assert code == 2 and "field 'text' is not a string; passed through unchanged" in err  # the command says so
    written = [json.loads(line) for line in (tmp_path / "out" / "shard.jsonl").read_text().splitlines()]
    assert cleaned["text"] == [record["text"] for record in written]
    assert cleaned["id"] == list(range(len(TEXTS)))  # the other columns stay, in order
    assert cleaned["text"][0] == f"{PROSE_BEFORE}\n{PROSE_AFTER}\n" and cleaned["text"][2] is None
    counts = [len(clean_and_explain(t).removals) if t is not None else 0 for t in TEXTS]
    assert cleaned[REMOVED_LINES_COLUMN] == counts and counts[0] == 3
    assert cleaned["cleantext_removed_NAV"][0] == 1 and cleaned["cleantext_removed_SOCIAL"][0] == 1
    assert sum(sum(cleaned[f"cleantext_removed_{s}"]) for s in RULE_SETS) == sum(counts)


def test_without_counts_only_the_column_changes_and_the_config_is_used() -> None:
    dataset = datasets.Dataset.from_dict({"body": [JUNK_PAGE, None]})
    config = Config(ignore=("NAV",))
    cleaned = dataset.map(CleanColumn("body", config, counts=False), batched=True)
    assert cleaned.column_names == ["body"]
    assert cleaned["body"] == [clean(JUNK_PAGE, config), None] and cleaned["body"][0].startswith("Breaking News")


def test_bad_values_and_a_missing_column_are_clear_errors() -> None:
    with pytest.raises(TypeError, match=r"column 'text', row 1 of the batch: a int, not a string or null"):
        CleanColumn()({"text": ["fine", 7]})
    numbers = datasets.Dataset.from_dict({"text": [1, 2]})
    with pytest.raises(TypeError, match="not a string or null"):
        numbers.map(CleanColumn(), batched=True)
    with pytest.raises(KeyError, match=r"no column 'body' \(it has \['text'\]\)"):
        CleanColumn("body")({"text": ["x"]})
    with pytest.raises(TypeError, match=r"cleantext\.Config"):
        CleanColumn("text", {"ignore": ["NAV"]})  # type: ignore[arg-type]


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Hugging Face datasets", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "raw").mkdir()
    with gzip.open(tmp_path / "raw" / "part-0.jsonl.gz", "wt", encoding="utf-8") as shard:
        shard.writelines(json.dumps({"text": t}) + "\n" for t in [JUNK_PAGE, "Share this\nLeave a Reply\n"])
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), scope)
    cleaned = scope["dataset"]
    assert isinstance(cleaned, datasets.Dataset)
    assert cleaned["text"] == [clean(JUNK_PAGE, Config(text="page"))]  # the all-junk record is filtered out
