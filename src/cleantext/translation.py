"""Phrase-rule patterns translated into Hyperscan expressions, and the bytes those expressions scan.

``expression`` gives, for a ``regex`` pattern, an expression that matches
every key the pattern matches as a whole (and perhaps more) and never crosses
a newline; ``scanned_bytes`` gives a document's keys as the scan reads them.
``cleantext.scan`` builds its database from these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from cleantext.analysis import ASCII_CASES, ASSERTIONS, REPEATS, parse, to_ascii_cases

# The scan reads a document's UTF-8 bytes, not its characters: Hyperscan's UTF-8 mode missed
# matches of some expressions that hold a non-ASCII character in a set. ASCII is matched as `regex`
# matches it, ignoring case; any other character is a run of bytes from 0x80 up, which ``_NON_ASCII``
# takes wherever the pattern takes some non-ASCII character. Only the uncased ones (©, », ’) are
# spelt out: a cased letter can have other cases that its own case mappings do not lead to.
_NON_ASCII = r"[\x80-\xff]+"


def _byte(code: int) -> str:
    return chr(code) if chr(code).isalnum() else f"\\x{code:02x}"


def _ranges(codes: set[int]) -> str:
    """ASCII codes as the inside of a set: ``0-9A-Z``."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and runs[-1][-1] == code - 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return "".join(_byte(run[0]) if len(run) == 1 else f"{_byte(run[0])}-{_byte(run[-1])}" for run in runs)


def _ascii_codes(category: str) -> frozenset[int]:
    """The ASCII characters but the newline that `regex` takes for ``category``."""
    pattern = regex.compile(category, regex.UNICODE)
    return frozenset(code for code in range(128) if code != 10 and pattern.fullmatch(chr(code)))


# `regex` reads \w, \d and \s by Unicode, so each takes non-ASCII characters as well as these.
_ASCII_OF = {
    category: _ascii_codes(source)
    for category, source in (
        (sre.CATEGORY_WORD, r"\w"),
        (sre.CATEGORY_DIGIT, r"\d"),
        (sre.CATEGORY_SPACE, r"\s"),
        (sre.CATEGORY_NOT_WORD, r"\W"),
        (sre.CATEGORY_NOT_DIGIT, r"\D"),
        (sre.CATEGORY_NOT_SPACE, r"\S"),
    )
}
#: The letters ``ASCII_CASES`` turns other letters into, in both cases: a negated set never leaves them
#: out, since `regex` may take the letter they stand for where it does not take them.
_STAND_INS = frozenset(ord(c) for letter in ASCII_CASES.values() for c in (letter, letter.upper()))
_ANY = r"(?:[^\n\x80-\xff]|" + _NON_ASCII + ")"
#: A repeat of a part this long (in translation), after the start of a pattern, becomes "the rest of
#: the line": a list of the footer's links repeated after its first (``Privacy | Terms | ...``) was a
#: third of the database and of its compile time, and the part before it is selective enough alone.
_LARGE_REPEAT_CHARS = 800
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)


class _Untranslatable(Exception):
    """A construct the translation has no superset for."""


def _literal(code: int) -> str:
    char = chr(code)
    if code < 128:
        return _byte(code)
    if char in ASCII_CASES:
        return ASCII_CASES[char]
    if char.lower() == char == char.upper() and not unicodedata.category(char).startswith(("L", "M", "N")):
        return "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
    return _NON_ASCII


def _set(members: Sequence[tuple[Any, Any]]) -> str:
    """A set: its ASCII characters as they are, any other character as a run of non-ASCII bytes."""
    negated = bool(members) and members[0][0] is sre.NEGATE
    codes: set[int] = set()
    non_ascii = False
    for op, av in members[1:] if negated else members:
        if op in (sre.LITERAL, sre.RANGE):
            low, high = (av, av) if op is sre.LITERAL else av
            codes.update(range(low, min(high, 127) + 1))
            non_ascii = non_ascii or high >= 128
            # The data has these as ASCII letters, so a set that holds them holds those letters.
            codes.update(ord(a) for char, a in ASCII_CASES.items() if low <= ord(char) <= high)
        elif op is sre.CATEGORY and av in _ASCII_OF:
            codes |= _ASCII_OF[av]
            non_ascii = True
        else:
            raise _Untranslatable(op)
    codes.discard(10)  # a newline is never in a key
    if negated:
        # A negated set takes every non-ASCII character: what it leaves out of them is not spelt out.
        return "(?:[^\\n" + _ranges(codes - _STAND_INS) + "\\x80-\\xff]|" + _NON_ASCII + ")"
    if not codes:
        if not non_ascii:
            raise _Untranslatable("an empty set")
        return _NON_ASCII
    return "(?:[" + _ranges(codes) + "]|" + _NON_ASCII + ")" if non_ascii else "[" + _ranges(codes) + "]"


