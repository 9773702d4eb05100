"""Cleaning a column of a Hugging Face ``datasets.Dataset`` with ``Dataset.map``.

Install with ``pip install 'cleantext-boilerplate[datasets]'``. This module
does not import ``datasets`` itself: ``Dataset.map`` only calls the cleaner
with batches of columns, which are plain lists.

    from datasets import load_dataset
    from cleantext.integrations.datasets import CleanColumn

    dataset = load_dataset("json", data_files="raw/*.jsonl.gz", split="train")
    dataset = dataset.map(CleanColumn("text"), batched=True, num_proc=8)

The cleaner is a plain object holding its config, so ``num_proc`` workers
receive it once each, and it gives the same texts as ``cleantext
--output-dir`` with the same config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cleantext.config import Config
from cleantext.integrations.columns import REMOVED_LINES_COLUMN, RULE_SETS, checked_config, clean_values

__all__ = ["REMOVED_LINES_COLUMN", "RULE_SETS", "CleanColumn"]


class CleanColumn:
    """``Dataset.map(CleanColumn("text"), batched=True)``: cleans one column in place, adds the counts.

    A null stays null (and counts nothing), as a record without text passes
    through the command; any other value that is not a string is an error
    that names the column and the row of the batch. With ``counts=False`` only
    the column changes.
    """

    def __init__(self, column: str = "text", config: Config | None = None, *, counts: bool = True) -> None:
        self.column = column
        self.config = checked_config(config)
        self.counts = counts

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        if self.column not in batch:
            raise KeyError(f"cleantext: the dataset has no column {self.column!r} (it has {sorted(batch)})")
        return clean_values(batch[self.column], self.config, self.column, counts=self.counts)
