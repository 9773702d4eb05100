"""The cleaner: decide which lines are boilerplate, then drop them and their dangling blanks.

Decisions are made in three passes over the document, each linear in its length:

1. phrase rules look at each line alone (within the zone they are allowed in),
   and the lines between two close comment stamps go as a reader comment; in
   page mode, what lies outside the article blocks goes too;
2. context heuristics judge short fragments and near-junk lines by their
   non-blank neighbours;
3. blank lines left dangling by removals are dropped.

Every removal is recorded with the rule that made it, so ``clean`` is just
``clean_and_explain(...).text``: there is one code path.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from cleantext import heuristics
from cleantext.cache import compile_pattern
from cleantext.config import DEFAULT_CONFIG, LEARNED_RULE_CODE, USER_RULE_CODE, Config, UserPatternError
from cleantext.page import PageLayout
from cleantext.prefilter import Dispatch
from cleantext.rule import Zone
from cleantext.rules import REGISTRY
from cleantext.rules import comment as comment_rules
from cleantext.rules import context as context_rules
from cleantext.rules import page as page_rules
from cleantext.rules import promo as promo_rules
from cleantext.scan import DocumentScan, available

# The rules the passes apply themselves, by code; each is defined, with its doc, in ``cleantext.rules``.
SANDWICHED_FRAGMENT = context_rules.SANDWICHED_FRAGMENT.code
EDGE_FRAGMENT = context_rules.EDGE_FRAGMENT.code
COMMENT_THREAD = context_rules.COMMENT_THREAD.code
COMMENT_STAMP = comment_rules.COMMENT_STAMP.code
OUTSIDE_BLOCK = page_rules.OUTSIDE_BLOCK.code
SHORT_PASSAGE = page_rules.SHORT_PASSAGE.code
TEASER_LIST = page_rules.TEASER_LIST.code
BELOW_COMMENT_FORM = page_rules.BELOW_COMMENT_FORM.code
SMALL_BLOCK_BELOW = page_rules.SMALL_BLOCK_BELOW.code
#: The rule whose heading starts a teaser list inside an article block (``TEASER_LIST``).
RELATED_HEADING = promo_rules.RELATED_HEADING.code
#: The rule whose notices mark a comment form, below which the article has ended (``BELOW_COMMENT_FORM``).
COMMENT_FORM = comment_rules.COMMENT_FORM.code
_USER_RULE_NAME = "user-pattern"
_LEARNED_RULE_NAME = "learned-boilerplate"
BOM = "\ufeff"
#: How long a user pattern may take on one line before the document is given up
#: on (UserPatternError): a pattern that backtracks would otherwise hang the run.
USER_PATTERN_SECONDS = 1.0
#: A matcher remembers which rules match each short key it has seen (menu items, share buttons,
#: footers: on whole-page text about a third of the lines recur within a page or across pages), at
#: most this many keys of at most this many characters, forgetting them all when full.
KNOWN_KEYS_MAX = 1 << 12
KNOWN_KEY_MAX_CHARS = 80

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


@dataclass(frozen=True)
class _PatternRule:
    code: str
    name: str
    zone: Zone
    source: str
    #: Seconds one match may take: set for user patterns, whose cost nobody has measured.
    timeout: float | None = None
    #: The compiled pattern's ``fullmatch``, with the time limit bound in when there is one: one call on
    #: the hot path. The pattern is compiled when it is first tried: the prefilter tries few rules on a
    #: short document, and compiling them all would take most of a one-file command's time.
    fullmatch: Callable[[str], object] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fullmatch", self._compile_and_match)

    def _compile_and_match(self, key: str) -> object:
        match = compile_pattern(self.source, _FLAGS).fullmatch
        compiled = match if self.timeout is None else functools.partial(match, timeout=self.timeout)
        object.__setattr__(self, "fullmatch", compiled)
        return compiled(key)


@dataclass(frozen=True)
class Matcher:
    """The enabled phrase rules of one config, compiled and indexed."""

    rules: tuple[_PatternRule, ...]
    dispatch: Dispatch
    boilerplate: frozenset[str]
    sandwiched_fragments: bool
    edge_fragments: bool
    comment_threads: bool
    #: "extract", "page" or "auto" (see ``Config.text``), and how page mode cuts.
    text: str = "extract"
    page_cut: heuristics.PageCut = heuristics.CUTS["balanced"]
    outside_blocks: bool = False
    short_passages: bool = False
    teaser_lists: bool = False
    below_comment_forms: bool = False
    #: Proposes the rules for a whole document at once when Hyperscan is installed (see
    #: ``cleantext.scan``); ``dispatch`` serves until its database is built, and where it has none.
    scan: DocumentScan | None = field(default=None, compare=False, repr=False)
    #: Key -> the indices of the rules that match it (see ``KNOWN_KEYS_MAX``). Matching is a
    #: function of the key alone, so a remembered answer is the answer: it saves time, not changes it.
    known: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def is_learned(self, key: str) -> bool:
        """Whether the line is on the config's list of learned boilerplate."""
        return bool(self.boilerplate) and heuristics.normalize_for_repeats(key) in self.boilerplate

    def matching(self, keys: Sequence[str]) -> list[list[_PatternRule]]:
        """For each key, the rules whose pattern matches it as a whole, in rule order."""
        found = self.matches_of(keys)
        return [found.get(n, []) for n in range(len(keys))]

    def matches_of(self, keys: Sequence[str]) -> dict[int, list[_PatternRule]]:
        """Position in ``keys`` -> the rules whose pattern matches that key as a whole, in rule order.

        Positions come in order; keys no rule matches are left out. Raises UserPatternError when a
        user pattern takes too long on a line.
        """
        try:
            proposals = self.scan.proposals(keys) if self.scan is not None else None
            if proposals is None:
                return self._dispatched(keys)
            rules = self.rules
            found: dict[int, list[_PatternRule]] = {}
            for n, proposed in proposals.items():
                key = keys[n]
                if matched := [rules[r] for r in proposed if rules[r].fullmatch(key)]:
                    found[n] = matched
            return found
        except TimeoutError:
            raise UserPatternError(
                f"a user pattern took more than {USER_PATTERN_SECONDS:g} s on one line "
                "(it backtracks: rewrite it without nested or overlapping repeats)"
            ) from None
        except (MemoryError, RecursionError):  # only a user pattern can recurse without end, as (?R) does
            raise UserPatternError(
                "a user pattern ran out of memory on one line (does it recurse, as (?R) does?)"
            ) from None

    def _dispatched(self, keys: Sequence[str]) -> dict[int, list[_PatternRule]]:
        """``matches_of`` by the per-line prefilter, remembering the answers for short keys."""
        rules, known = self.rules, self.known
        answers: list[tuple[int, ...] | None] = [known.get(key) for key in keys]
        unknown = [n for n, answer in enumerate(answers) if answer is None]
        fresh = [keys[n] for n in unknown]
        for n, key, proposed in zip(unknown, fresh, self.dispatch.candidates(fresh), strict=True):
            # A list made into a tuple: quicker than a generator on the hot path.
            found = answers[n] = tuple([r for r in proposed if rules[r].fullmatch(key)]) if proposed else ()
            if len(key) <= KNOWN_KEY_MAX_CHARS:
                if len(known) >= KNOWN_KEYS_MAX:
                    known.clear()
                known[key] = found
        return {n: [rules[r] for r in answer] for n, answer in enumerate(answers) if answer}


