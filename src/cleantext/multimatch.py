"""Which phrase rules could match which lines of a document, found in C by RE2 sets.

Trying the rules' ``regex`` patterns line by line costs the cleaner most of its time, even behind
the prefilter (``cleantext.prefilter``): a Python call per line and per proposed rule. With
google-re2 installed (the ``fast`` extra), a document is instead scanned by RE2, which runs all
rules at once in one pass of a finite automaton:

1. Each rule's pattern is *widened* (``widen``) into an RE2 pattern that matches every line the
   original matches, and possibly more: counted repeats become unbounded, assertions and
   look-arounds are dropped, Unicode classes and case-insensitive letters become ranges that
   contain them (outside ASCII, often all of it). Widening needs no Unicode tables, so it stays
   sound whichever Unicode version RE2 or ``regex`` knows. A pattern it cannot widen (a
   back-reference, say) is left to the prefilter.
2. A set of all widened patterns tells which rules match some line of the document. Most
   extractor output has no such line, and is done after this one scan.
3. Otherwise a second set, of the widened patterns alone, is matched against each line's key.
4. The engine confirms every proposed (line, rule) pair with the rule's own ``regex`` pattern, on
   the line's key, exactly as without RE2.

So RE2 only decides which pairs are worth confirming, and a pair it proposes too many costs a
confirmation, never a removal: the output is the same with and without google-re2 (a test
compares both on generated documents and on the benchmark texts).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

#: Where every character outside ASCII lies: what widening falls back to where it cannot be exact.
_NON_ASCII = (0x80, 0x10FFFF)
_ANY = (0, 0x10FFFF)
_NEWLINE = 10
_Ranges = list[tuple[int, int]]

#: The characters outside ASCII that ``regex`` takes for an ASCII letter when it ignores case (the
#: Kelvin sign for ``k``, the long s for ``s``, the dotted capital I for ``i``); a test checks the
#: table against ``regex`` over every code point.
ASCII_CASE_FOLDS = {"i": (0x130,), "k": (0x212A,), "s": (0x17F,)}

#: What ``str.strip`` takes for white space (``str.isspace``), which a line's key is stripped of; a
#: test checks it over every code point.
STRIP_SPACE: _Ranges = [(0x9, 0xD), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A)]
STRIP_SPACE += [(0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000)]

_ASCII_DIGIT: _Ranges = [(0x30, 0x39)]
_ASCII_SPACE: _Ranges = [(0x9, 0xD), (0x20, 0x20)]
_ASCII_NOT_WORD: _Ranges = [(0x0, 0x2F), (0x3A, 0x40), (0x5B, 0x5E), (0x60, 0x60), (0x7B, 0x7F)]

# ``regex``'s Unicode classes (\p{Lu}) are unknown to the standard parser that widening reads
# patterns with: each becomes this character first, and then "any character".
_PROPERTY_MARK = "\U0010fffd"
_PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}")
# Syntax the standard parser would read as something else, silently: POSIX classes ([[:alpha:]])
# and fuzzy matching ({e<=1}) are literal text to it. Such patterns are not widened.
_MISREAD = regex.compile(r"\[:\^?\w+:\]|(?<!\\)(?:\\\\)*\{(?!\d*(?:,\d*)?\})")


class _CannotWiden(Exception):
    pass


def _merge(ranges: _Ranges) -> _Ranges:
    out: _Ranges = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(high, out[-1][1]))
        else:
            out.append((low, high))
    return out


def _complement(ranges: _Ranges) -> _Ranges:
    out: _Ranges = []
    at = 0
    for low, high in _merge(ranges):
        if low > at:
            out.append((at, low - 1))
        at = high + 1
    if at <= _ANY[1]:
        out.append((at, _ANY[1]))
    return out


def _folds_to_ascii(low: int, high: int) -> _Ranges:
    """Both cases of the ASCII letters that a character in ``low..high`` outside ASCII stands for."""
    out: _Ranges = []
    for letter, codes in ASCII_CASE_FOLDS.items():
        if any(low <= code <= high for code in codes):
            out += [(ord(letter), ord(letter)), (ord(letter.upper()), ord(letter.upper()))]
    return out


def _covering(low: int, high: int, caseless: bool) -> _Ranges:
    """Ranges holding every character ``regex`` takes for one in ``low..high``: a superset."""
    if not caseless:
        return [(low, high)]
    out: _Ranges = [(low, high)]
    for code in range(low, min(high, 0x7F) + 1):
        char = chr(code)
        if char.isalpha():
            out.append((ord(char.swapcase()),) * 2)
            out += [(c, c) for c in ASCII_CASE_FOLDS.get(char.lower(), ())]
    start = max(low, _NON_ASCII[0])
    if high >= start and (high - start > 0xFF or any(_is_cased(chr(c)) for c in range(start, high + 1))):
        # Outside ASCII, case is left to the widest answer rather than to a Unicode table.
        out += [_NON_ASCII, *_folds_to_ascii(start, high)]
    return out


def _is_cased(char: str) -> bool:
    """Whether ``char`` has another case, by any of Python's mappings (symbols and marks have none)."""
    return char.lower() != char or char.upper() != char or char.casefold() != char or char.title() != char


