"""The line model: a document's lines, their keys and the removals decided so far, and reassembly.

Lines are split only at ``\n`` (``\r\n`` stays together) and kept as
(content, ending) pairs, so that the kept text is the input byte for byte;
``assemble`` drops the removed lines and the blank lines they leave dangling.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleantext import heuristics
from cleantext.rule import Zone

BOM = "\ufeff"


Line = tuple[str, str]  # content, line ending


@dataclass(frozen=True)
class Removal:
    """One removed line: where it was, what it said, and which rule removed it why."""

    line_number: int  # 1-based
    line: str  # without its line ending
    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class Explanation:
    """The cleaned text plus an account of every input line that is not in it.

    Kept lines, ``removals`` and ``dropped_blank_lines`` together cover every
    line of the input exactly once.
    """

    text: str
    removals: tuple[Removal, ...]
    dropped_blank_lines: tuple[int, ...]  # 1-based numbers of blank lines dropped with a removal


def split_lines(text: str) -> list[Line]:
    """(content, ending) pairs; only ``\\n`` ends a line, and ``\\r\\n`` stays together."""
    pieces = text.split("\n")
    if "\r" in text:
        lines = [(p[:-1], "\r\n") if p.endswith("\r") else (p, "\n") for p in pieces[:-1]]
    else:  # the common case, a test the less per line
        lines = [(p, "\n") for p in pieces[:-1]]
    if pieces[-1]:
        lines.append((pieces[-1], ""))
    return lines


def is_blank(content: str) -> bool:
    """Empty or white space only (``not content.strip()``, without making the stripped copy)."""
    return not content or content.isspace()


ZONE_WORDS = {Zone.TOP: "top zone, before the first prose line", Zone.BOTTOM: "bottom zone, after the last prose line"}


#: Why a line goes: the words, or what words them where that takes work (page mode counts prose lines).
Reason = str | Callable[[], str]


class Document:
    """One document being judged: its lines, their keys and the decisions so far.

    Without ``explain`` (``clean``, which gives only the text) reasons that take work are not worded:
    a reason never decides anything, so the text is the same.
    """

    def __init__(self, lines: Sequence[Line], *, explain: bool = True) -> None:
        self.explain = explain
        self.contents = [content for content, _ in lines]
        self.keys = heuristics.line_keys(self.contents)
        self.nonblank = [i for i, c in enumerate(self.contents) if c and not c.isspace()]  # is_blank, inline
        self.removed: dict[int, Removal] = {}
        self.comment_stamps: list[int] = []  # reader-comment stamps, when comment threads are judged
        # Lines a near-junk rule matches: context may remove them after the
        # zones are fixed, so they do not bound the zones (see fix_zones).
        self.near_junk_matches: set[int] = set()
        self.first_prose = len(self.contents)
        self.last_prose = -1
        # Page mode: the lines its article blocks keep, which zone rules leave alone, and of those
        # the heads above the blocks (headline, byline, dateline), which context leaves alone too.
        # What page mode keeps is then all there when a second cleaning looks for the blocks.
        # (Not with ``auto``: see apply_article_blocks.)
        self.in_blocks: set[int] = set()
        self.heads: set[int] = set()
        self._markdown_rows: set[int] | None = None  # found when first asked for

    def fix_zones(self, end: int | None = None) -> None:
        """Bound the top and bottom zones by the first and last prose line still kept (before ``end``).

        Zones are fixed after the rules that act anywhere and comment threads
        have removed their lines, so that a second cleaning, which no longer
        sees those lines, finds the same zones. For the same reason a line a
        near-junk rule matches never bounds a zone: context may remove it
        later. With no prose line at all, every line is in both edge zones.
        """
        limit = len(self.contents) if end is None else end

        def bounds(i: int) -> bool:
            return i not in self.removed and i not in self.near_junk_matches and heuristics.is_prose(self.keys[i])

        # Only the first and the last prose line matter: look from each end.
        settled = self.nonblank[: bisect.bisect_left(self.nonblank, limit)]
        first = next((i for i in settled if bounds(i)), None)
        last = None if first is None else next(i for i in reversed(settled) if i == first or bounds(i))
        self.first_prose = len(self.contents) if first is None else first
        self.last_prose = -1 if last is None else last

    def zone_of(self, i: int) -> Zone | None:
        if i < self.first_prose:
            return Zone.TOP
        if i > self.last_prose:
            return Zone.BOTTOM
        return None

    def remove(self, i: int, code: str, name: str, reason: Reason) -> None:
        if not isinstance(reason, str):
            reason = reason() if self.explain else ""
        self.removed[i] = Removal(i + 1, self.contents[i], code, name, reason)

    def joins_next(self, i: int) -> bool:
        """Whether line ``i`` and the next are parts of one thing: a wrapped sentence or a table.

        A table is a tab-aligned one or a Markdown one (rows around a ``|---|---|`` rule line).
        Pipe rows without a rule line are how page text renders a layout table, whose cells are
        the page's menus, sidebars and article: their rows are judged one by one.
        """
        if i + 1 >= len(self.contents):
            return False
        above = self.contents[i]
        cells = "|" in above or "\t" in above  # context asks of many lines, few of them table rows
        if not cells and len(above) < heuristics.WRAP_MIN_CHARS:  # most lines: answered before any call
            return False
        below = self.contents[i + 1]
        if heuristics.continues(above, below):
            return True
        if not cells:
            return False
        if heuristics.is_tab_row(above) and heuristics.is_tab_row(below):
            return True
        rows = self._markdown_table_rows()
        return i in rows and i + 1 in rows

    def _markdown_table_rows(self) -> set[int]:
        """The lines of Markdown tables: the runs of table rows that hold a rule line."""
        if self._markdown_rows is None:
            self._markdown_rows = set()
            for rule in (i for i, c in enumerate(self.contents) if "---" in c and heuristics.is_table_rule(c)):
                if rule in self._markdown_rows:
                    continue
                start, end = rule, rule
                while start > 0 and self._is_markdown_row(start - 1):
                    start -= 1
                while end + 1 < len(self.contents) and self._is_markdown_row(end + 1):
                    end += 1
                self._markdown_rows.update(range(start, end + 1))
        return self._markdown_rows

    def _is_markdown_row(self, i: int) -> bool:
        return heuristics.is_table_row(self.contents[i]) or heuristics.is_table_rule(self.contents[i])

    def is_grouped(self, i: int) -> bool:
        """Whether line ``i`` is one line of a wrapped paragraph or a table, not a line on its own."""
        return self.joins_next(i) or (i > 0 and self.joins_next(i - 1))

    def keep_groups_whole(self) -> None:
        """Restore the removed lines of every wrapped paragraph or table that is not removed whole.

        Rules judge lines one by one; a line of a group is part of a sentence or a table that
        the rest of the group keeps, so it goes only when every line of its group goes.
        """
        seen = -1  # the groups looked at so far end here
        for i in sorted(self.removed):
            if i <= seen:
                continue
            start = i
            while start > 0 and self.joins_next(start - 1):
                start -= 1
            seen = i
            while self.joins_next(seen):
                seen += 1
            group = range(start, seen + 1)
            if any(j not in self.removed for j in group):
                for j in group:
                    self.removed.pop(j, None)


def nonblank_between(doc: Document, above: int, below: int) -> list[int]:
    """The non-blank lines strictly between two line indices."""
    return doc.nonblank[bisect.bisect_right(doc.nonblank, above) : bisect.bisect_left(doc.nonblank, below)]


def assemble(lines: Sequence[Line], removed: dict[int, Removal]) -> tuple[str, tuple[int, ...]]:
    """Join the kept lines; drop blank lines that a removal left dangling.

    Where a gap between two kept lines held a removal, only its longest run of
    blank lines stays (so paragraphs stay apart as they were); at the start
    and end of the document such gaps go entirely.
    """

    def in_gap(i: int) -> bool:
        return i in removed or is_blank(lines[i][0])

    # Only gaps that hold a removal change: each is found from its removed lines.
    dropped: list[int] = []
    last = len(lines) - 1
    done = -1  # the gaps found so far end here
    for i in sorted(removed):
        if i <= done:
            continue
        first = i
        while first > 0 and in_gap(first - 1):
            first -= 1
        done = i
        while done < last and in_gap(done + 1):
            done += 1
        runs: list[list[int]] = [[]]  # the runs of blank lines the removed lines split the gap into
        for j in range(first, done + 1):
            if j in removed:
                runs.append([])
            else:
                runs[-1].append(j)
        interior = first > 0 and done < last
        longest = max(runs, key=len)
        keep = set(longest) if interior else set()
        dropped.extend(j for run in runs for j in run if j not in keep)

    gone = removed.keys() | set(dropped)
    kept = [i for i in range(len(lines)) if i not in gone]
    parts = [lines[i][0] + lines[i][1] for i in kept]
    if parts and lines and not lines[-1][1]:
        # The input ends without a newline, so the output does too.
        parts[-1] = lines[kept[-1]][0]
    return "".join(parts), tuple(i + 1 for i in sorted(dropped))
