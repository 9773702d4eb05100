"""Properties of the cleaner over generated documents."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY, Config, clean, clean_and_explain, heuristics
from cleantext import matcher as matching
from conftest import RULE_FIXTURES

# Prose sentences written for these tests: every one must survive cleaning.
_SUBJECTS = ["The council", "A local farmer", "The new school", "Her brother", "The river authority", "Two doctors"]
_VERBS = ["said on Monday that", "argued in a long letter that", "warned residents that", "told the committee that"]
_CLAUSES = [
    "the bridge would stay closed until the spring repairs were finished",
    "prices at the market had risen faster than wages for three years",
    "the harvest was better than anyone in the valley had expected",
    "the old library would open again after a careful restoration",
]
prose_line = st.builds(
    lambda s, v, c: f"{s} {v} {c}.", st.sampled_from(_SUBJECTS), st.sampled_from(_VERBS), st.sampled_from(_CLAUSES)
)
newline = st.sampled_from(["\n", "\r\n"])


def _paragraphs(lines: list[str], nl: str, blank: bool) -> str:
    return (nl + nl if blank else nl).join(lines)


prose_document = st.builds(_paragraphs, st.lists(prose_line, min_size=1, max_size=8), newline, st.booleans())

_ANYWHERE_JUNK = [
    line
    for rule in REGISTRY.values()
    if rule.pattern is not None and rule.zone.value == "anywhere" and rule.status.value == "stable"
    for line in tomllib.loads((RULE_FIXTURES / f"{rule.code}.toml").read_text(encoding="utf-8"))["remove"]
]
junk_line = st.sampled_from(_ANYWHERE_JUNK)
any_text = st.text(st.characters(codec="utf-8"), max_size=400) | st.lists(
    st.sampled_from(["\n", "\r\n", "\r", " ", "\x00", "\x0b", "\u2028", "a" * 500, "Menu", "Leave a Reply", "word"]),
    max_size=40,
).map("".join)


@given(any_text)
def test_output_lines_are_a_subsequence_of_input_lines(text: str) -> None:
    out = clean(text).split("\n")
    source = iter(text.split("\n"))
    assert all(
        any(line == candidate or line + "\r" == candidate or line == candidate.rstrip("\r") for candidate in source)
        for line in out
        if line
    )


@given(any_text)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@given(prose_document, st.booleans())
def test_prose_comes_out_unchanged(document: str, final_newline: bool) -> None:
    document += "\n" if final_newline else ""
    assert clean(document) == document


@given(st.lists(prose_line, min_size=2, max_size=6), st.lists(junk_line, min_size=1, max_size=6), st.data())
def test_inserted_junk_goes_and_every_prose_line_stays(prose: list[str], junk: list[str], data: st.DataObject) -> None:
    lines = list(prose)
    for item in junk:
        # top, bottom or between paragraphs
        lines.insert(data.draw(st.sampled_from([0, len(lines), data.draw(st.integers(1, len(lines) - 1))])), item)
    document = "\n\n".join(lines)
    kept = clean(document).split("\n")
    assert [line for line in kept if line] == prose


@given(any_text)
def test_explanation_accounts_for_every_input_line(text: str) -> None:
    result = clean_and_explain(text)
    n_input = len(text.split("\n")) - (1 if text.endswith("\n") else 0) if text else 0
    n_kept = len(result.text.split("\n")) - (1 if result.text.endswith("\n") else 0) if result.text else 0
    assert n_kept + len(result.removals) + len(result.dropped_blank_lines) == n_input
    numbers = [r.line_number for r in result.removals] + list(result.dropped_blank_lines)
    assert len(set(numbers)) == len(numbers)
    assert all(1 <= n <= n_input for n in numbers)


@given(any_text)
def test_same_input_and_config_give_same_output_whatever_ran_before(text: str) -> None:
    first = clean(text)
    clean(text, Config(ignore=("NAV",), extra_phrases=("word",)))  # a different config in between
    assert clean(text) == first


@given(st.text(max_size=200))
def test_disabling_every_rule_changes_nothing(text: str) -> None:
    assert clean(text, Config(select=())) == text


# Documents with reader comments and every preview rule on: removing a thread
# must not open up new removals on a second run.
_STAMPS = [
    "Posted by: Dana at September 10, 2012 7:04 PM",
    "Posted by: a reader who signs every comment with her full name and town at September 11, 2012 8:15 AM",
    "Posted by Kim at 9:12 PM | Permalink",
    "Comments",
]
commented_document = st.builds(
    _paragraphs,
    st.lists(prose_line | junk_line | st.sampled_from([*_STAMPS, "Menu", "en", "Nice one"]), max_size=40),
    newline,
    st.booleans(),
)


@given(commented_document, commented_document)
def test_what_a_matcher_remembers_of_earlier_documents_changes_no_explanation(before: str, text: str) -> None:
    everything = Config(preview=True)
    matching.matcher_for.cache_clear()  # a matcher that remembers nothing yet
    fresh = clean_and_explain(text, everything)
    clean(before, everything)
    again = clean_and_explain(text, everything)  # its short lines are now remembered, its long ones not
    assert (again.text, again.removals) == (fresh.text, fresh.removals)


@given(commented_document)
def test_cleaning_with_preview_rules_is_idempotent(text: str) -> None:
    everything = Config(preview=True)
    once = clean(text, everything)
    assert clean(once, everything) == once


@pytest.mark.parametrize(
    "text",
    [
        # A doubled line that reads as prose bounded the bottom zone, then context removed it:
        # the second cleaning found a wider bottom zone and took InfoDesk too.
        "The nurses threatened to leave, and the hospital had to reply to their letter within a week.\n"
        "InfoDesk\nFollow @example for the latest headlines. Follow @example for the latest headlines.\n"
        "Leave a Reply",
        "\ufeff",  # a byte-order mark alone: nothing to remove, so nothing changes
        "\ufeff\n",
    ],
)
def test_found_not_idempotent_once_and_now_are(text: str) -> None:
    once = clean_and_explain(text)
    assert clean(once.text) == once.text
    if not once.removals:
        assert once.text == text


# ---- page mode ---------------------------------------------------------------------

_MENU_WORDS = ["Home", "World", "Island", "Ferry", "Times", "Weather", "Shop", "Editions", "Staff", "Notes", "Quay"]
menu_line = st.lists(st.sampled_from(_MENU_WORDS), min_size=1, max_size=3).map(" ".join)
heading_line = st.lists(
    st.sampled_from([*_MENU_WORDS, "council", "approves", "new", "timetable"]), min_size=4, max_size=12
).map(" ".join)
short_sentence = st.lists(
    st.sampled_from(["the", "boat", "left", "early", "today", "again"]), min_size=3, max_size=9
).map(lambda words: " ".join(words) + ".")
# Text wrapped at a fixed width: lines that break off mid-sentence and go on in lower case.
wrapped_line = st.lists(
    st.sampled_from(["the", "boat", "left", "early", "harbour", "and", "then", "of", "Island", "ferry"]),
    min_size=5,
    max_size=14,
).map(" ".join)
related_heading = st.sampled_from(["Related Articles", "Related posts:", "Weitere Artikel", "More from Island Life:"])
# A comment form's notice: page mode removes what stands below it.
comment_form = st.sampled_from(["Your email address will not be published.", "Required fields are marked *"])
page_document = st.builds(
    _paragraphs,
    st.lists(
        prose_line
        | menu_line
        | heading_line
        | short_sentence
        | wrapped_line
        | junk_line
        | related_heading
        | comment_form
        | st.just(""),
        max_size=60,
    ),
    newline,
    st.booleans(),
)
PAGE_CONFIGS = [Config(text=text, cut=cut) for text in ("page", "auto") for cut in ("gentle", "balanced", "hard")]


@pytest.mark.parametrize("config", PAGE_CONFIGS, ids=lambda c: f"{c.text}-{c.cut}")
@given(text=page_document | any_text)
def test_page_mode_output_lines_are_a_subsequence_and_cleaning_is_idempotent(config: Config, text: str) -> None:
    once = clean(text, config)
    source = iter(text.split("\n"))
    assert all(
        any(line == candidate or line + "\r" == candidate or line == candidate.rstrip("\r") for candidate in source)
        for line in once.split("\n")
        if line
    )
    assert clean(once, config) == once


@pytest.mark.parametrize("config", [Config(), *PAGE_CONFIGS], ids=lambda c: f"{c.text}-{c.cut}")
@given(text=page_document | any_text)
def test_clean_gives_the_text_that_clean_and_explain_gives(config: Config, text: str) -> None:
    # clean() leaves the reasons that take work unworded; nothing it keeps or removes may change.
    assert clean(text, config) == clean_and_explain(text, config).text


@pytest.mark.parametrize("config", PAGE_CONFIGS, ids=lambda c: f"{c.text}-{c.cut}")
@given(document=prose_document, final_newline=st.booleans())
def test_page_mode_leaves_prose_unchanged(config: Config, document: str, final_newline: bool) -> None:
    document += "\n" if final_newline else ""
    assert clean(document, config) == document


@given(st.lists(st.text(st.sampled_from(" \t\u00a0\u3000-*•·|►ab.")) | any_text, max_size=20))
def test_keys_of_a_document_are_the_keys_of_its_lines(lines: list[str]) -> None:
    assert heuristics.line_keys(lines) == [heuristics.line_key(line) for line in lines]


def test_white_space_is_what_str_strip_removes() -> None:
    import sys

    assert heuristics.WHITE_SPACE == "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
