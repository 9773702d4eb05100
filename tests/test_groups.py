"""Wrapped paragraphs and tables are judged as one: a rule removes a line of one only with the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY, Config, Shape, clean, clean_and_explain, heuristics
from cleantext.document import Document, split_lines
from cleantext.stream import clean_stream, text_blocks
from conftest import ROOT
from test_properties import PAGE_CONFIGS, junk_line, prose_line

GROUP_FIXTURES = sorted((ROOT / "fixtures" / "groups").glob("*[!d].txt"))  # not the .expected.txt files


@pytest.mark.parametrize("source", GROUP_FIXTURES, ids=lambda p: p.stem)
def test_fixture_cleans_to_its_expected_text(source: Path) -> None:
    expected = source.with_suffix(".expected.txt").read_text(encoding="utf-8")
    text = source.read_text(encoding="utf-8")
    assert clean(text) == expected
    pieces = clean_stream(lambda: text_blocks(text, block_chars=64))
    assert "".join(piece.text for piece in pieces) == expected


def test_the_fixtures_are_there() -> None:
    assert len(GROUP_FIXTURES) >= 2


WRAPPED = "   When a clerk sends a note to another desk, the request would look something"


@pytest.mark.parametrize(
    ("above", "below", "joined"),
    [
        (WRAPPED, "   like this:", True),
        (WRAPPED, "like this:", False),  # another indent
        (WRAPPED.rstrip("something") + "it.", "   like this:", False),  # the sentence ended
        ("   Short heading", "   like this:", False),  # too short to be wrapped
        ("   This document is subject to the rules of the Trust's Legal", "   Provisions Relating to It", True),
        ("   Five Ways To Cook Rice Without A Pot Or A Pan At All", "   Ten Ways To Boil An Egg", False),
        ("   the list of what a clerk needs to bring to the desk is", "   - a pen", False),  # a list follows
        ("| Name | Office |", "|---|---|", True),
        ("| Name | Office |", "| :--- | ---: |", True),
        ("Room\tFloor", "Library\t1", True),
        ("| Name | Office |", "Home | About | Staff | Courses | Contact", False),
        ("|  | Home | ", "|  | Archive | ", False),  # a layout table's rows: no rule line
    ],
)
def test_which_lines_join(above: str, below: str, joined: bool) -> None:
    assert Document(split_lines(f"{above}\n{below}\n")).joins_next(0) is joined
    if joined:  # what may end a stream's section is told apart without the whole document
        assert heuristics.may_join(above, below)


def test_the_rows_of_a_markdown_table_join_however_far_from_its_rule_line() -> None:
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n"
    doc = Document(split_lines("|  | Home |\n\n" + table))
    assert [doc.joins_next(i) for i in range(len(doc.contents))] == [False, False, True, True, True, True, False]


PROSE = "The council met on Tuesday evening and the debate about the budget ran late.\n"


def test_a_group_whose_every_line_is_junk_goes_whole() -> None:
    menu = "| Home | About | Staff | Courses | Contact |\n| Shop | Jobs | Events | Weather | Login |\n\n"
    assert clean(menu + PROSE) == PROSE


def test_a_markdown_table_whose_header_reads_like_a_link_bar_is_kept_whole() -> None:
    table = "| Home | About | Staff | Courses | Contact |\n|---|---|---|---|---|\n| 11 | 12 | 13 | 14 | 15 |\n\n"
    assert clean(table + PROSE) == table + PROSE


def test_a_layout_table_is_judged_row_by_row() -> None:
    layout = "| Home | About | Staff | Courses | Contact |\n| The council met again. |\n\n"
    assert clean(layout + PROSE) == "| The council met again. |\n\n" + PROSE


# Lines as hard-wrapped text has them: long, in lower case, breaking off mid-sentence.
wrapped_line = st.lists(
    st.sampled_from(
        ["the", "clerk", "sent", "a", "note", "to", "desk", "four", "and", "waited", "for", "an", "answer"]
    ),
    min_size=9,
    max_size=14,
).map(" ".join)
table_row = st.lists(
    st.sampled_from(["Home", "About", "Staff", "Room", "12", "Login", "---"]), min_size=2, max_size=6
).map(lambda cells: "| " + " | ".join(cells) + " |")
paragraph = st.lists(wrapped_line, min_size=1, max_size=4).flatmap(
    lambda lines: st.sampled_from([junk_line, prose_line]).flatmap(lambda last: last.map(lambda end: [*lines, end]))
)
grouped_document = st.lists(
    paragraph
    | st.lists(table_row, min_size=1, max_size=5)
    | junk_line.map(lambda j: [j])
    | prose_line.map(lambda p: [p]),
    min_size=1,
    max_size=10,
).map(lambda paragraphs: "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n")
CONFIGS = [Config(), Config(preview=True), *PAGE_CONFIGS]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.text}-{c.cut}-{'preview' if c.preview else 'stable'}")
@given(document=grouped_document)
def test_every_group_goes_whole_or_stays_whole(config: Config, document: str) -> None:
    doc = Document(split_lines(document))
    removed = {r.line_number - 1 for r in clean_and_explain(document, config).removals}
    start = 0
    for i in range(len(doc.contents)):
        if doc.joins_next(i):
            continue
        group = set(range(start, i + 1))
        assert group <= removed or not group & removed, [doc.contents[j] for j in sorted(group)]
        start = i + 1


# A sentence that holds one phrase rule's example inside it, after words of its own, is prose. Notice
# rules have no guard (their fixtures' keep cases test them), and an example holding a sentence end
# (`Ltd. All rights reserved`) puts its phrase at the start of a sentence: a notice, not a lead-in.
_PHRASES = sorted(
    {
        rule.example.rstrip(".:!?")
        for rule in REGISTRY.values()
        if rule.pattern is not None
        and rule.shape is Shape.PHRASE
        and rule.rule_set != "PAGE"
        and len(rule.example) <= 60
        and not regex.search(r"[.!?:;]\s", rule.example.rstrip(".:!?"))
    }
)
_WORDS = ["the", "council", "said", "that", "we", "found", "a", "note", "about", "it", "and", "then", "left"]
sentence_with_a_phrase = st.builds(
    lambda lead, phrase, tail: f"{' '.join(lead).capitalize()}, {phrase}, {' '.join(tail)}.",
    st.lists(st.sampled_from(_WORDS), min_size=4, max_size=8),
    st.sampled_from(_PHRASES),
    st.lists(st.sampled_from(_WORDS), min_size=6, max_size=10),
)


@pytest.mark.parametrize("config", [Config(), Config(text="page")], ids=["default", "page"])
@given(prose=st.lists(prose_line, min_size=2, max_size=6), sentence=sentence_with_a_phrase, at=st.integers(0, 6))
def test_a_sentence_holding_a_rule_phrase_is_never_removed(
    config: Config, prose: list[str], sentence: str, at: int
) -> None:
    lines = [*prose[:at], sentence, *prose[at:]]
    assert sentence in clean("\n\n".join(lines) + "\n", config).split("\n")
