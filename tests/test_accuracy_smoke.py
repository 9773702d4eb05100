"""A fast accuracy check on real pages: the cleaner must keep the article and beat doing nothing.

Runs on an evenly spaced sample of every labelled set in ../shared/bench (recall
view), scored with the benchmark's own definitions (benchmarks/scoring.py). The
full figures come from ``python benchmarks/accuracy.py``; this only guards
against a change that starts losing body lines or makes the output worse than
the input.
"""

from __future__ import annotations

from typing import Any

import pytest
from scoring import LABELLED_SETS, LineLabeler, Score, read_set

from cleantext import clean
from conftest import BENCH, needs_bench

PAGES_PER_SET = 15
#: The floor the issue sets for the recall view: at most one body line in 200 may go.
MIN_BODY_KEPT = 0.995


def evenly_spaced(dataset: str) -> list[dict[str, Any]]:
    pages = list(read_set(BENCH / f"{dataset}.jsonl.gz"))
    return pages[:: max(1, len(pages) // PAGES_PER_SET)][:PAGES_PER_SET]


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[Score, Score]]:
    """For each set: the cleaner's score and the identity's (the input left as it is)."""
    out: dict[str, tuple[Score, Score]] = {}
    for dataset in LABELLED_SETS:
        cleaned, identity = Score(), Score()
        for page in evenly_spaced(dataset):
            source = page["recall"] or ""
            cleaned.add(page, source, clean(source), LineLabeler(page["gold"]))
            identity.add(page, source, source, None)
        out[dataset] = (cleaned, identity)
    return out


@needs_bench
def test_sample_covers_every_labelled_set(scores: dict[str, tuple[Score, Score]]) -> None:
    for dataset, (cleaned, _) in scores.items():
        assert cleaned.pages == PAGES_PER_SET, dataset
        assert cleaned.lines["body"] > 0, dataset


@needs_bench
def test_body_lines_are_kept(scores: dict[str, tuple[Score, Score]]) -> None:
    body = sum(cleaned.lines["body"] for cleaned, _ in scores.values())
    kept = sum(cleaned.lines["body_kept"] for cleaned, _ in scores.values())
    assert kept / body >= MIN_BODY_KEPT, f"bodyKept {kept}/{body} = {kept / body:.4f} on the recall-view sample"


@needs_bench
@pytest.mark.parametrize("dataset", LABELLED_SETS)
def test_cleaning_is_better_than_doing_nothing(scores: dict[str, tuple[Score, Score]], dataset: str) -> None:
    cleaned, identity = scores[dataset]
    f1, baseline = cleaned.figures()["F1"], identity.figures()["F1"]
    assert f1 is not None and baseline is not None
    assert f1 >= baseline, f"{dataset}: macro F1 {f1:.4f} below the identity's {baseline:.4f}"
