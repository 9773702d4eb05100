"""Which phrase rules could match a line, decided before any pattern runs.

Running every rule's pattern on every line costs about a microsecond per rule
per line, almost all of it spent on lines no rule matches. So each pattern is
analysed once, when a config is compiled, for what every line it matches must
contain:

- the *whole key*: a form that matches only a few strings (``share this``,
  ``share``) is indexed by them, lower-cased, and proposed only for those keys;
- a *prefix*: the line's key, lower-cased, starts with one of a few strings
  of up to ``PREFIX_CHARS`` characters (``"bre"`` for ``breaking news``);
- failing that, a *required literal*: one of a few strings occurs somewhere
  in it (``"©"`` or ``"copyright"`` for a copyright notice).

Each top-level alternative of a pattern (a rule's forms) is analysed on its
own, so one form without a prefix does not send the whole rule to a slower
index. A line is then matched only against the rules one of whose forms has
its whole key, prefix, suffix (the same analysis run backwards) or required
literal, and can match a key of its length. The analysis over-approximates (it may propose a rule that
then does not match) but never under-approximates for ASCII text (nor for
the few non-ASCII letters `regex` takes for ASCII ones, ``ASCII_CASES``, which
keys are looked up as); where it cannot decide, the rule is tried on every
line. A prefilter can only make the cleaner skip work, never remove a line its
pattern would not match. (A key that starts with another script's digit, or a
letter lower-casing does not fold as `regex` does, such as a final sigma, may
be missed: the document scan, ``cleantext.scan``, finds those too.)
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cleantext.analysis import Analysis, analyse_alternatives, to_ascii_cases

#: How many distinct line starts (and ends) a dispatch remembers the entries of before it starts afresh.
_MEMO_MAX = 1 << 12


#: The analyses of the built-in rules' patterns, by the pattern's digest (``write_index`` writes it;
#: a test fails when it is stale).
INDEX_FILE = Path(__file__).resolve().parent / "rules" / "prefilter_index.json"


def _digest(pattern: str) -> str:
    return hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:32]


def _to_json(analysis: Analysis) -> dict[str, Any]:
    def strings(values: frozenset[str] | None) -> list[str] | None:
        return None if values is None else sorted(values)

    low, high = analysis.widths
    return {
        "prefixes": strings(analysis.prefixes),
        "suffixes": strings(analysis.suffixes),
        "required": strings(analysis.required),
        "widths": [low, None if high == sys.maxsize else high],
        "whole": strings(analysis.whole),
    }


def _from_json(data: dict[str, Any]) -> Analysis:
    def strings(values: list[str] | None) -> frozenset[str] | None:
        return None if values is None else frozenset(values)

    low, high = data["widths"]
    return Analysis(
        strings(data["prefixes"]),
        strings(data["suffixes"]),
        strings(data["required"]),
        (low, high or sys.maxsize),
        strings(data["whole"]),
    )


def index_of(patterns: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """What ``INDEX_FILE`` holds for these patterns: each one's analyses, freshly made."""
    return {_digest(p): [_to_json(a) for a in analyse_alternatives(p)] for p in patterns}


@functools.cache
def _shipped_analyses() -> dict[str, tuple[Analysis, ...]]:
    try:
        data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no index (a source tree being edited): analyse every pattern
        return {}
    return {digest: tuple(_from_json(a) for a in analyses) for digest, analyses in data.items()}


def _analyses_or_none(pattern: str) -> tuple[Analysis, ...]:
    """The pattern's analyses; a construct the analysis cannot follow (a back-reference in a user
    pattern, say) leaves the pattern unindexed, tried on every line, which is always sound.

    The built-in rules' analyses come from ``INDEX_FILE``, made when the rules change: analysing
    them all takes about as long as compiling them, which a one-file command would pay each time.
    """
    known = _shipped_analyses().get(_digest(pattern))
    if known is not None:
        return known
    try:
        return analyse_alternatives(pattern)
    except Exception:
        return (Analysis(None, None, None),)


def _without_superstrings(literals: frozenset[str]) -> list[str]:
    """The literals that do not contain another one: a line with "affiliate " has "affiliate"."""
    return sorted(lit for lit in literals if not any(other != lit and other in lit for other in literals))


