"""Page mode's view of a whole page: its prose passages and article blocks (see ``heuristics.PageCut``).

The engine runs it as a pass (``apply_article_blocks``, below) and says
why each line outside the blocks goes; this module only finds the blocks.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass

from cleantext import heuristics
from cleantext.document import Document
from cleantext.matcher import Matcher, PatternRule
from cleantext.rules import REGISTRY
from cleantext.rules import comment as comment_rules
from cleantext.rules import page as page_rules


@dataclass
class _Passage:
    """Prose lines close together, as positions in the surviving lines: first, last, and their words."""

    first: int
    last: int
    words: int
    prose_lines: int = 1


class PageLayout:
    """The article blocks of whole-page text.

    ``lines`` are the indices of the document's lines to judge (non-blank,
    not removed yet), ``keys`` their keys, ``follows`` whether each line
    follows the one before it with no blank line between, ``not_prose``
    lines that never count as prose, ``contents`` the lines as they stand
    (a list marker, which keys leave out), and ``rule_matched`` lines that rules
    match, which are never wrapped text; ``rule_removed`` are the lines (in
    order) that the phrase rules removed before. Positions below are
    positions in ``lines``. See ``heuristics.PageCut`` for the tests and why
    they make page mode idempotent.
    """

    def __init__(
        self,
        lines: list[int],
        keys: list[str],
        follows: list[bool],
        not_prose: set[int],
        contents: list[str],
        rule_matched: set[int],
        rule_removed: list[int],
        cut: heuristics.PageCut,
    ) -> None:
        self.cut = cut
        self.lines = lines
        self.words = heuristics.word_counts(keys)
        self.prose = self._prose(keys, not_prose, contents)
        self.continuation = self._wrapped_pairs(keys, follows, rule_matched)
        self.passages: list[_Passage] = []
        last = reach = -1  # the last prose line, and the last continuation of a wrapped line, of the passage
        for p, prose in enumerate(self.prose):
            if not prose:
                continue
            if self.passages and (p - last - 1 <= cut.gap or p <= reach):
                passage = self.passages[-1]
                passage.last, passage.words, passage.prose_lines = (
                    p,
                    passage.words + self.words[p],
                    passage.prose_lines + 1,
                )
            else:
                self.passages.append(_Passage(p, p, self.words[p]))
            last, reach = p, max(reach, self.continuation[p])
        chosen = [passage for passage in self.passages if passage.words >= cut.block_min_words]
        if not chosen and self.passages:
            chosen = [max(self.passages, key=lambda passage: passage.words)]  # the first of the longest
        #: Article blocks, as (first, last) positions: chosen passages, with those close together joined,
        #: but for the small parts below the largest (``small_blocks_below``, see _join_passages).
        self.blocks: list[list[int]] = []
        self._join_passages(chosen, rule_removed)
        self._take_in_introduced_lists(keys)
        self.block_starts = [first for first, _ in self.blocks]
        #: Each block with its head, as (first, last) positions.
        self.kept_spans = self._with_heads(self.blocks)
        self.kept = self._covered(self.kept_spans)
        #: Positions of the lines kept above a block.
        self.heads = [
            p for (head, _), (first, _) in zip(self.kept_spans, self.blocks, strict=True) for p in range(head, first)
        ]

    def _prose(self, keys: list[str], not_prose: set[int], contents: list[str]) -> list[bool]:
        """For each position, whether its line is prose (see ``heuristics.PageCut``)."""
        cut = self.cut
        return [
            i not in not_prose
            and (
                words >= cut.long_line_words
                or (
                    heuristics.ends_like_sentence(key)
                    and (
                        words >= cut.prose_min_words
                        or (words >= cut.list_item_min_words and heuristics.is_list_item(content))
                    )
                )
            )
            for i, key, words, content in zip(self.lines, keys, self.words, contents, strict=True)
        ]

    def _take_in_introduced_lists(self, keys: list[str]) -> None:
        """Make the list or table that a block's last line introduces part of the block.

        A block's last line that ends in ``:`` (``The new fares are:``)
        introduces what follows it: the next line, and the lines under it
        down to the next blank or removed line or prose line, are its items
        or rows however they look. Lines taken in stay: a second cleaning,
        with the lines around them gone, finds the same block ending in the
        same line.
        """
        n = len(self.lines)
        for block in self.blocks:
            last = block[1]
            if keys[last].endswith(":") and last + 1 < n:
                last += 1
                while last + 1 < n and not self.prose[last + 1] and self.lines[last + 1] - self.lines[last] == 1:
                    last += 1
            block[1] = last
        # Blocks that now touch or overlap are one.
        merged: list[list[int]] = []
        for block in self.blocks:
            if merged and block[0] <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], block[1])
            else:
                merged.append(block)
        self.blocks = merged

    def _with_heads(self, blocks: list[list[int]]) -> list[tuple[int, int]]:
        """Each block from its headline down, as (first, last) positions (see ``_headline``)."""
        return [(self._headline(first), last) for first, last in blocks]

    def _covered(self, spans: list[tuple[int, int]]) -> list[bool]:
        """For each position, whether one of ``spans`` holds it."""
        covered = [False] * len(self.lines)
        for first, last in spans:
            covered[first : last + 1] = [True] * (last + 1 - first)
        return covered

    def _join_passages(self, chosen: list[_Passage], rule_removed: list[int]) -> None:
        """Join the chosen passages into blocks, leaving out the small parts below the largest.

        Passages at most ``bridge`` lines apart are one block. Within it,
        ``furniture_lines`` lines that phrase rules removed between two
        passages (a share bar, the tags, the head of the comments) part it.
        The largest part is the article. A part below it with less than
        ``below_block_share`` of its prose words, past a removed line, is a
        sidebar, a teaser or a comment: it goes, and with it the lines
        between it and the part above. The parts left join as their passages
        did. A second cleaning finds no removed line at all, so it leaves out
        no part: it finds the blocks this one kept.
        """
        cut = self.cut

        def removed_between(above: int, below: int) -> int:
            start, end = self.lines[above], self.lines[below]
            return bisect.bisect_left(rule_removed, end) - bisect.bisect_right(rule_removed, start)

        parts, bridged = self._parts(chosen, removed_between)
        sizes = [sum(self.words[p] for p in range(first, last + 1) if self.prose[p]) for first, last in parts]
        main = sizes.index(max(sizes)) if sizes else 0
        #: The largest part, as (first, last, prose words): the article.
        self.largest_block = (*parts[main], sizes[main]) if parts else (0, 0, 0)
        #: The parts left out, as (first, last, prose words).
        self.small_blocks_below: list[tuple[int, int, int]] = []
        least = cut.below_block_share * sizes[main] if parts else 0
        left_out = False  # whether the part before was left out
        for k, (first, last) in enumerate(parts):
            small = k > main and sizes[k] < least and removed_between(parts[main][1], first) > 0
            if small:
                self.small_blocks_below.append((first, last, sizes[k]))
            elif bridged[k] and not left_out:
                self.blocks[-1][1] = last
            else:
                self.blocks.append([first, last])
            left_out = small

    def _parts(
        self, chosen: list[_Passage], removed_between: Callable[[int, int], int]
    ) -> tuple[list[list[int]], list[bool]]:
        """The chosen passages joined into parts, as [first, last] positions, and whether each part is
        in one block with the part before it (near enough, but parted by removed furniture)."""
        parts: list[list[int]] = []
        bridged: list[bool] = []
        for passage in chosen:
            near = bool(parts) and passage.first - parts[-1][1] - 1 <= self.cut.bridge
            if near and removed_between(parts[-1][1], passage.first) < self.cut.furniture_lines:
                parts[-1][1] = passage.last
            else:
                parts.append([passage.first, passage.last])
                bridged.append(near)
        return parts, bridged

    def _wrapped_pairs(self, keys: list[str], follows: list[bool], rule_matched: set[int]) -> list[int]:
        """Make text wrapped at a fixed width prose, line by line; return each line's continuation.

        A line that may wrap (``heuristics.may_wrap``) goes on in the first
        later line of its paragraph that may continue it, if there is one:
        both are prose, and one passage holds them however far apart they
        are. Lines in between that cannot continue it (a link, a label) are
        passed over, so removing them changes no pair: a second cleaning
        finds the same pairs. Lines that rules match take no part, so no later
        pass removes a line of a pair. Returns, for each position, its
        continuation's position, or -1.
        """
        n = len(self.lines)
        continuation = [-1] * n
        later = -1  # the first line after p, in p's paragraph, that may continue a wrapped sentence
        for p in range(n - 1, -1, -1):
            if later >= 0 and self.words[p] >= heuristics.WRAPPED_MIN_WORDS and self.lines[p] not in rule_matched:
                if heuristics.may_wrap(keys[p]):
                    continuation[p] = later
                    self.prose[p] = self.prose[later] = True
            if not follows[p]:
                later = -1
            elif self.lines[p] not in rule_matched and heuristics.may_continue(keys[p]):
                later = p
        return continuation

    def _headline(self, first: int) -> int:
        """Where a block's head begins: its headline, the longest short line just above it.

        Of the ``headline_lines`` lines above the block (up to a prose line),
        the one with the most words, the nearest on a tie, and every line
        between it and the block (a byline, a dateline) stay; the menu above
        goes. A second cleaning sees only those lines above the block, and
        picks the same headline.
        """
        best, best_words = first, 0
        for p in range(first - 1, max(first - 1 - self.cut.headline_lines, -1), -1):
            if self.prose[p]:
                break
            if best_words < self.words[p] <= self.cut.headline_max_words:
                best, best_words = p, self.words[p]
        return best

    @functools.cached_property
    def outside(self) -> list[int]:
        """Positions of the lines outside every block (none when the page has no prose)."""
        return [p for p, kept in enumerate(self.kept) if not kept] if self.passages else []

    def runs_under(self, headings: set[int]) -> list[tuple[int, int]]:
        """(first, last) positions of each heading among ``headings`` in a block or its head, and the lines under it.

        A run goes down from a heading that is not prose to the line before
        the next prose line (a block ends with one), but for a last line set
        off from the lines above it: a sub-heading over the next paragraph.
        Heads count as their blocks do: once the lines between two blocks
        are gone, a second cleaning may find the two one block, and the head
        of the second inside it.
        """
        runs = []
        for first, last in self.kept_spans:
            p = first
            while p <= last:
                if p in headings and not self.prose[p]:
                    end = p
                    while not self.prose[end + 1]:
                        end += 1
                    if end > p and self._stands_alone(end):
                        end -= 1  # a sub-heading of the article, set off above its paragraph
                    runs.append((p, end))
                    p = end
                p += 1
        return runs

    def _stands_alone(self, p: int) -> bool:
        """Whether the line at ``p`` is set off from the line above it (by blank or removed lines)."""
        return self.lines[p] - self.lines[p - 1] > 1

    def nearest_block(self, p: int) -> tuple[int, int]:
        """The first and last line (0-based, in the document) of the block nearest to position ``p``."""
        k = bisect.bisect_left(self.block_starts, p)  # the first block that starts after p, or none
        near = self.blocks[max(k - 1, 0) : k + 1]
        first, last = min(near, key=lambda block: max(block[0] - p, p - block[1]))
        return self.lines[first], self.lines[last]

    def prose_near(self, p: int, reach: int = 3) -> tuple[int, int]:
        """How many of the ``reach`` surviving lines on each side of ``p`` are prose, and how many there are."""
        around = [*range(max(p - reach, 0), p), *range(p + 1, min(p + 1 + reach, len(self.lines)))]
        return sum(self.prose[q] for q in around), len(around)


# ---- the page-mode pass: what the engine runs on whole-page text ----------------------------

OUTSIDE_BLOCK = page_rules.OUTSIDE_BLOCK.code


SHORT_PASSAGE = page_rules.SHORT_PASSAGE.code


BELOW_COMMENT_FORM = page_rules.BELOW_COMMENT_FORM.code


SMALL_BLOCK_BELOW = page_rules.SMALL_BLOCK_BELOW.code

#: The rule whose notices mark a comment form, below which the article has ended (``BELOW_COMMENT_FORM``).
COMMENT_FORM = comment_rules.COMMENT_FORM.code


def page_layout(
    doc: Document, matcher: Matcher, confined: list[tuple[int, list[PatternRule]]], end: int | None = None
) -> PageLayout:
    """The article blocks among the lines the first pass left, above line ``end`` if it is given.

    Lines that a near-junk rule matches are no prose.
    """
    lines: list[int] = []
    follows: list[bool] = []
    previous_rank = 0  # the previous surviving line's rank among the non-blank lines
    for rank, i in enumerate(doc.nonblank):
        if end is not None and i >= end:
            break
        if i not in doc.removed:
            # Only removed lines, no blank one, between two lines: reassembly puts them side by side.
            follows.append(bool(lines) and i - lines[-1] == rank - previous_rank)
            lines.append(i)
            previous_rank = rank
    keys = [doc.keys[i] for i in lines]
    contents = [doc.contents[i] for i in lines]
    rule_matched = {i for i, _ in confined}
    # Only the first pass has removed lines yet: the lines the phrase rules (and comment threads) removed.
    return PageLayout(
        lines, keys, follows, doc.near_junk_matches, contents, rule_matched, sorted(doc.removed), matcher.page_cut
    )


def looks_like_a_page(doc: Document, layout: PageLayout, confined: list[tuple[int, list[PatternRule]]]) -> bool:
    """Whether the document is whole-page text rather than extractor output (``text="auto"``).

    A whole page has its furniture around the article: menus above it, the
    sidebars and the footer below. Furniture is what lies above the first
    line or below the last line of the article's passage (the largest one)
    and is short (``FURNITURE_MAX_WORDS`` words or fewer) or a line the
    rules know (a phrase rule or the learned list matches it, wherever it
    stands: a page's ``Home``, its share buttons, its copyright line).
    Extractor output has a few junk lines at its edges; when it holds long
    lists around the article (a glossary, a timetable), no rule knows them,
    and they stand on both sides only by chance. So a page has
    ``AUTO_MIN_FURNITURE`` short lines there and ``AUTO_MIN_KNOWN`` lines
    the rules know, or ``AUTO_MIN_FURNITURE_UNKNOWN`` short lines with
    ``AUTO_MIN_FURNITURE_EACH_SIDE`` on each side when the rules know fewer;
    and page mode would remove ``AUTO_MIN_OUTSIDE_LINES`` of its lines.
    Lines the first pass removed count where they stood, so cleaning what
    page mode kept finds much less furniture: it is taken for extractor output.
    """
    if len(layout.outside) < heuristics.AUTO_MIN_OUTSIDE_LINES:
        return False
    article = max(layout.passages, key=lambda passage: passage.words)  # the first of the longest
    first, last = layout.lines[article.first], layout.lines[article.last]
    known = doc.removed.keys() | {i for i, _ in confined}
    counted = dict(zip(layout.lines, layout.words, strict=True))  # the lines the first pass removed are not
    short_above = short_below = known_lines = 0
    for i in doc.nonblank:
        if first <= i <= last:
            continue
        known_lines += i in known
        words = counted[i] if i in counted else heuristics.word_count(doc.keys[i])
        if words <= heuristics.FURNITURE_MAX_WORDS:
            if i < first:
                short_above += 1
            else:
                short_below += 1
    short = short_above + short_below
    if short >= heuristics.AUTO_MIN_FURNITURE and known_lines >= heuristics.AUTO_MIN_KNOWN:
        return True
    return (
        short >= heuristics.AUTO_MIN_FURNITURE_UNKNOWN
        and min(short_above, short_below) >= heuristics.AUTO_MIN_FURNITURE_EACH_SIDE
    )


def apply_article_blocks(
    doc: Document, matcher: Matcher, confined: list[tuple[int, list[PatternRule]]]
) -> PageLayout | None:
    """Page mode: remove what lies outside the article blocks; return the blocks, if it took them.

    Outside are also the lines below a comment form (``_end_at_comment_form``)
    and the small blocks below the article's (``PageLayout.small_blocks_below``).
    With ``text="auto"``, on whole pages only. ``confined``: the lines only zone-bound rules match.
    """
    layout = page_layout(doc, matcher, confined)
    if matcher.text == "auto" and not looks_like_a_page(doc, layout, confined):
        return None
    if matcher.below_comment_forms:
        layout = _end_at_comment_form(doc, matcher, confined, layout)
    # With ``auto`` a second cleaning takes the article for extractor output, and judges it as
    # the default mode does: so the zone rules and context judge it so now, blocks and heads too.
    if layout.passages and matcher.text == "page":
        doc.in_blocks = {i for i, kept in zip(layout.lines, layout.kept, strict=True) if kept}
        doc.heads = {layout.lines[p] for p in layout.heads}
    passage_of = {p: passage for passage in layout.passages for p in range(passage.first, passage.last + 1)}
    small_block_reason: dict[int, str] = {}  # position -> why, one reason per small block
    for start, end, size in layout.small_blocks_below:
        first, last, words = layout.largest_block
        reason = (
            f"in a block of {size} words below the article's (lines {layout.lines[first] + 1}-"
            f"{layout.lines[last] + 1}, {words} words), past lines the rules removed: a sidebar, a teaser or a comment"
        )
        small_block_reason.update(dict.fromkeys(range(start, end + 1), reason))
    for p in layout.outside:
        i = layout.lines[p]
        passage = passage_of.get(p)
        if p in small_block_reason:
            doc.remove(i, SMALL_BLOCK_BELOW, REGISTRY[SMALL_BLOCK_BELOW].name, small_block_reason[p])
        elif passage is not None:
            if matcher.short_passages:
                lines = "1 prose line" if passage.prose_lines == 1 else f"{passage.prose_lines} prose lines"
                reason = (
                    f"a passage of {lines} ({passage.words} words) outside the article blocks, "
                    f"shorter than the {layout.cut.block_min_words} words a block has"
                )
                doc.remove(i, SHORT_PASSAGE, REGISTRY[SHORT_PASSAGE].name, reason)
        elif matcher.outside_blocks:
            doc.remove(i, OUTSIDE_BLOCK, REGISTRY[OUTSIDE_BLOCK].name, functools.partial(_why_outside, layout, p))
    return layout


def _why_outside(layout: PageLayout, p: int) -> str:
    prose, around = layout.prose_near(p)
    first, last = layout.nearest_block(p)
    return f"outside the article block (lines {first + 1}-{last + 1}): {prose} of its {around} nearest lines are prose"


def _end_at_comment_form(
    doc: Document, matcher: Matcher, confined: list[tuple[int, list[PatternRule]]], layout: PageLayout
) -> PageLayout:
    """Remove every line below a comment form under the article; return the layout of the lines above it.

    The form is the first line below the first block's start that the
    form-notice rule removed, and it counts when an article block stands
    above it on its own. The notices go wherever they stand, so a second
    cleaning finds no form, only the lines above it, and their blocks are
    the ones returned: page mode is idempotent on them as on any page.
    """
    if not layout.blocks:
        return layout
    below_start = doc.nonblank[bisect.bisect_right(doc.nonblank, layout.lines[layout.blocks[0][0]]) :]
    form = next((i for i in below_start if i in doc.removed and doc.removed[i].code == COMMENT_FORM), None)
    if form is None:
        return layout
    above = page_layout(doc, matcher, confined, form)
    if not any(passage.words >= layout.cut.block_min_words for passage in above.passages):
        return layout
    name = REGISTRY[BELOW_COMMENT_FORM].name
    reason = f"below the comment form on line {form + 1}: the article ends above it"
    for i in doc.nonblank[bisect.bisect_right(doc.nonblank, form) :]:
        if i not in doc.removed:
            doc.remove(i, BELOW_COMMENT_FORM, name, reason)
    return above