def _certain(low: int, high: int, caseless: bool) -> _Ranges:
    """Ranges of characters ``regex`` certainly takes for one in ``low..high``: a subset."""
    out: _Ranges = [(low, high)]
    if caseless:
        out += [(ord(chr(c).swapcase()),) * 2 for c in range(low, min(high, 0x7F) + 1) if chr(c).isalpha()]
    return out


# Over- and under-approximations of ``regex``'s Unicode \d \D \s \S \w \W, by ASCII alone.
_CATEGORY_COVERING: dict[Any, _Ranges] = {
    sre.CATEGORY_DIGIT: [*_ASCII_DIGIT, _NON_ASCII],
    sre.CATEGORY_NOT_DIGIT: _complement(_ASCII_DIGIT),
    sre.CATEGORY_SPACE: [*_ASCII_SPACE, (0x1C, 0x1F), _NON_ASCII],
    sre.CATEGORY_NOT_SPACE: _complement(_ASCII_SPACE),
    sre.CATEGORY_WORD: _complement(_ASCII_NOT_WORD),
    sre.CATEGORY_NOT_WORD: [*_ASCII_NOT_WORD, _NON_ASCII],
}
_CATEGORY_CERTAIN: dict[Any, _Ranges] = {
    sre.CATEGORY_DIGIT: _ASCII_DIGIT,
    sre.CATEGORY_NOT_DIGIT: _complement([*_ASCII_DIGIT, _NON_ASCII]),
    sre.CATEGORY_SPACE: _ASCII_SPACE,
    sre.CATEGORY_NOT_SPACE: _complement([*_ASCII_SPACE, (0x1C, 0x1F), _NON_ASCII]),
    sre.CATEGORY_WORD: _complement([*_ASCII_NOT_WORD, _NON_ASCII]),
    sre.CATEGORY_NOT_WORD: _ASCII_NOT_WORD,
}


def _class_ranges(members: list[tuple[Any, Any]], caseless: bool) -> _Ranges:
    """A character class as ranges holding every character ``regex`` takes for it."""
    negated = bool(members) and members[0][0] is sre.NEGATE
    # A negated class takes what none of its members does: so its members are narrowed, not widened.
    approximate = _certain if negated else _covering
    ranges: _Ranges = []
    for op, av in members[1:] if negated else members:
        if op is sre.LITERAL and av == ord(_PROPERTY_MARK):
            if not negated:
                return [_ANY]
        elif op is sre.LITERAL:
            ranges += approximate(av, av, caseless)
        elif op is sre.RANGE:
            if ord(_PROPERTY_MARK) in av:
                raise _CannotWiden("a Unicode class as the end of a range")
            ranges += approximate(av[0], av[1], caseless)
        elif op is sre.CATEGORY and av in _CATEGORY_COVERING:
            ranges += (_CATEGORY_CERTAIN if negated else _CATEGORY_COVERING)[av]
        else:
            raise _CannotWiden(f"class member {op}")
    return _complement(ranges) if negated else _merge(ranges)


