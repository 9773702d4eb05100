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
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: How many leading characters a prefix holds: enough to tell most rules apart.
PREFIX_CHARS = 3
#: A rule with more prefixes than this is indexed by shorter ones instead.
MAX_PREFIXES = 256
#: A character class wider than this is treated as "any character".
_MAX_CLASS = 40
#: A class of at most this many characters can stand in for a required literal.
_MAX_REQUIRED_CHARS = 4
#: Bounds the analysis of nested optional parts; deeper patterns fall back safely.
_MAX_DEPTH = 24
#: A form that matches at most this many strings is indexed by them all (see ``_strings``).
MAX_WHOLE = 64
#: Repeats up to this bound are spelt out when a form's strings are listed.
_MAX_WHOLE_REPEAT = 8
#: How many distinct line starts (and ends) a dispatch remembers the entries of before it starts afresh.
_MEMO_MAX = 1 << 12

_Items = list[tuple[Any, Any]]
#: The parser's repeat operators, and its assertions (which only narrow a match: an analysis that
#: leaves them out widens it, which is safe).
REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT} | ({sre.POSSESSIVE_REPEAT} if hasattr(sre, "POSSESSIVE_REPEAT") else set())
ASSERTIONS = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


#: Non-ASCII letters that `regex`, ignoring case, takes for an ASCII one, which lower-casing does not
#: make that letter: a key is looked up with them made ASCII (and the scan reads them so).
#: ``test_scan`` compares every letter of the rules against every cased character.
ASCII_CASES = {"\u017f": "s", "\u212a": "k", "\u0130": "i", "\u0131": "i"}
_TO_ASCII_CASES = str.maketrans(ASCII_CASES)


def to_ascii_cases(text: str) -> str:
    """``text`` with the letters of ``ASCII_CASES`` made the ASCII ones they stand for."""
    if text.isascii() or not any(char in text for char in ASCII_CASES):
        return text
    return text.translate(_TO_ASCII_CASES)


_UNICODE_CLASS = re.compile(r"\\p\{\w+\}")
#: `regex` syntax that the standard library's parser reads as something else, literal text: fuzzy
#: matching (``(?:word){e<=1}``) and POSIX classes (``[[:alpha:]]``).
_READ_OTHERWISE = re.compile(r"(?<!\\)\{[\d\s<=+,eisd]*[eisd][\d\s<=+,eisd]*\}|\[:\^?[a-z]+:\]")


def parse(pattern: str) -> _Items | None:
    """The pattern as the standard library's parser reads it; None where it cannot."""
    # The analysis reads the pattern with the standard library's parser; the
    # `regex`-only letter classes the rules use (\p{Lu}, \p{Ll}) are widened to
    # word characters for it.
    if _READ_OTHERWISE.search(pattern):
        return None
    try:
        parsed = sre_parse.parse(_UNICODE_CLASS.sub(r"\\w", pattern), sre.SRE_FLAG_IGNORECASE)
    except Exception:  # any syntax the parser lacks: no prefilter, the rule is always tried
        return None
    return list(parsed)


def _class_chars(members: Sequence[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif (op, av) == (sre.CATEGORY, sre.CATEGORY_DIGIT):
            # ASCII digits only: a key starting with another script's digit
            # may be missed, which costs a removal, never a kept line.
            chars.update("0123456789")
        else:  # NEGATE, CATEGORY, wide ranges
            return None
    return chars if len(chars) <= _MAX_CLASS else None


def _only_space(op: Any, av: Any) -> bool:
    if op is sre.IN:
        return all(m == (sre.CATEGORY, sre.CATEGORY_SPACE) for m in av)
    if op in REPEATS:
        return all(_only_space(o, a) for o, a in av[2])
    return False


class _TooMany(Exception):
    """More than MAX_PREFIXES prefixes of the length being tried: try shorter ones."""


def _prefixes(items: _Items, length: int, acc: str = "", depth: int = 0) -> set[str] | None:
    """Every string of up to ``length`` characters a match can start with; None if any."""
    stop = {acc} if acc else None
    if len(acc) >= length or depth > _MAX_DEPTH:
        return stop
    if not items:
        return stop  # the pattern can end here: only what was read so far is certain
    (op, av), rest = items[0], items[1:]
    if op in ASSERTIONS:
        return _prefixes(rest, length, acc, depth)
    if not acc and _only_space(op, av):
        # Keys never start with white space, so this path matches no key at all;
        # an optional space is skipped.
        return _prefixes(rest, length, acc, depth) if op in REPEATS and av[0] == 0 else set()
    if op is sre.LITERAL:
        return _prefixes(rest, length, acc + chr(av).lower(), depth)
    if op is sre.IN:
        chars = _class_chars(av)
        return stop if chars is None else _bounded(_prefixes(rest, length, acc + ch, depth) for ch in chars)
    if op is sre.BRANCH:
        return _bounded(_prefixes(list(alt) + rest, length, acc, depth + 1) for alt in av[1])
    if op is sre.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest, length, acc, depth + 1)
    if op in REPEATS:
        low, high, body = av
        again = [] if high == 1 else [(op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, body))]
        once = _prefixes(list(body) + again + rest, length, acc, depth + 1)
        return once if low > 0 else _bounded([once, _prefixes(rest, length, acc, depth + 1)])
    return stop