_FLAGS = regex.IGNORECASE | regex.UNICODE


@functools.lru_cache(maxsize=32)
def matcher_for(config: Config) -> Matcher:
    # Memoised by config value; compiling is pure, so results never depend on
    # which configs were used before.
    return build_matcher(config, scan=available())


def build_matcher(config: Config, *, scan: bool) -> Matcher:
    """The matcher of ``config``, with or without the document scan (the two decide alike)."""
    sources = [
        (r.code, r.name, r.zone, r.pattern) for r in REGISTRY.values() if r.pattern and config.is_enabled(r.code)
    ]
    rules = [_PatternRule(code, name, zone, source) for code, name, zone, source in sources]
    # Each user pattern is a rule of its own: joined into one, a pattern's
    # inline flags or comments would reach into the next.
    phrases = [regex.escape(p.strip()) for p in config.extra_phrases]
    for source in ([("|".join(phrases))] if phrases else []) + list(config.extra_patterns):
        sources.append((USER_RULE_CODE, _USER_RULE_NAME, Zone.ANYWHERE, source))
        rules.append(_PatternRule(USER_RULE_CODE, _USER_RULE_NAME, Zone.ANYWHERE, source, USER_PATTERN_SECONDS))
    cut = heuristics.CUTS[config.cut]
    if not config.is_enabled(SMALL_BLOCK_BELOW):  # then no block is too small: every block below the largest stays
        cut = dataclasses.replace(cut, below_block_share=0.0)
    patterns = [source for *_, source in sources]
    return Matcher(
        rules=tuple(rules),
        dispatch=Dispatch(patterns, heuristics.MAX_JUNK_LINE_CHARS),
        scan=DocumentScan(patterns, heuristics.MAX_JUNK_LINE_CHARS) if scan else None,
        boilerplate=config.boilerplate,
        sandwiched_fragments=config.is_enabled(SANDWICHED_FRAGMENT),
        edge_fragments=config.is_enabled(EDGE_FRAGMENT),
        comment_threads=config.is_enabled(COMMENT_THREAD),
        text=config.text,
        page_cut=cut,
        outside_blocks=config.is_enabled(OUTSIDE_BLOCK),
        short_passages=config.is_enabled(SHORT_PASSAGE),
        teaser_lists=config.is_enabled(TEASER_LIST),
        below_comment_forms=config.is_enabled(BELOW_COMMENT_FORM),
    )


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


