"""What every line a phrase rule's pattern matches must hold, read from the pattern itself.

Each top-level alternative of a pattern (a rule's form) is parsed with the
standard library's parser and analysed for the whole keys it can match (if
few), the prefixes and suffixes its keys start and end with, the literals
they must contain, and the widths they can have. The analysis
over-approximates: it may allow a key the pattern does not match, never the
reverse (see ``cleantext.prefilter``, which indexes rules by it, and
``cleantext.scan``, which translates patterns with the same parser).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
