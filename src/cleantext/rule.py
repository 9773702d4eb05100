"""What a rule is: a named, documented, explainable reason to remove a line."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Zone(enum.Enum):
    """Where in a document a rule may remove a line.

    The top zone is every line before the first prose line, the bottom zone
    every line after the last one (see ``heuristics.is_prose``), counting only
    prose lines that the rules acting anywhere kept. Phrases that
    are junk only at an edge (a bare ``en`` language stub) are confined there,
    so the same words inside the article are never touched.
    """

    ANYWHERE = "anywhere"
    TOP = "top"
    BOTTOM = "bottom"
    EDGE = "edge"  # top or bottom
    NEAR_JUNK = "near-junk"  # only when the next non-blank line on one side is removed

    def __str__(self) -> str:
        return self.value


class Status(enum.Enum):
    STABLE = "stable"
    PREVIEW = "preview"  # off unless the config turns preview rules on

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Rule:
    """One kind of boilerplate line.

    ``pattern`` is matched (case-insensitively, as a full match) against the
    line's key: the line without surrounding white space, list bullets and
    table pipes. A rule without a pattern is a context heuristic applied by
    the engine itself; its reasoning lives in ``heuristics.py``.
    """

    code: str
    name: str
    why: str
    example: str
    pattern: str | None = None
    zone: Zone = Zone.ANYWHERE
    status: Status = Status.STABLE
    since: str = "0.1.0"

    @property
    def rule_set(self) -> str:
        return rule_set_of(self.code)

    @property
    def where(self) -> str:
        """Where the rule acts, for listings: its zone, or ``context`` for a heuristic of the engine's."""
        return str(self.zone) if self.pattern is not None else "context"

    @property
    def summary(self) -> str:
        """The first sentence of ``why``, for one-line listings."""
        first, _, _ = self.why.partition(". ")
        return first.rstrip(".") + "."


def rule_set_of(code: str) -> str:
    """The code's letter prefix (``NAV`` for ``NAV001``, ``USER`` for ``USER001``)."""
    return code.rstrip("0123456789")


def one_of(*alternatives: str) -> str:
    """A non-capturing alternation, so patterns can be written one form per line."""
    return "(?:" + "|".join(alternatives) + ")"