def _is_blank(content: str) -> bool:
    """Empty or white space only (``not content.strip()``, without making the stripped copy)."""
    return not content or content.isspace()


_ZONE_WORDS = {Zone.TOP: "top zone, before the first prose line", Zone.BOTTOM: "bottom zone, after the last prose line"}


class _Document:
    """One document being judged: its lines, their keys and the decisions so far."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.contents = [content for content, _ in lines]
        self.keys = heuristics.line_keys(self.contents)
        self.nonblank = [i for i, c in enumerate(self.contents) if c and not c.isspace()]  # _is_blank, inline
        self.removed: dict[int, Removal] = {}
        self.comment_stamps: list[int] = []  # reader-comment stamps, when comment threads are judged
        # Lines a near-junk rule matches: context may remove them after the
        # zones are fixed, so they do not bound the zones (see fix_zones).
        self.near_junk_matches: set[int] = set()
        self.rule_lines = 0  # how many lines a phrase rule or the learned list matches
        self.first_prose = len(self.contents)
        self.last_prose = -1
        # Page mode: the lines its article blocks keep, which zone rules leave alone, and of those
        # the heads above the blocks (headline, byline, dateline), which context leaves alone too.
        # What page mode keeps is then all there when a second cleaning looks for the blocks.
        # (Not with ``auto``: see _apply_article_blocks.)
        self.in_blocks: set[int] = set()
        self.heads: set[int] = set()

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

    def remove(self, i: int, code: str, name: str, reason: str) -> None:
        self.removed[i] = Removal(i + 1, self.contents[i], code, name, reason)


def _apply_anywhere_rules(doc: _Document, matcher: Matcher) -> list[tuple[int, list[_PatternRule]]]:
    """Remove lines that rules acting anywhere match; return the lines only zone-bound rules match."""
    confined: list[tuple[int, list[_PatternRule]]] = []
    nonblank = doc.nonblank
    matches = {nonblank[n]: rules for n, rules in matcher.matches_of([doc.keys[i] for i in nonblank]).items()}
    # Learned boilerplate is looked up on every line; rules only need the lines they match.
    for i in nonblank if matcher.boilerplate else matches:
        if matcher.is_learned(doc.keys[i]):
            doc.remove(i, LEARNED_RULE_CODE, _LEARNED_RULE_NAME, "listed as learned boilerplate of this corpus")
            continue
        rules = matches.get(i)
        if not rules:
            continue
        anywhere = next((rule for rule in rules if rule.zone is Zone.ANYWHERE), None)
        if anywhere is not None:
            doc.remove(i, anywhere.code, anywhere.name, "matches its pattern")
            if matcher.comment_threads and _is_comment_stamp([anywhere], doc.keys[i]):
                doc.comment_stamps.append(i)
        else:
            confined.append((i, rules))
            if any(rule.zone is Zone.NEAR_JUNK for rule in rules):
                doc.near_junk_matches.add(i)
    doc.rule_lines = len(doc.removed) + len(confined)  # nothing else has removed a line yet
    return confined


def _is_comment_stamp(rules: Sequence[_PatternRule], key: str) -> bool:
    """A reader comment's stamp: the stamp rule among ``rules``, and none of a post's own links."""
    return any(rule.code == COMMENT_STAMP for rule in rules) and not heuristics.is_post_stamp(key)


def _nonblank_between(doc: _Document, above: int, below: int) -> list[int]:
    """The non-blank lines strictly between two line indices."""
    return doc.nonblank[bisect.bisect_right(doc.nonblank, above) : bisect.bisect_left(doc.nonblank, below)]


def _apply_comment_threads(doc: _Document) -> None:
    """Remove reader comments: the lines between two comment stamps that stand close together."""
    for above, below in itertools.pairwise(doc.comment_stamps):
        inner = _nonblank_between(doc, above, below)
        if len(inner) > heuristics.COMMENT_MAX_LINES:
            continue
        for i in inner:
            if i not in doc.removed:
                reason = f"reader comment between the comment stamps on lines {above + 1} and {below + 1}"
                doc.remove(i, COMMENT_THREAD, REGISTRY[COMMENT_THREAD].name, reason)


def _page_layout(
    doc: _Document, matcher: Matcher, confined: list[tuple[int, list[_PatternRule]]], end: int | None = None
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
    rule_matched = {i for i, _ in confined}
    # Only the first pass has removed lines yet: the lines the phrase rules (and comment threads) removed.
    return PageLayout(lines, keys, follows, doc.near_junk_matches, rule_matched, sorted(doc.removed), matcher.page_cut)


def _apply_article_blocks(doc: _Document, matcher: Matcher, confined: list[tuple[int, list[_PatternRule]]]) -> None:
    """Page mode: remove what lies outside the article blocks, and the teaser lists inside them.

    Outside are also the lines below a comment form (``_end_at_comment_form``)
    and the small blocks below the article's (``PageLayout.small_blocks_below``).
    With ``text="auto"``, on whole pages only. ``confined`` are the lines
    only zone-bound rules match, the related-links headings among them.
    """
    layout = _page_layout(doc, matcher, confined)
    if matcher.text == "auto" and not layout.looks_like_a_page(doc.rule_lines):
        return
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
    for p in layout.outside():
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
            prose, around = layout.prose_near(p)
            first, last = layout.nearest_block(p)
            reason = (
                f"outside the article block (lines {first + 1}-{last + 1}): "
                f"{prose} of its {around} nearest lines are prose"
            )
            doc.remove(i, OUTSIDE_BLOCK, REGISTRY[OUTSIDE_BLOCK].name, reason)
    if matcher.teaser_lists:
        _remove_teaser_lists(doc, layout, confined)


def _end_at_comment_form(
    doc: _Document, matcher: Matcher, confined: list[tuple[int, list[_PatternRule]]], layout: PageLayout
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
    above = _page_layout(doc, matcher, confined, form)
    if not any(passage.words >= layout.cut.block_min_words for passage in above.passages):
        return layout
    name = REGISTRY[BELOW_COMMENT_FORM].name
    reason = f"below the comment form on line {form + 1}: the article ends above it"
    for i in doc.nonblank[bisect.bisect_right(doc.nonblank, form) :]:
        if i not in doc.removed:
            doc.remove(i, BELOW_COMMENT_FORM, name, reason)
    return above


def _remove_teaser_lists(doc: _Document, layout: PageLayout, confined: list[tuple[int, list[_PatternRule]]]) -> None:
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


def _unfinished_thread_start(doc: _Document) -> int:
    """Where a comment thread that lines after the document's end could continue begins.

    A stamp within ``COMMENT_MAX_LINES`` non-blank lines of the end may pair
    with one further on; so may the stamps chained to it. Without one, the
    document's length.
    """
    stamps, end = doc.comment_stamps, len(doc.contents)
    if not stamps or len(_nonblank_between(doc, stamps[-1], end)) > heuristics.COMMENT_MAX_LINES:
        return end
    k = len(stamps) - 1
    while k > 0 and len(_nonblank_between(doc, stamps[k - 1], stamps[k])) <= heuristics.COMMENT_MAX_LINES:
        k -= 1
    return stamps[k]


def _apply_zone_rules(doc: _Document, confined: list[tuple[int, list[_PatternRule]]]) -> dict[int, _PatternRule]:
    """Remove confined lines in their zones; return the near-junk candidates for pass 2."""
    near_junk: dict[int, _PatternRule] = {}
    for i, rules in confined:
        if i in doc.in_blocks:
            continue
        zone = doc.zone_of(i)
        edge_rule = next((r for r in rules if zone is not None and r.zone in (zone, Zone.EDGE)), None)
        if edge_rule is not None and zone is not None:
            doc.remove(i, edge_rule.code, edge_rule.name, f"matches its pattern in the {_ZONE_WORDS[zone]}")
            continue
        near = next((r for r in rules if r.zone is Zone.NEAR_JUNK), None)
        if near is not None:
            near_junk[i] = near
    return near_junk


def _apply_context(doc: _Document, near_junk: dict[int, _PatternRule], matcher: Matcher) -> None:
    """Judge runs of fragments and near-junk lines by what bounds them.

    A run is a maximal sequence of non-blank lines, each a fragment or a
    near-junk candidate, not removed in pass 1. What bounds it on each side is
    a removed line, a kept line, or the document edge.
    """

    def judgeable(i: int) -> bool:
        return i not in doc.removed and i not in doc.heads and (i in near_junk or heuristics.is_fragment(doc.keys[i]))

    # Only a run next to a removed line can go, so only those runs are looked for: from each line
    # removed so far, forwards and backwards. Removing lines of one run changes no other run.
    order = doc.nonblank
    runs: set[tuple[int, int]] = set()  # (start, end) positions in ``order``
    for removed in sorted(doc.removed):
        k = bisect.bisect_left(order, removed)
        end = k + 1
        while end < len(order) and judgeable(order[end]):
            end += 1
        start = k
        while start > 0 and judgeable(order[start - 1]):
            start -= 1
        runs.update(run for run in ((k + 1, end), (start, k)) if run[0] < run[1])
    for start, end in sorted(runs):
        run = order[start:end]
        before = order[start - 1] if start > 0 else None
        after = order[end] if end < len(order) else None
        junk_before = before is not None and before in doc.removed
        junk_after = after is not None and after in doc.removed
        if junk_before and junk_after:
            assert before is not None and after is not None
            for i in run:
                _remove_by_context(
                    doc,
                    i,
                    near_junk,
                    matcher.sandwiched_fragments,
                    SANDWICHED_FRAGMENT,
                    f"fragment between removed lines {before + 1} and {after + 1}",
                )
        elif junk_before or junk_after:
            # Walk outward from the removed line, so that what is removed stays
            # connected to it.
            junk = before if junk_before else after
            assert junk is not None
            outward = run if junk_before else run[::-1]
            at_edge = (after is None) if junk_before else (before is None)
            edge = "bottom" if junk_before else "top"
            for i in outward:
                short = not heuristics.has_more_words_than(doc.keys[i], heuristics.EDGE_FRAGMENT_MAX_WORDS)
                removed = _remove_by_context(
                    doc,
                    i,
                    near_junk,
                    matcher.edge_fragments and at_edge and short,
                    EDGE_FRAGMENT,
                    f"fragment between removed line {junk + 1} and the {edge} edge",
                )
                if not removed:
                    break


def _remove_by_context(
    doc: _Document,
    i: int,
    near_junk: dict[int, _PatternRule],
    fragment_ok: bool,
    fragment_code: str,
    fragment_reason: str,
) -> bool:
    rule = near_junk.get(i)
    if rule is not None:
        doc.remove(i, rule.code, rule.name, "matches its pattern next to removed lines")
        return True
    if fragment_ok:
        doc.remove(i, fragment_code, REGISTRY[fragment_code].name, fragment_reason)
        return True
    return False


def assemble(lines: Sequence[Line], removed: dict[int, Removal]) -> tuple[str, tuple[int, ...]]:
    """Join the kept lines; drop blank lines that a removal left dangling.

    Where a gap between two kept lines held a removal, only its longest run of
    blank lines stays (so paragraphs stay apart as they were); at the start
    and end of the document such gaps go entirely.
    """

    def in_gap(i: int) -> bool:
        return i in removed or _is_blank(lines[i][0])

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


def clean_and_explain(text: str, config: Config | None = None) -> Explanation:
    """Clean ``text`` and say why each removed line went.

    >>> result = clean_and_explain("Breaking News\\n\\nKyiv, Ukraine\\n\\nThe city was quiet.")
    >>> result.text
    'Kyiv, Ukraine\\n\\nThe city was quiet.'
    >>> [(r.line_number, r.code) for r in result.removals]
    [(1, 'NAV001')]
    """
    if not isinstance(text, str):
        hint = "; decode it first, e.g. data.decode('utf-8')" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"cleantext expects the text as a str, not {type(text).__name__}{hint}")
    if config is not None and not isinstance(config, Config):
        raise TypeError(f"config must be a cleantext.Config, not {type(config).__name__}")
    matcher = matcher_for(config if config is not None else DEFAULT_CONFIG)
    # A byte-order mark belongs to the file, not to its first line: it stays
    # even when that line goes.
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    lines = split_lines(body)
    removed = judge_lines(lines, matcher)
    if not removed:  # nothing removed: the input as it came, byte-order mark and all
        return Explanation(text, (), ())
    cleaned, dropped = assemble(lines, removed)
    cleaned = bom + cleaned if cleaned else cleaned
    return Explanation(cleaned, tuple(removed[i] for i in sorted(removed)), dropped)


def _first_pass(lines: Sequence[Line], matcher: Matcher) -> tuple[_Document, list[tuple[int, list[_PatternRule]]]]:
    """The decisions that do not depend on zones: rules acting anywhere, then comment threads.

    Returns the document and the lines only zone-bound rules match.
    """
    doc = _Document(lines)
    confined = _apply_anywhere_rules(doc, matcher)
    _apply_comment_threads(doc)  # finds no stamps unless comment threads are judged
    return doc, confined


def judge_lines(lines: Sequence[Line], matcher: Matcher, zones: tuple[int, int] | None = None) -> dict[int, Removal]:
    """Which of ``lines`` go, by 0-based index, and why.

    ``zones`` (the first and last prose line, counted from the first of
    ``lines``) is given when ``lines`` are a section of a longer document
    whose zones were found beforehand (see ``cleantext.stream``).
    """
    doc, confined = _first_pass(lines, matcher)
    if matcher.text != "extract":
        assert zones is None, "page mode judges a document whole"
        _apply_article_blocks(doc, matcher, confined)
    if zones is None:
        doc.fix_zones()
    else:
        doc.first_prose, doc.last_prose = zones
    _apply_context(doc, _apply_zone_rules(doc, confined), matcher)
    return doc.removed


def find_zones(
    lines: Sequence[Line], matcher: Matcher, *, more_follow: bool = False
) -> tuple[tuple[int, int] | None, int]:
    """The first and last prose line that pass 1 keeps, if any, among the first ``settled`` of ``lines``.

    Returns them with ``settled``. Rules acting anywhere look at lines alone
    and a comment thread reaches only ``COMMENT_MAX_LINES`` past a stamp, so
    a long document's zones can be found block by block: with
    ``more_follow``, the lines from the start of a thread that the next
    block may continue are not settled and go with that block.
    """
    doc, _ = _first_pass(lines, matcher)
    settled = _unfinished_thread_start(doc) if more_follow else len(lines)
    doc.fix_zones(settled)
    return ((doc.first_prose, doc.last_prose) if doc.last_prose >= 0 else None), settled


def is_section_boundary(lines: Sequence[Line], i: int, matcher: Matcher) -> bool:
    """Whether ``lines[i]`` is a prose line no rule matches and no comment thread reaches.

    Such a line is kept wherever it stands and is never judged by its
    neighbours, so what comes before it and what comes after do not depend
    on each other.
    """
    key = heuristics.line_key(lines[i][0])
    if not heuristics.is_prose(key):
        return False
    if matcher.is_learned(key) or matcher.matching([key])[0]:
        return False
    return not (matcher.comment_threads and _comment_stamp_within_reach(lines, i, matcher))


def _comment_stamp_within_reach(lines: Sequence[Line], i: int, matcher: Matcher) -> bool:
    """Whether a comment stamp stands among the ``COMMENT_MAX_LINES`` non-blank lines before ``lines[i]``.

    Counts every line the stamp rule matches, even one another rule removes
    first: this errs towards finding a stamp, which is the safe side.
    """
    seen = 0
    j = i - 1
    while j >= 0 and seen < heuristics.COMMENT_MAX_LINES:
        content = lines[j][0]
        j -= 1
        if not content.strip():
            continue
        key = heuristics.line_key(content)
        if _is_comment_stamp(matcher.matching([key])[0], key):
            return True
        seen += 1
    return False


def is_whole_page(text: str, config: Config | None = None) -> bool:
    """Whether ``text="auto"`` takes ``text`` for whole-page text, and cleans it in page mode.

    >>> is_whole_page("The city was quiet.")
    False
    """
    matcher = matcher_for(dataclasses.replace(config or DEFAULT_CONFIG, text="auto"))
    doc, confined = _first_pass(split_lines(text.removeprefix(BOM)), matcher)
    return _page_layout(doc, matcher, confined).looks_like_a_page(doc.rule_lines)


def clean(text: str, config: Config | None = None) -> str:
    """Remove boilerplate lines from ``text``; every kept line is byte-identical and in order.

    >>> clean("Leave a Reply\\nThe city was quiet.\\n")
    'The city was quiet.\\n'
    """
    return clean_and_explain(text, config).text