def _class(ranges: _Ranges) -> str:
    """An RE2 class of ``ranges``, without the newline: so that a match never leaves its line."""
    parts = []
    for low, high in _merge(ranges):
        for a, b in ((low, min(high, _NEWLINE - 1)), (max(low, _NEWLINE + 1), high)):
            if a <= b:
                parts.append(_char(a) if a == b else f"{_char(a)}-{_char(b)}")
    return "[" + "".join(parts) + "]" if parts else r"[^\x00-\x{10FFFF}]"


def _char(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:X}}}"




_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_DROPPED = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}  # assertions: leaving one out only widens


def _widen_items(items: list[tuple[Any, Any]], caseless: bool) -> str:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            ranges = [_ANY] if av == ord(_PROPERTY_MARK) else _covering(av, av, caseless)
            out.append(_char(av) if ranges == [(av, av)] and av != _NEWLINE else _class(ranges))
        elif op is sre.NOT_LITERAL:
            out.append(_class(_complement(_certain(av, av, caseless))))
        elif op is sre.ANY:
            out.append(_class([_ANY]))
        elif op is sre.IN:
            out.append(_class(_class_ranges(list(av), caseless)))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_widen_items(list(alt), caseless) for alt in av[1]) + ")")
        elif op is sre.SUBPATTERN:
            _, added, removed, body = av
            inner = (caseless or bool(added & sre.SRE_FLAG_IGNORECASE)) and not removed & sre.SRE_FLAG_IGNORECASE
            out.append("(?:" + _widen_items(list(body), inner) + ")")
        elif op is sre.ATOMIC_GROUP:
            out.append("(?:" + _widen_items(list(av), caseless) + ")")
        elif op in _REPEATS:
            low, high, body = av
            if high == 0:
                continue
            quantifier = ("?" if low == 0 else "") if high == 1 else ("*" if low == 0 else "+")
            out.append("(?:" + _widen_items(list(body), caseless) + ")" + quantifier)
        elif op in _DROPPED:
            continue
        else:
            raise _CannotWiden(f"{op}")
    return "".join(out)


#: The widened forms of the built-in rules' patterns, by the pattern's digest: widening them all takes
#: longer than a one-file command's whole cleaning. ``prefilter.write_index`` writes it; a test fails
#: when it is stale.
WIDENED_FILE = Path(__file__).resolve().parent / "rules" / "widened_index.json"


@functools.cache
def _shipped_widenings() -> dict[str, str | None]:
    try:
        data: dict[str, str | None] = json.loads(WIDENED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no index (a source tree being edited): widen every pattern
        return {}
    return data


def widened_index_of(patterns: Iterable[str]) -> dict[str, str | None]:
    """What ``WIDENED_FILE`` holds for these patterns: each one's widened form, freshly made."""
    return {_digest(p): _widen(p) for p in patterns}


def _digest(pattern: str) -> str:
    return hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:32]


@functools.lru_cache(maxsize=1024)
def widen(pattern: str) -> str | None:
    """``_widen``, read from ``WIDENED_FILE`` for the built-in patterns."""
    shipped = _shipped_widenings()
    digest = _digest(pattern)
    return shipped[digest] if digest in shipped else _widen(pattern)


def _widen(pattern: str) -> str | None:
    """An RE2 pattern matching every string ``pattern`` matches (ignoring case, as rules do); None if none is found.

    Case is spelt out in classes rather than left to RE2's own tables, and no class holds the
    newline. The result is meant to propose candidates, never to decide.

    >>> _widen(r"share(?: this)?")
    '[Ss\\\\x{17F}][Hh][Aa][Rr][Ee](?:\\\\x{20}[Tt][Hh][Ii\\\\x{130}][Ss\\\\x{17F}])?'
    >>> _widen(r"(a)\\1") is None
    True
    """
    marked = _PROPERTY.sub(_PROPERTY_MARK, pattern)
    if _PROPERTY_MARK in pattern or _MISREAD.search(marked):
        return None
    try:
        parsed = sre_parse.parse(marked, sre.SRE_FLAG_IGNORECASE)
        return _widen_items(list(parsed), bool(parsed.state.flags & sre.SRE_FLAG_IGNORECASE))
    except (_CannotWiden, Exception):  # any syntax the standard parser lacks: left to the prefilter
        return None


