"""The cleaner: decide which lines are boilerplate, then drop them and their dangling blanks.

Decisions are made in three passes over the document, each linear in its length:

1. phrase rules look at each line alone (within the zone they are allowed in),
   and the lines between two close comment stamps go as a reader comment; in
   page mode, what lies outside the article blocks goes too. A line of a
   wrapped paragraph or a table then stays unless all of its group goes;
2. context heuristics judge short fragments and near-junk lines on their own
   by their non-blank neighbours;
3. blank lines left dangling by removals are dropped.

Every removal is recorded with the rule that made it, so ``clean`` is just
``clean_and_explain(...).text``: there is one code path. Only the wording of
the reasons that take work (page mode's count of the prose lines around a
line) is left out when no one reads them.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

from cleantext import heuristics
from cleantext.config import DEFAULT_CONFIG, LEARNED_RULE_CODE, Config
from cleantext.document import (
    BOM,
    ZONE_WORDS,
    Document,
    Explanation,
    Line,
    Removal,
    assemble,
    nonblank_between,
    split_lines,
)
from cleantext.furniture import remove_furniture_in_blocks
from cleantext.matcher import LEARNED_RULE_NAME, Matcher, PatternRule, matcher_for
from cleantext.page import apply_article_blocks, looks_like_a_page, page_layout
from cleantext.rule import Zone
from cleantext.rules import REGISTRY
from cleantext.rules import comment as comment_rules
from cleantext.rules import context as context_rules

# The rules the passes apply themselves, by code; each is defined, with its doc, in ``cleantext.rules``.
SANDWICHED_FRAGMENT = context_rules.SANDWICHED_FRAGMENT.code


EDGE_FRAGMENT = context_rules.EDGE_FRAGMENT.code


COMMENT_THREAD = context_rules.COMMENT_THREAD.code


COMMENT_STAMP = comment_rules.COMMENT_STAMP.code


def _apply_anywhere_rules(doc: Document, matcher: Matcher) -> list[tuple[int, list[PatternRule]]]:
    """Remove lines that rules acting anywhere match; return the lines only zone-bound rules match."""
    confined: list[tuple[int, list[PatternRule]]] = []
    nonblank = doc.nonblank
    matches = {nonblank[n]: rules for n, rules in matcher.matches_of([doc.keys[i] for i in nonblank]).items()}
    # Learned boilerplate is looked up on every line; rules only need the lines they match.
    for i in nonblank if matcher.boilerplate else matches:
        if matcher.is_learned(doc.keys[i]):
            doc.remove(i, LEARNED_RULE_CODE, LEARNED_RULE_NAME, "listed as learned boilerplate of this corpus")
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
    return confined


def _is_comment_stamp(rules: Sequence[PatternRule], key: str) -> bool:
    """A reader comment's stamp: the stamp rule among ``rules``, and none of a post's own links."""
    return any(rule.code == COMMENT_STAMP for rule in rules) and not heuristics.is_post_stamp(key)


def _apply_comment_threads(doc: Document) -> None:
    """Remove reader comments: the lines between two comment stamps that stand close together."""
    for above, below in itertools.pairwise(doc.comment_stamps):
        inner = nonblank_between(doc, above, below)
        if len(inner) > heuristics.COMMENT_MAX_LINES:
            continue
        for i in inner:
            if i not in doc.removed:
                reason = f"reader comment between the comment stamps on lines {above + 1} and {below + 1}"
                doc.remove(i, COMMENT_THREAD, REGISTRY[COMMENT_THREAD].name, reason)


def _unfinished_thread_start(doc: Document) -> int:
    """Where a comment thread that lines after the document's end could continue begins.

    A stamp within ``COMMENT_MAX_LINES`` non-blank lines of the end may pair
    with one further on; so may the stamps chained to it. Without one, the
    document's length.
    """
    stamps, end = doc.comment_stamps, len(doc.contents)
    if not stamps or len(nonblank_between(doc, stamps[-1], end)) > heuristics.COMMENT_MAX_LINES:
        return end
    k = len(stamps) - 1
    while k > 0 and len(nonblank_between(doc, stamps[k - 1], stamps[k])) <= heuristics.COMMENT_MAX_LINES:
        k -= 1
    return stamps[k]


def _apply_zone_rules(doc: Document, confined: list[tuple[int, list[PatternRule]]]) -> dict[int, PatternRule]:
    """Remove confined lines in their zones; return the near-junk candidates for pass 2."""
    near_junk: dict[int, PatternRule] = {}
    for i, rules in confined:
        if i in doc.in_blocks:
            continue
        zone = doc.zone_of(i)
        edge_rule = next((r for r in rules if zone is not None and r.zone in (zone, Zone.EDGE)), None)
        if edge_rule is not None and zone is not None:
            doc.remove(i, edge_rule.code, edge_rule.name, f"matches its pattern in the {ZONE_WORDS[zone]}")
            continue
        near = next((r for r in rules if r.zone is Zone.NEAR_JUNK), None)
        if near is not None:
            near_junk[i] = near
    return near_junk


def _apply_context(doc: Document, near_junk: dict[int, PatternRule], matcher: Matcher) -> None:
    """Judge runs of fragments and near-junk lines by what bounds them.

    A run is a maximal sequence of non-blank lines, each a fragment or a
    near-junk candidate, not removed in pass 1. What bounds it on each side is
    a removed line, a kept line, or the document edge.
    """
    order = doc.nonblank
    for start, end in _runs_beside_removed_lines(doc, near_junk):
        run = order[start:end]
        before = order[start - 1] if start > 0 else None
        after = order[end] if end < len(order) else None
        junk_before = before is not None and before in doc.removed
        junk_after = after is not None and after in doc.removed
        if junk_before and junk_after:
            assert before is not None and after is not None
            reason = f"fragment between removed lines {before + 1} and {after + 1}"
            for i in run:
                _remove_by_context(doc, i, near_junk, matcher.sandwiched_fragments, SANDWICHED_FRAGMENT, reason)
        elif junk_before or junk_after:
            # Walk outward from the removed line, so that what is removed stays
            # connected to it.
            junk = before if junk_before else after
            assert junk is not None
            at_edge = (after is None) if junk_before else (before is None)
            reason = f"fragment between removed line {junk + 1} and the {'bottom' if junk_before else 'top'} edge"
            for i in run if junk_before else run[::-1]:
                short = not heuristics.has_more_words_than(doc.keys[i], heuristics.EDGE_FRAGMENT_MAX_WORDS)
                ok = matcher.edge_fragments and at_edge and short
                if not _remove_by_context(doc, i, near_junk, ok, EDGE_FRAGMENT, reason):
                    break


def _runs_beside_removed_lines(doc: Document, near_junk: dict[int, PatternRule]) -> list[tuple[int, int]]:
    """The runs of judgeable lines next to a removed line, as (start, end) positions in ``doc.nonblank``, in order.

    Only a run next to a removed line can go, so only those runs are looked for: from each line
    removed so far, forwards and backwards. Removing lines of one run changes no other run.
    """

    def judgeable(i: int) -> bool:
        return (
            i not in doc.removed
            and i not in doc.heads
            and (i in near_junk or heuristics.is_fragment(doc.keys[i]))
            and not doc.is_grouped(i)  # a line of a wrapped paragraph or a table goes with it
        )

    order = doc.nonblank
    removed = doc.removed
    runs: set[tuple[int, int]] = set()
    for k in [k for k, i in enumerate(order) if i in removed]:  # the removed lines' positions, in order
        end = k + 1
        while end < len(order) and judgeable(order[end]):
            end += 1
        start = k
        while start > 0 and judgeable(order[start - 1]):
            start -= 1
        runs.update(run for run in ((k + 1, end), (start, k)) if run[0] < run[1])
    return sorted(runs)


def _remove_by_context(
    doc: Document,
    i: int,
    near_junk: dict[int, PatternRule],
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


def clean_and_explain(text: str, config: Config | None = None) -> Explanation:
    """Clean ``text`` and say why each removed line went.

    >>> result = clean_and_explain("Breaking News\\n\\nKyiv, Ukraine\\n\\nThe city was quiet.")
    >>> result.text
    'Kyiv, Ukraine\\n\\nThe city was quiet.'
    >>> [(r.line_number, r.code) for r in result.removals]
    [(1, 'NAV001')]
    """
    return _cleaned(text, config, explain=True)


def _cleaned(text: str, config: Config | None, *, explain: bool) -> Explanation:
    """``clean_and_explain``; without ``explain``, reasons that take work are left unworded (see ``Document``)."""
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
    removed = judge_lines(lines, matcher, explain=explain)
    if not removed:  # nothing removed: the input as it came, byte-order mark and all
        return Explanation(text, (), ())
    cleaned, dropped = assemble(lines, removed)
    cleaned = bom + cleaned if cleaned else cleaned
    return Explanation(cleaned, tuple(removed[i] for i in sorted(removed)), dropped)


def _first_pass(
    lines: Sequence[Line], matcher: Matcher, *, explain: bool = True
) -> tuple[Document, list[tuple[int, list[PatternRule]]]]:
    """The decisions that do not depend on zones: rules acting anywhere, then comment threads.

    Returns the document and the lines only zone-bound rules match.
    """
    doc = Document(lines, explain=explain)
    confined = _apply_anywhere_rules(doc, matcher)
    _apply_comment_threads(doc)  # finds no stamps unless comment threads are judged
    return doc, confined


def judge_lines(
    lines: Sequence[Line], matcher: Matcher, zones: tuple[int, int] | None = None, *, explain: bool = True
) -> dict[int, Removal]:
    """Which of ``lines`` go, by 0-based index, and why (the reasons that take work only with ``explain``).

    ``zones`` (the first and last prose line, counted from the first of
    ``lines``) is given when ``lines`` are a section of a longer document
    whose zones were found beforehand (see ``cleantext.stream``).
    """
    doc, confined = _first_pass(lines, matcher, explain=explain)
    if matcher.text != "extract":
        assert zones is None, "page mode judges a document whole"
        layout = apply_article_blocks(doc, matcher, confined)
        if layout is not None:
            remove_furniture_in_blocks(doc, matcher, layout, confined)
    if zones is None:
        doc.fix_zones()
    else:
        doc.first_prose, doc.last_prose = zones
    near_junk = _apply_zone_rules(doc, confined)
    doc.keep_groups_whole()
    _apply_context(doc, near_junk, matcher)
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
    """Whether ``lines[i]`` is a prose line on its own that no rule matches and no comment thread reaches.

    Such a line is kept wherever it stands and is never judged by its
    neighbours, so what comes before it and what comes after do not depend
    on each other.
    """
    key = heuristics.line_key(lines[i][0])
    if not heuristics.is_prose(key):
        return False
    # A line of a wrapped paragraph or a table is judged with its group, which may cross it;
    # with the next line not read yet, the line cannot be told apart from one.
    if i + 1 >= len(lines) or heuristics.may_join(lines[i][0], lines[i + 1][0]):
        return False
    if i > 0 and heuristics.may_join(lines[i - 1][0], lines[i][0]):
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
    return looks_like_a_page(doc, page_layout(doc, matcher, confined), confined)


def clean(text: str, config: Config | None = None) -> str:
    """Remove boilerplate lines from ``text``; every kept line is byte-identical and in order.

    >>> clean("Leave a Reply\\nThe city was quiet.\\n")
    'The city was quiet.\\n'
    """
    return _cleaned(text, config, explain=False).text