def _translate(items: Sequence[tuple[Any, Any]]) -> str:
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(_literal(av))
        elif op is sre.NOT_LITERAL:
            out.append(_set([(sre.NEGATE, None), (sre.LITERAL, av)]))
        elif op is sre.ANY:
            out.append(_ANY)
        elif op is sre.IN:
            out.append(_set(av))
        elif op is sre.CATEGORY:
            out.append(_set([(op, av)]))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_translate(alternative) for alternative in av[1]) + ")")
        elif op is sre.SUBPATTERN:
            # Inline flags are left out: matching ignores case throughout, which only widens.
            out.append("(?:" + _translate(av[-1]) + ")")
        elif op is _ATOMIC:
            out.append("(?:" + _translate(av) + ")")
        elif op in REPEATS:
            # A bounded repeat becomes ``*`` or ``+``: counted repeats make the automaton large and
            # its compile slow, and keys are short, so the bound rarely decides anything.
            low, high, body = av
            suffix = "?" if (low, high) == (0, 1) else "" if (low, high) == (1, 1) else "*" if low == 0 else "+"
            inner = _translate(body)
            if suffix in ("*", "+") and len(inner) > _LARGE_REPEAT_CHARS and out:
                out.append("[^\\n]*")  # whatever follows what the pattern has matched so far
            else:
                out.append("(?:" + inner + ")" + suffix)
        elif op is sre.GROUPREF:
            out.append("[^\\n]*")  # what a group matched is some text of the same line
        elif op is sre.GROUPREF_EXISTS:
            _, yes, no = av
            out.append("(?:" + _translate(yes) + "|" + (_translate(no) if no else "") + ")")
        elif op in ASSERTIONS:
            continue
        else:
            raise _Untranslatable(op)
    return "".join(out)


def scanned_bytes(keys: Sequence[str]) -> bytes:
    """The bytes the scan reads for ``keys``: one line each, the letters of ``ASCII_CASES`` made ASCII."""
    text = to_ascii_cases("\n".join(keys))
    # Lone surrogates become bytes as any other non-ASCII character does: the scan needs no valid UTF-8.
    return text.encode("utf-8", "surrogatepass")


def expression(pattern: str) -> str | None:
    """A Hyperscan expression, for a multi-line scan ignoring case, that matches each line whose key
    ``pattern`` matches as a whole (and maybe other lines); None where the translation has none.

    >>> expression(r"share(?: this)?:?")
    '^(?:share(?:\\\\x20this)?(?:\\\\x3a)?)$'
    """
    items = parse(pattern)
    if items is None:
        return None
    try:
        if _min_width(items) == 0:
            return None  # it matches the empty string: blank lines are no candidates
        start, translated = _from_first_required_item(items)
        return start + "(?:" + _translate(translated) + ")$"
    except Exception:  # _Untranslatable, or what the parser's width cannot follow (a back-reference)
        return None


def _min_width(items: Sequence[tuple[Any, Any]]) -> int:
    return int(sre_parse.SubPattern(sre_parse.State(), list(items)).getwidth()[0])


def _from_first_required_item(items: Sequence[tuple[Any, Any]]) -> tuple[str, Sequence[tuple[Any, Any]]]:
    """The line-start anchor and the items to translate: from the first that cannot match nothing on,
    unanchored, where optional items lead (``[(\\[]?\\s*(?:by )?(?:\\w+\\s){0,5}(?:reuters|ap|...)``).

    Matching from the first required item to the line's end takes every line the whole pattern takes,
    and more; but Hyperscan then starts from that item's literals rather than following the optional
    items from every line's start, which a broad class (``(?:[\\w.&'-]+\\s)*``) keeps going all along
    the line: that expression alone scanned at 95 MB/s, from its literals on at 328 MB/s.
    """
    while len(items) == 1 and items[0][0] in (sre.SUBPATTERN, _ATOMIC):  # a pattern in one group
        items = items[0][1][-1] if items[0][0] is sre.SUBPATTERN else items[0][1]
    leading = 0
    while leading < len(items) and _min_width(items[leading : leading + 1]) == 0:
        leading += 1
    if leading == 0 or leading == len(items):
        return "^", items
    return "", items[leading:]
