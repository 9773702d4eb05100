"""Page mode's furniture inside the article blocks: teaser lists, and the site's menu printed again.

``page`` finds the blocks and removes what lies outside them; what a page
sets between or after its paragraphs is judged here, once the blocks are known.
"""

from __future__ import annotations

import regex

from cleantext import heuristics
from cleantext.document import Document
from cleantext.matcher import Matcher, PatternRule
from cleantext.page import PageLayout
from cleantext.rules import REGISTRY
from cleantext.rules import page as page_rules
from cleantext.rules import promo as promo_rules

TEASER_LIST = page_rules.TEASER_LIST.code

REPEATED_MENU_LINE = page_rules.REPEATED_MENU_LINE.code

#: The rule whose heading starts a teaser list inside an article block (``TEASER_LIST``).
RELATED_HEADING = promo_rules.RELATED_HEADING.code

#: A figure in a line: a date or a count, which an article repeats from the page's top on its own.
_DIGIT = regex.compile(r"\d")


def remove_furniture_in_blocks(
    doc: Document, matcher: Matcher, layout: PageLayout, confined: list[tuple[int, list[PatternRule]]]
) -> None:
    """Remove the site's furniture that stands inside the article blocks: teaser lists, the menu again."""
    if matcher.teaser_lists:
        _remove_teaser_lists(doc, layout, confined)
    if matcher.repeated_menu_lines:
        _remove_repeated_menu_lines(doc, layout)


def _remove_teaser_lists(doc: Document, layout: PageLayout, confined: list[tuple[int, list[PatternRule]]]) -> None:
    """Remove each related-links heading in an article block or its head, and the short lines under it."""
    related = {i for i, rules in confined if any(rule.code == RELATED_HEADING for rule in rules)}
    if not related:
        return
    position = {i: p for p, i in enumerate(layout.lines)}
    name = REGISTRY[TEASER_LIST].name
    heads = set(layout.heads)
    for first, last in layout.runs_under({position[i] for i in related if i in position}):
        heading, lines = layout.lines[first], last - first
        listed = "1 line" if lines == 1 else f"{lines} lines"
        where = "in the head above the article block" if first in heads else "inside the article block"
        doc.remove(heading, TEASER_LIST, name, f"a related-links heading over {listed} {where}: a teaser list")
        under = f"under the related-links heading on line {heading + 1}, {where}: a teaser list"
        for p in range(first + 1, last + 1):
            doc.remove(layout.lines[p], TEASER_LIST, name, under)


def _remove_repeated_menu_lines(doc: Document, layout: PageLayout) -> None:
    """Remove the menu printed again inside an article block (see ``PAGE006``).

    That is ``REPEATED_MENU_MIN_LINES`` short lines or more in a row, each
    repeating a line above the first block, without a figure, and not over a
    prose line: a table of contents at the top repeats the article's
    sub-headings, and each of those stands over its paragraph.
    """
    if not layout.kept_spans:
        return
    top = layout.lines[layout.kept_spans[0][0]]
    menu = {
        heuristics.normalize_for_repeats(doc.keys[i]): i
        for i in doc.nonblank
        if i < top and heuristics.word_count(doc.keys[i]) <= heuristics.FURNITURE_MAX_WORDS
    }
    menu.pop("", None)

    def twin(p: int) -> int | None:
        i = layout.lines[p]
        if i in doc.removed or layout.prose[p] or layout.words[p] > heuristics.FURNITURE_MAX_WORDS:
            return None
        return None if _DIGIT.search(doc.keys[i]) else menu.get(heuristics.normalize_for_repeats(doc.keys[i]))

    name = REGISTRY[REPEATED_MENU_LINE].name
    # Not in the heads: which line a second cleaning takes for the headline depends on them.
    for first, last in layout.blocks:
        p = first
        while p <= last:
            run = []
            while p <= last and (found := twin(p)) is not None:
                run.append((p, found))
                p += 1
            over_prose = p < len(layout.lines) and layout.prose[p]
            if len(run) >= heuristics.REPEATED_MENU_MIN_LINES and not over_prose:
                for q, line in run:
                    doc.remove(
                        layout.lines[q],
                        REPEATED_MENU_LINE,
                        name,
                        f"repeats line {line + 1} of the menu above the article",
                    )
            p += 1
