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

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from cleantext.config import LEARNED_RULE_CODE, USER_RULE_CODE, Config
from cleantext.engine import clean, clean_and_explain
from cleantext.rule import rule_set_of
from cleantext.rules import REGISTRY

#: The column of removed lines per document; one ``cleantext_removed_<SET>`` column per rule set.
REMOVED_LINES_COLUMN = "cleantext_removed_lines"
#: Every rule set a removal can belong to: each gets its column, so every batch has the same schema.
RULE_SETS = tuple(sorted({rule_set_of(code) for code in [*REGISTRY, LEARNED_RULE_CODE, USER_RULE_CODE]}))


class CleanColumn:
    """``Dataset.map(CleanColumn("text"), batched=True)``: cleans one column in place, adds the counts.

    A null stays null (and counts nothing), as a record without text passes
    through the command; any other value that is not a string is an error
    that names the column and the row of the batch. With ``counts=False`` only
    the column changes.
    """

    def __init__(self, column: str = "text", config: Config | None = None, *, counts: bool = True) -> None:
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a cleantext.Config, not {type(config).__name__}")
        self.column = column
        self.config = config if config is not None else Config()
        self.counts = counts

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        if self.column not in batch:
            raise KeyError(f"cleantext: the dataset has no column {self.column!r} (it has {sorted(batch)})")
        texts: list[str | None] = []
        removed: list[int] = []
        by_set: dict[str, list[int]] = {rule_set: [] for rule_set in RULE_SETS}
        for row, value in enumerate(batch[self.column]):
            if value is not None and not isinstance(value, str):
                raise TypeError(
                    f"cleantext: column {self.column!r}, row {row} of the batch: "
                    f"a {type(value).__name__}, not a string or null"
                )
            if not self.counts:
                texts.append(None if value is None else clean(value, self.config))
                continue
            sets: Counter[str] = Counter()
            if value is None:
                texts.append(None)
            else:
                result = clean_and_explain(value, self.config)
                texts.append(result.text)
                sets.update(rule_set_of(r.code) for r in result.removals)
            removed.append(sum(sets.values()))
            for rule_set, column in by_set.items():
                column.append(sets[rule_set])
        out: dict[str, list[Any]] = {self.column: texts}
        if self.counts:
            out[REMOVED_LINES_COLUMN] = removed
            out.update({f"cleantext_removed_{rule_set}": column for rule_set, column in by_set.items()})
        return out
