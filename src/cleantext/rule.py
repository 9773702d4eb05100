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
    # Off unless selected by its code or its set (not by ``ALL``): what it removes is article in
    # some conventions and not in others, so the default keeps it.
    OPT_IN = "opt-in"

    def __str__(self) -> str:
        return self.value


class Shape(enum.Enum):
    """What a phrase rule's matches are, which says what it may do to a line that reads as prose.

    Every phrase rule matches a whole line, but many allow a free lead-in or tail around their phrase
    (``.{0,200}\\ball rights reserved\\b.{0,200}``), and so can match an article's sentence that
    merely holds the phrase. For a line that reads as prose (``heuristics.reads_as_prose``):
    """

    #: The rule's phrase can stand inside a sentence: it removes the line only where the phrase opens a
    #: sentence (``heuristics.phrase_opens_sentence``), as a notice or widget begins, not where it sits
    #: inside one. The default: a sentence of the article is never lost to a phrase it happens to hold.
    PHRASE = "phrase"
    #: Every line the rule matches is the notice itself, however it is worded (a cookie banner's
    #: ``By continuing to browse the site you agree to our use of cookies.``): no guard.
    NOTICE = "notice"

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
    shape: Shape = Shape.PHRASE

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