class Dispatch:
    """Maps a line's key to the indices of the rules worth trying on it, in rule order."""

    def __init__(self, patterns: Sequence[str], max_chars: int) -> None:
        self.max_chars = max_chars
        # Each alternative of each pattern is an *entry*, indexed by what its
        # analysis found; a line's entries map back to their rules at the end.
        self._by_whole: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}
        self._by_suffix: dict[str, list[int]] = {}
        self._by_literal: dict[str, list[int]] = {}  # literal -> entries that need it (or another of theirs)
        self._always: list[int] = []
        self._rule_of: list[int] = []
        self._widths: list[tuple[int, int]] = []
        for index, pattern in enumerate(patterns):
            for analysis in _analyses_or_none(pattern):
                entry = len(self._rule_of)
                self._rule_of.append(index)
                self._widths.append(analysis.widths)
                if analysis.whole is not None:
                    for string in analysis.whole:
                        self._by_whole.setdefault(string, []).append(entry)
                elif analysis.prefixes is not None:
                    for prefix in analysis.prefixes:
                        self._by_prefix.setdefault(prefix, []).append(entry)
                elif analysis.suffixes is not None:
                    for suffix in analysis.suffixes:
                        self._by_suffix.setdefault(suffix, []).append(entry)
                elif analysis.required is not None:
                    for literal in _without_superstrings(analysis.required):
                        self._by_literal.setdefault(literal, []).append(entry)
                else:
                    self._always.append(entry)
        # Several forms of one rule often share an index string (the 35 forms of the news-agency
        # credit all end in ``)``): under each string they become one entry, whose lengths span
        # theirs, so a line gathers one entry per rule rather than one per form.
        merged: dict[tuple[int, int, int], int] = {}
        for by_string in (self._by_whole, self._by_prefix, self._by_suffix, self._by_literal):
            for string, entries in by_string.items():
                by_string[string] = self._one_per_rule(entries, merged)
        self._prefix_lengths = sorted({len(p) for p in self._by_prefix})
        self._suffix_lengths = sorted({len(p) for p in self._by_suffix})
        # A line's prefix and suffix entries depend only on its first and last few characters: the
        # look-ups for each such string are made once and remembered (most lines share them).
        self._head_chars = max(self._prefix_lengths, default=0)
        self._tail_chars = max(self._suffix_lengths, default=0)
        self._heads: dict[str, tuple[int, ...]] = {}
        self._tails: dict[str, tuple[int, ...]] = {}

    def _one_per_rule(self, entries: list[int], merged: dict[tuple[int, int, int], int]) -> list[int]:
        """``entries`` with those of one rule replaced by one entry of the lengths they span together."""
        of_rule: dict[int, list[int]] = {}
        for entry in entries:
            of_rule.setdefault(self._rule_of[entry], []).append(entry)
        out: list[int] = []
        for rule, same in of_rule.items():
            if len(same) == 1:
                out.append(same[0])
                continue
            shortest, longest = min(self._widths[e][0] for e in same), max(self._widths[e][1] for e in same)
            span = (rule, shortest, longest)
            if span not in merged:
                merged[span] = len(self._rule_of)
                self._rule_of.append(rule)
                self._widths.append((shortest, longest))
            out.append(merged[span])
        return out

    @staticmethod
    def _hits(index: dict[str, list[int]], lengths: list[int], part: str, from_start: bool) -> tuple[int, ...]:
        """The entries ``index`` holds for the first (or last) n characters of ``part``, for each length n."""
        out: list[int] = []
        for n in lengths:
            out += index.get(part[:n] if from_start else part[-n:], ())
        return tuple(out)

    def candidates(self, keys: Sequence[str]) -> list[list[int]]:
        """For each line's key, the indices of the rules worth trying on it, in rule order.

        Prefixes and suffixes are looked up line by line; required literals are
        searched for once in the whole document, so a rule's literals cost one
        scan per document rather than one per line. Keys longer than
        ``max_chars`` get no candidates.
        """
        lowered = [to_ascii_cases(key).lower() if len(key) <= self.max_chars else "" for key in keys]
        # Hits are gathered in lists, repeats and all, and made unique once at the end:
        # a set per line costs several hundred bytes, which is most of a document's
        # memory on whole-page text with its many short lines.
        found: list[list[int]] = [list(self._always) if low else [] for low in lowered]
        heads, tails, by_whole = self._heads, self._tails, self._by_whole.get
        head_chars, tail_chars = self._head_chars, self._tail_chars
        if len(heads) > _MEMO_MAX or len(tails) > _MEMO_MAX:
            heads.clear()
            tails.clear()
        for entries, low in zip(found, lowered, strict=True):
            if not low:
                continue
            if whole := by_whole(low):
                entries += whole
            head = low[:head_chars]
            hit = heads.get(head)
            if hit is None:
                hit = heads[head] = self._hits(self._by_prefix, self._prefix_lengths, head, True)
            entries += hit
            if tail_chars:
                tail = low[-tail_chars:]
                hit = tails.get(tail)
                if hit is None:
                    hit = tails[tail] = self._hits(self._by_suffix, self._suffix_lengths, tail, False)
                entries += hit
        if self._by_literal:
            document = "\n".join(lowered)
            starts = list(itertools.accumulate((len(low) + 1 for low in lowered), initial=0))
            for literal, needing in self._by_literal.items():
                at = document.find(literal)
                while at != -1:
                    line = bisect.bisect_right(starts, at) - 1
                    found[line] += needing
                    at = document.find(literal, starts[line + 1])  # one hit per line is enough
        # A key shorter or longer than anything an alternative can match is no candidate for it.
        widths, rule_of = self._widths, self._rule_of
        out: list[list[int]] = []
        for key, entries in zip(keys, found, strict=True):
            size = len(key)
            out.append(sorted({rule_of[e] for e in entries if widths[e][0] <= size <= widths[e][1]}) if entries else [])
        return out

    @property
    def always_tried(self) -> tuple[int, ...]:
        """The rules tried on every line: one of their alternatives has no index."""
        return tuple(sorted({self._rule_of[e] for e in self._always}))


def write_index() -> None:
    """Write ``INDEX_FILE`` for the built-in rules: after a rule's pattern changes."""
    from cleantext.rules import REGISTRY

    index = index_of(rule.pattern for rule in REGISTRY.values() if rule.pattern)
    INDEX_FILE.write_text(json.dumps(index, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
