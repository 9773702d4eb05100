"""Properties on real scraped pages from ../shared/bench (a sample of every set and view)."""

from __future__ import annotations

import functools
import gzip
import itertools
import json
from typing import Any

import pytest
from scoring import SETS, read_set

from cleantext import Config, clean, clean_and_explain
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
            for config in (Config(text="page"), Config(text="auto", cut="hard")):  # clean() words no reasons
                assert clean(text, config) == clean_and_explain(text, config).text, (dataset, record["id"], view)
            remaining = iter(text.split("\n"))
            assert all(line in remaining for line in result.text.split("\n")), (dataset, record["id"], view)


@functools.cache
def whole_pages() -> tuple[tuple[str, str], ...]:
    """(set and id, page view) of every page of every set."""
    return tuple(
        (f"{dataset} {r['id']}", r.get("page") or "")
        for dataset in SETS
        for r in read_set(BENCH / f"{dataset}.jsonl.gz")
    )


@needs_bench
@pytest.mark.parametrize(
    "config",
    [Config(text="page", cut=cut) for cut in ("gentle", "balanced", "hard")] + [Config(text="auto")],
    ids=lambda c: f"{c.text}-{c.cut}",
)
def test_every_real_page_cleans_idempotently_in_page_mode(config: Config) -> None:
    # Generated documents do not find everything: blocks that a second cleaning joins, headings in a
    # head, a page that auto takes for a page once and for extractor output the second time.
    changed = []
    for name, page in whole_pages():
        once = clean(page, config)
        if clean(once, config) != once:
            changed.append(name)
    assert changed == []