# A line's key is the line without surrounding white space, bullets and table pipes
# (``heuristics.line_key``): a raw line matches a rule when its key does, give or take those.
_BULLET_RANGES = [(ord(c), ord(c)) for c in "-*•·–—>|►▼▶◄"]
_LINE_START = _class(STRIP_SPACE + _BULLET_RANGES) + "*"
_LINE_END = _class([*STRIP_SPACE, (ord("|"), ord("|"))]) + "*"

#: The memory RE2 may give each set, most of it to the automaton it builds as lines need it. With
#: 32 MB, the automaton was thrown away and rebuilt so often that cleaning the benchmark texts took
#: 2-4 times as long as with 64 MB; with 128 MB it was no faster than with 64 (RE2's default is 8).
_MAX_MEM = 64 << 20


def available() -> bool:
    """Whether google-re2 is installed (``pip install 'cleantext-boilerplate[fast]'``)."""
    return _re2_module() is not None


@functools.cache
def _re2_module() -> Any:
    try:
        import re2  # type: ignore[import-untyped]
    except ImportError:
        return None
    return re2


class LineFinder:
    """For the rules whose patterns can be widened, the lines of a document that may match each.

    Built from the rules' patterns (in rule order); ``rules`` lists the indices of those it
    proposes lines for, and ``candidates`` proposes (line, rule) pairs, a superset of the matches.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        re2 = _re2_module()
        if re2 is None:
            raise RuntimeError("google-re2 is not installed")
        options = re2.Options()
        options.max_mem = _MAX_MEM
        # One set finds the rules that match some line of a document, the other those that match a key.
        document_set = re2._re2.Set(re2._Anchor.UNANCHORED, options)
        key_set = re2._re2.Set(re2._Anchor.ANCHOR_BOTH, options)
        self._rule_of: list[int] = []
        for index, pattern in enumerate(patterns):
            widened = widen(pattern)
            if widened is None:
                continue
            line = f"(?m)^{_LINE_START}(?:{widened}){_LINE_END}$"
            if document_set.Add(line.encode()) < 0 or key_set.Add(widened.encode()) < 0:
                raise RuntimeError(f"RE2 rejected the widened form of {pattern!r}")
            self._rule_of.append(index)
        if self._rule_of and not (document_set.Compile() and key_set.Compile()):
            raise RuntimeError("RE2 could not compile the rules' sets")
        self._match_document: Callable[[bytes], list[int]] = document_set.Match
        self._match_key: Callable[[bytes], list[int]] = key_set.Match

    @property
    def rules(self) -> tuple[int, ...]:
        return tuple(self._rule_of)

    def candidates(
        self, contents: Sequence[str], nonblank: Sequence[int], key: Callable[[int], str]
    ) -> dict[int, list[int]] | None:
        """Line index -> the rules (by index) proposed for the line, in rule order; None if RE2 cannot read the text.

        ``contents`` are the document's lines, ``nonblank`` the indices of those not blank, and
        ``key`` gives a line's key. Lines that no rule is proposed for are left out.
        """
        if not self._rule_of:
            return {}
        try:
            document = "\n".join(contents).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates, which UTF-8 cannot hold
            return None
        if not self._match_document(document):
            return {}  # most extractor output: no line any rule could match
        match_key, rule_of = self._match_key, self._rule_of
        found = {}
        for i in nonblank:
            if hits := match_key(key(i).encode("utf-8")):
                found[i] = sorted(rule_of[h] for h in hits)
        return found
