"""RE2 only proposes lines: the cleaner's output is the same with google-re2 and without it."""

from __future__ import annotations

import string
import sys
import tomllib
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY, Config, multimatch
from cleantext.engine import Explanation, _Document, explain_with, matcher_for, split_lines
from cleantext.heuristics import line_key
from conftest import BENCH, RULE_FIXTURES, needs_bench

pytestmark = pytest.mark.skipif(
    not multimatch.available(), reason="google-re2 is not installed: pip install -e '.[test]' installs it"
)

RULES = [r for r in REGISTRY.values() if r.pattern is not None]
FIXTURE_LINES = sorted(
    {r.example for r in RULES}
    | {
        line
        for r in RULES
        for kind in ("remove", "keep")
        for line in tomllib.loads((RULE_FIXTURES / f"{r.code}.toml").read_text(encoding="utf-8"))[kind]
    }
)
#: Configs that exercise every kind of rule: the defaults, preview rules, page mode, user phrases and
#: patterns (one RE2 cannot take: a back-reference), learned boilerplate.
CONFIGS = [
    Config(),
    Config(preview=True),
    Config(text="page"),
    Config(text="auto", cut="hard"),
    Config(extra_phrases=("Read more",), extra_patterns=(r"photo: .*", r"(\w+) and \1"), ignore=("CTX",)),
    Config(boilerplate=frozenset({"subscribe to our newsletter"})),
]


def both_ways(text: str, config: Config) -> tuple[Explanation, Explanation]:
    return explain_with(text, matcher_for(config, use_re2=True)), explain_with(text, matcher_for(config, use_re2=False))


def test_every_built_in_rule_is_widened_for_re2() -> None:
    finder = matcher_for(EVERY_RULE).line_finder
    assert finder is not None
    assert len(finder.rules) == len(matcher_for(EVERY_RULE).rules)


def test_a_pattern_re2_cannot_take_is_left_to_the_prefilter() -> None:
    assert multimatch.widen(r"(\w+) and \1") is None  # a back-reference
    assert multimatch.widen(r"[[:alpha:]]+ menu") is None  # a POSIX class, which the standard parser misreads
    assert multimatch.widen(r"(?:menu){e<=1}") is None  # fuzzy matching, likewise
    assert multimatch.widen(r"menu\{1\}") is not None  # an escaped brace is a brace


def test_the_ascii_case_folds_are_those_regex_uses() -> None:
    everything = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    found: dict[str, set[int]] = {}
    for char in regex.findall("[a-z]", everything, regex.IGNORECASE):
        for letter in string.ascii_lowercase:
            if regex.fullmatch(letter, char, regex.IGNORECASE):
                found.setdefault(letter, set()).add(ord(char))
    assert found == {letter: set(codes) for letter, codes in multimatch.ASCII_CASE_FOLDS.items()}


def test_the_white_space_keys_are_stripped_of_is_str_isspace() -> None:
    listed = {c for low, high in multimatch.STRIP_SPACE for c in range(low, high + 1)}
    assert listed == {c for c in range(sys.maxunicode + 1) if chr(c).isspace()}


EVERY_RULE = Config(preview=True)


def _proposed_for(line: str) -> tuple[set[int], set[int]]:
    """The rules RE2 proposes for ``line`` (between two other lines) and those that match its key."""
    matcher = matcher_for(EVERY_RULE)
    assert matcher.line_finder is not None
    doc = _Document(split_lines(f"Some other line.\n{line}\n(c) and more"))
    proposed = (matcher.line_finder.candidates(doc.contents, doc.nonblank, doc.key) or {}).get(1, [])
    key = line_key(line)
    matching = {i for i, rule in enumerate(matcher.rules) if rule.fullmatch(key)} if key else set()
    return set(proposed), matching


@pytest.mark.parametrize("line", FIXTURE_LINES)
def test_re2_proposes_every_rule_that_matches_a_fixture_line(line: str) -> None:
    proposed, matching = _proposed_for(line)
    assert matching <= proposed


# Letters whose case RE2 and regex might see differently, and the characters rules care about.
_TRICKY = "kKKsSſiIİıßẞσςΣµμéÉçÇøØæÆ©®™’‘“”–—•·|►▼ \t\u00a0\u2009\u3000()[]:.!?0123456789"


@given(st.sampled_from(FIXTURE_LINES), st.text(_TRICKY, max_size=6), st.text(_TRICKY, max_size=6), st.booleans())
def test_re2_proposes_every_rule_that_matches_a_variation(line: str, before: str, after: str, upper: bool) -> None:
    proposed, matching = _proposed_for(before + (line.upper() if upper else line.swapcase()) + after)
    assert matching <= proposed


_LINES = st.sampled_from(FIXTURE_LINES) | st.text(_TRICKY + string.ascii_letters, max_size=60) | st.just("")
documents = st.lists(_LINES, max_size=30).map("\n".join) | st.text(st.characters(codec="utf-8"), max_size=300)


@pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
@given(documents)
def test_generated_documents_are_cleaned_alike_with_re2_and_without(config: Config, text: str) -> None:
    with_re2, without = both_ways(text, config)
    assert with_re2 == without


def test_text_re2_cannot_read_is_cleaned_alike() -> None:
    text = "Breaking News\nA lone surrogate \udcff stays in this line, which is long enough to be prose.\nShare this\n"
    with_re2, without = both_ways(text, Config())
    assert with_re2 == without
    assert [r.code for r in with_re2.removals] == ["NAV001", "SOCIAL002"]


def _bench_texts(views: tuple[str, ...]) -> list[str]:
    from scoring import SETS, read_set

    return [r.get(view) or "" for name in SETS for r in read_set(Path(BENCH) / f"{name}.jsonl.gz") for view in views]


@needs_bench
@pytest.mark.parametrize(
    ("config", "views"),
    [(Config(), ("recall", "readability", "page")), (Config(text="page"), ("page",))],
    ids=["default", "page"],
)
def test_benchmark_texts_are_cleaned_alike_with_re2_and_without(config: Config, views: tuple[str, ...]) -> None:
    texts = _bench_texts(views)
    assert len(texts) > 3000
    differing = [i for i, text in enumerate(texts) if len(set(both_ways(text, config))) != 1]
    assert differing == []
