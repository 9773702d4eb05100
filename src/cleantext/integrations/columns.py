"""Cleaning a column of texts for the dataframe engines (``datasets``, ``spark``): texts and counts.

Each engine hands over a batch of a column's values as a list; this module
cleans them as the command cleans a shard's records and counts the removed
lines per rule set, in columns that every batch has, whatever it removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from cleantext.config import LEARNED_RULE_CODE, USER_RULE_CODE, Config
from cleantext.engine import clean, clean_and_explain
from cleantext.rule import rule_set_of
from cleantext.rules import REGISTRY

#: The column of removed lines per document; one ``cleantext_removed_<SET>`` column per rule set.
REMOVED_LINES_COLUMN = "cleantext_removed_lines"
#: Every rule set a removal can belong to: each gets its column, so every batch has the same schema.
RULE_SETS = tuple(sorted({rule_set_of(code) for code in [*REGISTRY, LEARNED_RULE_CODE, USER_RULE_CODE]}))
#: The count columns, in order: removed lines, then one per rule set.
COUNT_COLUMNS = (REMOVED_LINES_COLUMN, *(f"cleantext_removed_{rule_set}" for rule_set in RULE_SETS))


def checked_config(config: Config | None) -> Config:
    """``config``, or the default one; anything else is refused when the cleaner is set up, not at its
    first batch on some worker."""
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"config must be a cleantext.Config, not {type(config).__name__}")
    return config if config is not None else Config()


def clean_values(values: Iterable[Any], config: Config, column: str, *, counts: bool) -> dict[str, list[Any]]:
    """``{column: cleaned texts}``, and with ``counts`` the ``COUNT_COLUMNS`` too, for one batch.

    A null stays null and counts nothing, as a record without text passes
    through the command; any other value that is not a string is a TypeError
    naming the column and the row of the batch.
    """
    texts: list[str | None] = []
    counted: dict[str, list[int]] = {name: [] for name in COUNT_COLUMNS} if counts else {}
    for row, value in enumerate(values):
        if value is not None and not isinstance(value, str):
            raise TypeError(
                f"cleantext: column {column!r}, row {row} of the batch: a {type(value).__name__}, not a string or null"
            )
        if not counts:
            texts.append(None if value is None else clean(value, config))
            continue
        sets: Counter[str] = Counter()
        if value is None:
            texts.append(None)
        else:
            result = clean_and_explain(value, config)
            texts.append(result.text)
            sets.update(rule_set_of(r.code) for r in result.removals)
        counted[REMOVED_LINES_COLUMN].append(sum(sets.values()))
        for rule_set in RULE_SETS:
            counted[f"cleantext_removed_{rule_set}"].append(sets[rule_set])
    return {column: texts, **counted}
