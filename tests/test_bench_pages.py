"""Properties on real scraped pages from ../shared/bench (a sample of every set and view)."""

from __future__ import annotations

import gzip
import itertools
import json
from typing import Any

import pytest
from scoring import SETS

from cleantext import clean, clean_and_explain
from conftest import BENCH, needs_bench

VIEWS = ("recall", "readability", "page")
PAGES_PER_SET = 40


def sample(dataset: str) -> list[dict[str, Any]]:
    with gzip.open(BENCH / f"{dataset}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, PAGES_PER_SET)]


@needs_bench
@pytest.mark.parametrize("dataset", SETS)
def test_real_pages_clean_idempotently_and_keep_lines_in_order(dataset: str) -> None:
    for record in sample(dataset):
        for view in VIEWS:
            text = record.get(view) or ""
            result = clean_and_explain(text)
            assert clean(result.text) == result.text, (dataset, record["id"], view)
            remaining = iter(text.split("\n"))
            assert all(line in remaining for line in result.text.split("\n")), (dataset, record["id"], view)
