"""Cleaning a text file too large to hold in memory, section by section, with the same result.

A document is judged as a whole in only two ways: its top and bottom zones
depend on its first and last prose line, and context heuristics and blank
lines look at a line's neighbours. So a large file is read twice:

1. the zones: the first and last prose line that the rules acting anywhere
   keep, found block by block (that step looks at lines alone);
2. the decisions, section by section. A section ends at a *plain prose
   line* inside the zones: a sentence no rule matches. Such a line is kept,
   is never judged by its neighbours, and separates blank-line gaps, so
   nothing on one side of it depends on the other. The next section starts
   with that same line again (so its neighbours are seen as they are); the
   line's text goes out with the first section, its line ending with the
   second.

Memory is bounded by the longest stretch without a plain prose line (a few
sections of ``SECTION_CHARS``) rather than by the file's size; the output,
removals and line numbers are those of ``clean_and_explain`` on the whole text.
"""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from cleantext.config import DEFAULT_CONFIG, Config
from cleantext.corpus import InputError
from cleantext.engine import (
    Matcher,
    Removal,
    assemble,
    find_zones,
    is_plain_prose,
    judge_lines,
    matcher_for,
    split_lines,
)

#: Characters read at a time.
BLOCK_CHARS = 1 << 20
#: A section is cut at the first plain prose line after this many characters.
SECTION_CHARS = 4 << 20

_BOM = "\ufeff"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

Line = tuple[str, str]  # content, line ending


@dataclass(frozen=True)
class Piece:
    """A stretch of the cleaned output and the removals made in it (line numbers of the whole file)."""

    text: str
    removals: tuple[Removal, ...]


def read_lines(handle: IO[bytes]) -> Iterator[list[Line]]:
    """The file's lines in blocks, as the cleaner splits them; raises InputError as ``decode_text`` does."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    carry = ""
    offset = 0  # bytes decoded so far, for the error message
    first = True
    while True:
        data = handle.read(BLOCK_CHARS)
        if first and data.startswith(_UTF16_BOMS):
            raise InputError("UTF-16 text (byte-order mark); convert it to UTF-8; left as it is")
        first = False
        if b"\0" in data:
            raise InputError("binary file (contains NUL bytes); left as it is")
        try:
            text = carry + decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 (byte {offset + exc.start}); left as it is") from None
        offset += len(data)
        if not data:
            if text:
                yield split_lines(text)
            return
        cut = text.rfind("\n") + 1
        carry = text[cut:]
        if cut:
            yield split_lines(text[:cut])


def clean_stream(open_lines: Callable[[], Iterable[list[Line]]], config: Config | None = None) -> Iterator[Piece]:
    """Clean the document that ``open_lines()`` reads (it is called twice, once per pass)."""
    matcher = matcher_for(config if config is not None else DEFAULT_CONFIG)
    first_prose, last_prose, total = None, -1, 0
    for block in _without_bom(open_lines()):
        zones = find_zones(block, matcher)
        if zones is not None:
            first_prose = total + zones[0] if first_prose is None else first_prose
            last_prose = total + zones[1]
        total += len(block)
    if first_prose is None:  # no prose line at all: every line is in both edge zones
        first_prose = total

    bom_pending = False
    section: list[Line] = []
    start = 0  # index in the file of section[0]
    carried = False  # section[0] is the plain prose line that ended the previous section
    scanned = 0  # lines of the section looked at for a cut so far
    chars = 0  # characters in those lines
    for block, has_bom in _blocks_and_bom(open_lines()):
        bom_pending = bom_pending or has_bom
        section.extend(block)
        while True:
            cut = None
            while scanned < len(section):
                content = section[scanned][0]
                if (
                    chars >= SECTION_CHARS
                    and first_prose <= start + scanned <= last_prose
                    and is_plain_prose(content, matcher)
                ):
                    cut = scanned
                    break
                chars += len(content)
                scanned += 1
            if cut is None:
                break
            piece = _judge_section(section[: cut + 1], start, carried, True, (first_prose, last_prose), matcher)
            if bom_pending and piece.text:
                piece, bom_pending = dataclasses.replace(piece, text=_BOM + piece.text), False
            yield piece
            section, start, carried = section[cut:], start + cut, True
            scanned, chars = 1, len(section[0][0])
    piece = _judge_section(section, start, carried, False, (first_prose, last_prose), matcher)
    if bom_pending and piece.text:
        piece = dataclasses.replace(piece, text=_BOM + piece.text)
    yield piece


def _judge_section(
    section: list[Line], start: int, carried: bool, cut: bool, zones: tuple[int, int], matcher: Matcher
) -> Piece:
    """Judge one section; ``carried``: it starts with the previous cut line; ``cut``: it ends with one.

    The cut line's content goes out with the section it ends and its line
    ending with the next one, since only the last section knows whether the
    document's last kept line has an ending.
    """
    removed = judge_lines(section, matcher, (zones[0] - start, zones[1] - start))
    text, _ = assemble(section, removed) if removed else ("".join(c + e for c, e in section), ())
    if carried:
        text = text[len(section[0][0]) :]
    if cut:
        text = text[: len(text) - len(section[-1][1])]
    removals = tuple(dataclasses.replace(removed[i], line_number=start + i + 1) for i in sorted(removed))
    return Piece(text, removals)


def _blocks_and_bom(blocks: Iterable[list[Line]]) -> Iterator[tuple[list[Line], bool]]:
    """The blocks with a leading byte-order mark taken off the first line, and whether it was there."""
    first = True
    for block in blocks:
        has_bom = first and bool(block) and block[0][0].startswith(_BOM)
        if has_bom:
            block = [(block[0][0][len(_BOM) :], block[0][1]), *block[1:]]
        first = False
        yield block, has_bom


def _without_bom(blocks: Iterable[list[Line]]) -> Iterator[list[Line]]:
    return (block for block, _ in _blocks_and_bom(blocks))