def _bounded(results: Iterable[set[str] | None]) -> set[str] | None:
    found = _union(results)
    if found is not None and len(found) > MAX_PREFIXES:
        raise _TooMany
    return found


def _starts(items: _Items) -> frozenset[str] | None:
    """The prefixes of ``items``, as long as possible up to PREFIX_CHARS but at most MAX_PREFIXES of them.

    Enumeration stops as soon as a length gives too many (``[a-z]{3}`` would
    give 17,576), and the next shorter length is tried.
    """
    for length in range(PREFIX_CHARS, 0, -1):
        try:
            found = _prefixes(items, length)
        except _TooMany:
            continue
        return None if found is None else frozenset(found)
    return None


def _reversed(items: _Items) -> _Items:
    """The pattern read backwards, so that ``_prefixes`` of it gives the endings of matches."""
    out: _Items = []
    for op, av in reversed(items):
        if op is sre.SUBPATTERN:
            av = (*av[:-1], _reversed(list(av[-1])))
        elif op is sre.BRANCH:
            av = (av[0], [_reversed(list(alt)) for alt in av[1]])
        elif op in REPEATS:
            av = (av[0], av[1], _reversed(list(av[2])))
        out.append((op, av))
    return out


def _union(results: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for result in results:
        if result is None:
            return None
        out |= result
    return out


def _required(items: _Items) -> set[str] | None:
    """Literals of which every match contains at least one; None if none is certain."""
    best: set[str] | None = None

    def offer(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or _strength(candidate) > _strength(best)):
            best = candidate

    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av).lower()
            continue
        offer({run} if run else None)
        run = ""
        if op is sre.SUBPATTERN:
            offer(_required(list(av[-1])))
        elif op is sre.BRANCH:
            offer(_union(_required(list(alt)) for alt in av[1]))
        elif op in REPEATS and av[0] >= 1:
            offer(_required(list(av[2])))
        elif op is sre.IN:
            chars = _class_chars(av)
            offer(chars if chars is not None and len(chars) <= _MAX_REQUIRED_CHARS else None)
    offer({run} if run else None)
    return best


def _strength(literals: set[str]) -> tuple[int, int]:
    # Longer literals are rarer; fewer alternatives are cheaper to test.
    return (min(len(s) for s in literals), -len(literals))


@dataclass(frozen=True)
class Analysis:
    prefixes: frozenset[str] | None
    suffixes: frozenset[str] | None
    required: frozenset[str] | None
    widths: tuple[int, int] = (0, sys.maxsize)  # the shortest and longest key the pattern can match
    #: Every key the form can match, lower-cased, when they are few (then the other indices are None).
    whole: frozenset[str] | None = None


def _common_start(prefixes: frozenset[str]) -> bool:
    """Whether some prefix is a single letter or digit, which most lines start with."""
    return any(len(p) == 1 and p.isalnum() for p in prefixes)


def _common_end(suffixes: frozenset[str]) -> bool:
    """Whether some suffix is a single letter, digit or sentence mark, which most lines end with."""
    return any(len(p) == 1 and (p.isalnum() or p in ".!?,:;") for p in suffixes)


