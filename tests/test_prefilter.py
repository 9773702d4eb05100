"""The prefilter only saves work: it proposes every rule whose pattern matches a line."""

from __future__ import annotations

import tomllib

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY
from cleantext.heuristics import line_key
from cleantext.prefilter import Dispatch, analyse
from conftest import RULE_FIXTURES

RULES = [r for r in REGISTRY.values() if r.pattern is not None]
PATTERNS = [regex.compile(r.pattern, regex.IGNORECASE) for r in RULES]
DISPATCH = Dispatch([r.pattern for r in RULES if r.pattern is not None])
LINES = sorted(
    {r.example for r in RULES}
    | {
        line
        for r in RULES
        for kind in ("remove", "keep")
        for line in tomllib.loads((RULE_FIXTURES / f"{r.code}.toml").read_text(encoding="utf-8"))[kind]
    }
)


def assert_sound(line: str) -> None:
    key = line_key(line)
    proposed = set(DISPATCH.candidates(key))
    matching = {i for i, pattern in enumerate(PATTERNS) if pattern.fullmatch(key)}
    assert matching <= proposed, [RULES[i].code for i in matching - proposed]


@pytest.mark.parametrize("line", LINES)
def test_every_fixture_line_is_dispatched_to_the_rules_that_match_it(line: str) -> None:
    assert_sound(line)


@given(st.sampled_from(LINES), st.text(max_size=6), st.text(max_size=6), st.booleans())
def test_dispatch_is_sound_on_variations(line: str, before: str, after: str, upper: bool) -> None:
    assert_sound(before + (line.upper() if upper else line) + after)


def test_most_rules_are_indexed_by_prefix_or_literal() -> None:
    analyses = [analyse(r.pattern) for r in RULES if r.pattern is not None]
    always = [
        r.code
        for r, a in zip(RULES, analyses, strict=True)
        if a.prefixes is None and a.suffixes is None and a.required is None
    ]
    assert len(always) <= 3, always
    assert len(DISPATCH.always_tried) == len(always)


def test_prefix_analysis_examples() -> None:
    assert analyse(r"breaking(?: news)?").prefixes == {"bre"}
    assert analyse(r"(?:a|bc)d").prefixes == {"ad", "bcd"}
    assert analyse(r"\s*menu").prefixes == {"men"}  # keys never start with white space
    assert analyse(r".{0,20}©.*").prefixes is None
    assert analyse(r".{0,20}©.*").required == {"©"}
    assert analyse(r"(?:x|.)y").prefixes is None
    assert analyse(r".{0,20}\[video\]").suffixes == {"eo]"}
    assert analyse(r".{0,20}\.").suffixes is None  # a bare full stop: a literal is no better, but
    assert analyse(r".{0,20}\.").required == {"."}  # it is what is left
