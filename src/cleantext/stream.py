"""Cleaning a text file too large to hold in memory, section by section, with the same result.

A document is judged as a whole in only two ways: its top and bottom zones
depend on its first and last prose line, and context heuristics and blank
lines look at a line's neighbours. So a large file is read twice:

1. the zones: the first and last prose line that the rules acting anywhere
   and comment threads keep, found block by block (the rules look at lines
   alone, and a comment thread still open at a block's end is carried over);
2. the decisions, section by section. A section ends at a *plain prose
   line* inside the zones: a sentence on its own line, no part of a wrapped
   paragraph or a table, that no rule matches and no comment thread reaches
   (``is_section_boundary``). Such a line is kept,
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

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cleantext.config import DEFAULT_CONFIG, Config
from cleantext.document import BOM, Line, Removal, assemble, split_lines
from cleantext.engine import clean_and_explain, find_zones, is_section_boundary, judge_lines
from cleantext.matcher import Matcher, matcher_for

#: Characters of a text in memory taken at a time (``text_blocks``), as ``reading.read_lines`` takes bytes.
BLOCK_CHARS = 1 << 20
#: A section is cut at the first plain prose line after this many characters.
SECTION_CHARS = 1 << 20


@dataclass(frozen=True)
class Piece:
    """A stretch of the cleaned output and the removals made in it (line numbers of the whole file)."""

    text: str
    removals: tuple[Removal, ...]


def text_blocks(text: str, block_chars: int = BLOCK_CHARS) -> Iterator[list[Line]]:
    """A text already in memory, in blocks of lines as ``read_lines`` gives a file's."""
    start = 0
    while start < len(text):
        cut = text.find("\n", start + block_chars) + 1 or len(text)
        yield split_lines(text[start:cut])
        start = cut


def clean_stream(open_lines: Callable[[], Iterable[list[Line]]], config: Config | None = None) -> Iterator[Piece]:
    """Clean the document that ``open_lines()`` reads (it is called twice, once per pass).

    In page mode the document is read once and judged whole: its article
    blocks may lie anywhere in it, so it has no sections.
    """
    matcher = matcher_for(config if config is not None else DEFAULT_CONFIG)
    if matcher.text != "extract":
        result = clean_and_explain(
            "".join(content + ending for block in open_lines() for content, ending in block), config
        )
        yield Piece(result.text, result.removals)
        return
    zones, has_bom = _document_zones(open_lines(), matcher)
    # A byte-order mark belongs to the file: it goes out with the first output, if any.
    bom = BOM if has_bom else ""
    removed_any = False
    for piece in _judge_sections(_without_bom(open_lines()), zones, matcher):
        removed_any = removed_any or bool(piece.removals)
        if bom and piece.text:
            piece, bom = dataclasses.replace(piece, text=bom + piece.text), ""
        yield piece
    if bom and not removed_any:  # nothing removed: the input as it came, a lone byte-order mark too
        yield Piece(bom, ())


def _document_zones(blocks: Iterable[list[Line]], matcher: Matcher) -> tuple[tuple[int, int], bool]:
    """Pass 1: the document's first and last kept prose line, and whether it starts with a byte-order mark."""
    first_prose, last_prose, total, has_bom = None, -1, 0, False
    pending: list[Line] = []  # the end of the previous block, open to a comment thread going on
    for number, block in enumerate(itertools.chain(blocks, [None])):
        if number == 0 and block is not None:
            block, has_bom = _strip_bom(block)
        lines = pending + block if block is not None else pending
        zones, settled = find_zones(lines, matcher, more_follow=block is not None)
        if zones is not None:
            first_prose = total + zones[0] if first_prose is None else first_prose
            last_prose = total + zones[1]
        total += settled
        pending = lines[settled:]
    # With no prose line at all, every line is in both edge zones.
    return (total if first_prose is None else first_prose, last_prose), has_bom


def _judge_sections(blocks: Iterable[list[Line]], zones: tuple[int, int], matcher: Matcher) -> Iterator[Piece]:
    """Pass 2: cut the document at plain prose lines inside the zones and judge each section."""
    first_prose, last_prose = zones
    section: list[Line] = []
    start = 0  # index in the file of section[0]
    carried = False  # section[0] is the plain prose line that ended the previous section
    scanned = 0  # lines of the section looked at for a cut so far
    chars = 0  # characters in those lines
    for block in blocks:
        section.extend(block)
        while True:
            cut = None
            while scanned < len(section):
                content = section[scanned][0]
                if (
                    chars >= SECTION_CHARS
                    and first_prose <= start + scanned <= last_prose
                    and is_section_boundary(section, scanned, matcher)
                ):
                    cut = scanned
                    break
                chars += len(content)
                scanned += 1
            if cut is None:
                break
            yield _judge_section(section[: cut + 1], start, carried, True, zones, matcher)
            section, start, carried = section[cut:], start + cut, True
            scanned, chars = 1, len(section[0][0])
    yield _judge_section(section, start, carried, False, zones, matcher)


def _judge_section(
    section: list[Line], start: int, carried: bool, cut: bool, zones: tuple[int, int], matcher: Matcher
) -> Piece:
    """Judge one section; ``carried``: it starts with the previous cut line; ``cut``: it ends with one.

    The cut line's content goes out with the section it ends and its line
    ending with the next one, since only the last section knows whether the
    document's last kept line has an ending.
    """
    removed = judge_lines(section, matcher, (zones[0] - start, zones[1] - start))
    text, _ = assemble(section, removed)
    if carried:
        text = text[len(section[0][0]) :]
    if cut:
        text = text[: len(text) - len(section[-1][1])]
    removals = tuple(dataclasses.replace(removed[i], line_number=start + i + 1) for i in sorted(removed))
    return Piece(text, removals)


def _strip_bom(block: list[Line]) -> tuple[list[Line], bool]:
    if block and block[0][0].startswith(BOM):
        return [(block[0][0][len(BOM) :], block[0][1]), *block[1:]], True
    return block, False


def _without_bom(blocks: Iterable[list[Line]]) -> Iterator[list[Line]]:
    """The blocks with a byte-order mark taken off the first line."""
    for number, block in enumerate(blocks):
        yield _strip_bom(block)[0] if number == 0 else block