def _strings(items: _Items, depth: int = 0) -> set[str] | None:
    """Every string ``items`` can match, lower-cased, if there are at most ``MAX_WHOLE``; else None.

    Assertions are skipped (the strings may then be more than the matches, never fewer), and so is
    case: a part that must be upper case is listed lower-cased, like the key it is looked up with.
    """
    if depth > _MAX_DEPTH:
        return None
    out = {""}
    for op, av in items:
        parts: set[str] | None
        if op in ASSERTIONS:
            continue
        if op is sre.LITERAL:
            parts = {chr(av).lower()}
        elif op is sre.IN:
            parts = _class_chars(av)
        elif op is sre.BRANCH:
            parts = _union(_strings(list(alt), depth + 1) for alt in av[1])
        elif op is sre.SUBPATTERN:
            parts = _strings(list(av[-1]), depth + 1)
        elif op in REPEATS and av[1] <= _MAX_WHOLE_REPEAT:
            body = _strings(list(av[2]), depth + 1)
            parts = None if body is None else _repeated(body, av[0], av[1])
        else:
            return None
        if parts is None or len(out) * len(parts) > MAX_WHOLE:
            return None
        out = {a + b for a in out for b in parts}
    return out


def _repeated(body: set[str], low: int, high: int) -> set[str] | None:
    found: set[str] = set()
    run = {""}
    for n in range(high + 1):
        if n >= low:
            found |= run
        if len(found) > MAX_WHOLE or len(run) * len(body) > MAX_WHOLE:
            return None
        run = {a + b for a in run for b in body}
    return found


def _analyse_items(items: _Items) -> Analysis:
    low, high = sre_parse.SubPattern(sre_parse.State(), items).getwidth()
    widths = (low, min(high, sys.maxsize))
    whole = _strings(items)
    if whole:
        return Analysis(None, None, None, widths, frozenset(whole))
    prefixes = _starts(items)
    if prefixes is not None and not _common_start(prefixes):
        return Analysis(prefixes, None, None, widths)
    endings = _starts(_reversed(items))
    suffixes = None if endings is None else frozenset(e[::-1] for e in endings)
    if suffixes is not None and not _common_end(suffixes):
        return Analysis(None, suffixes, None, widths)
    # A bare letter or digit as prefix, or a final full stop as suffix, would
    # propose the pattern for most lines: a required literal does better.
    required = _required(items)
    if required is not None and (prefixes is None or min(len(x) for x in required) >= 2):
        return Analysis(None, None, frozenset(required), widths)
    if prefixes is not None:
        return Analysis(prefixes, None, None, widths)
    return Analysis(None, suffixes, None, widths)


def analyse(pattern: str) -> Analysis:
    """How to find the lines ``pattern`` could match, cheapest first.

    A prefix or suffix costs a dictionary look-up per line, a required literal
    a search of the document.
    """
    items = parse(pattern)
    if items is None:
        return Analysis(None, None, None)
    return _analyse_items(items)


def analyse_alternatives(pattern: str) -> tuple[Analysis, ...]:
    """One analysis per top-level alternative of ``pattern``, or one for all of it.

    Rules are alternations of forms (``one_of``); one form without a prefix
    would otherwise send the whole rule to a literal search or make it tried
    on every line. A line matches the pattern only if it matches one of the
    alternatives, so proposing the rule when any alternative's index fires
    stays sound.
    """
    items = parse(pattern)
    if items is None:
        return (Analysis(None, None, None),)
    branch = next((k for k, (op, _) in enumerate(items) if op is sre.BRANCH), None)
    if branch is None:
        return (_analyse_items(items),)
    before, (_, (_, alternatives)), after = items[:branch], items[branch], items[branch + 1 :]
    analyses = tuple(_analyse_items(before + list(alt) + after) for alt in alternatives)
    if all(a.prefixes is not None for a in analyses):
        # Every form has a prefix: one entry for them all is as selective and cheaper.
        return (
            Analysis(
                frozenset().union(*(a.prefixes or () for a in analyses)),
                None,
                None,
                (min(a.widths[0] for a in analyses), max(a.widths[1] for a in analyses)),
            ),
        )
    return analyses


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
