"""The prefilter only saves work: it proposes every rule whose pattern matches a line."""

from __future__ import annotations

import json
import tomllib

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY
from cleantext import matcher as matching
from cleantext.analysis import analyse, analyse_alternatives
from cleantext.heuristics import line_key
from cleantext.prefilter import Dispatch
from conftest import RULE_FIXTURES

RULES = [r for r in REGISTRY.values() if r.pattern is not None]
PATTERNS = [regex.compile(r.pattern, regex.IGNORECASE) for r in RULES]
DISPATCH = Dispatch([r.pattern for r in RULES if r.pattern is not None], max_chars=400)
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
    proposed = set(DISPATCH.candidates(["Some other line.", key, "(c) and more"])[1])
    matching = {i for i, pattern in enumerate(PATTERNS) if pattern.fullmatch(key)}
    assert matching <= proposed, [RULES[i].code for i in matching - proposed]


@pytest.mark.parametrize("line", LINES)
def test_every_fixture_line_is_dispatched_to_the_rules_that_match_it(line: str) -> None:
    assert_sound(line)


@given(st.sampled_from(LINES), st.text(max_size=6), st.text(max_size=6), st.booleans())
def test_dispatch_is_sound_on_variations(line: str, before: str, after: str, upper: bool) -> None:
    assert_sound(before + (line.upper() if upper else line) + after)


def test_every_rule_is_indexed_by_prefix_or_literal() -> None:
    # A form the analysis cannot read (say, regex-only syntax the standard
    # parser lacks) is tried on every line, which cost a third of the speed.
    always = [
        r.code
        for r in RULES
        if r.pattern is not None
        and any(
            a.whole is None and a.prefixes is None and a.suffixes is None and a.required is None
            for a in analyse_alternatives(r.pattern)
        )
    ]
    assert always == []
    assert DISPATCH.always_tried == ()


def test_each_alternative_gets_its_own_index() -> None:
    menu, copyright_ = analyse_alternatives(r"(?:menu\S*|.{0,20}©.{0,9})")
    assert menu.prefixes == {"men"} and menu.widths[0] == 4
    assert copyright_.prefixes is None and copyright_.required == {"©"}
    dispatch = Dispatch([r"(?:menu|.{0,20}©.{0,9})"], max_chars=40)
    assert dispatch.candidates(["Menu", "© 2024 Example", "Menus and more"]) == [[0], [0], []]


def test_a_form_of_few_strings_is_proposed_for_those_keys_only() -> None:
    share = analyse(r"(?:share|tweet)(?: this)?:?")
    assert share.whole == {
        f"{verb}{rest}{colon}" for verb in ("share", "tweet") for rest in ("", " this") for colon in ("", ":")
    }
    assert share.prefixes is None and share.required is None
    assert analyse(r"share\s*this").whole is None  # white space of any length: too many strings
    assert analyse(r"[a-z]{2}").whole is None  # 676 strings: more than MAX_WHOLE
    assert analyse(r"(?:home|menu)\b").whole == {"home", "menu"}  # an assertion only narrows
    dispatch = Dispatch([r"(?:share|tweet)(?: this)?:?"], max_chars=40)
    assert dispatch.candidates(["SHARE THIS", "Share this story", "Tweet:", "share"]) == [[0], [], [0], [0]]


def test_a_bare_letter_prefix_gives_way_to_a_literal() -> None:
    slug = analyse(r"[a-z]{2,3}-[a-z]{2,4}--[\w-]{1,60}")
    assert slug.prefixes is None and slug.required == {"--"}
    assert analyse(r"\^?\s*back to top").prefixes == {"^", "^ba", "bac"}  # a rare first character is fine


def test_literals_are_found_on_their_own_lines() -> None:
    dispatch = Dispatch([r".{0,20}©.{0,20}", r"x{0,3}menu", r".{0,9}cookie.{0,9}"], max_chars=30)
    keys = ["© 2024", "Menu", "no match here", "a cookie and ©", "x" * 40 + " © too long"]
    assert dispatch.candidates(keys) == [[0], [1], [], [0, 2], []]


def test_prefix_analysis_examples() -> None:
    assert analyse(r"breaking(?: news)?.*").prefixes == {"bre"}
    assert analyse(r"(?:a|bc)d.*").prefixes == {"ad", "bcd"}
    assert analyse(r"\s*menu").prefixes == {"men"}  # keys never start with white space
    assert analyse(r".{0,20}©.*").prefixes is None
    assert analyse(r".{0,20}©.*").required == {"©"}
    assert analyse(r"(?:x|.)y").prefixes is None
    assert analyse(r".{0,20}\[video\]").suffixes == {"eo]"}
    assert analyse(r".{0,20}\.").suffixes is None  # a bare full stop: a literal is no better, but
    assert analyse(r".{0,20}\.").required == {"."}  # it is what is left


def test_prefixes_are_shortened_until_there_are_few_enough() -> None:
    letters = analyse(r"[a-z]{3}").prefixes
    assert letters is not None and len(letters) == 26 and all(len(p) == 1 for p in letters)  # 26**2 > 256
    three = analyse(r"[ab][a-z]x.*").prefixes  # 52 three-character prefixes are few enough
    assert three is not None and len(three) == 52 and "box" in three


def test_the_shipped_index_holds_every_built_in_pattern_as_analysed_now() -> None:
    from cleantext import prefilter
    from cleantext.rules import REGISTRY

    patterns = [rule.pattern for rule in REGISTRY.values() if rule.pattern]
    shipped = json.loads(prefilter.INDEX_FILE.read_text(encoding="utf-8"))
    assert shipped == prefilter.index_of(patterns), (
        "src/cleantext/rules/prefilter_index.json is stale: "
        "python -c 'from cleantext import prefilter; prefilter.write_index()'"
    )


def test_a_pattern_the_index_lacks_is_analysed_on_the_spot() -> None:
    from cleantext import prefilter

    pattern = r"written for this test only \d+"
    assert prefilter._analyses_or_none(pattern) == analyse_alternatives(pattern)


def test_remembered_line_starts_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext import prefilter

    keys = [line_key(line) for line in LINES]
    fresh = Dispatch([r.pattern for r in RULES if r.pattern is not None], max_chars=400)
    expected = fresh.candidates(keys)
    assert fresh.candidates(keys) == expected  # now from what it remembered
    monkeypatch.setattr(prefilter, "_MEMO_MAX", 3)  # forgets at every call
    assert fresh.candidates(keys) == expected
    assert fresh.candidates(keys[::-1]) == expected[::-1]


def test_remembered_keys_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleantext import Config

    keys = [line_key(line) for line in LINES]
    matcher = matching.build_matcher(Config(), scan=False)  # a matcher of its own, remembering nothing yet
    expected = matcher.matching(keys)
    assert any(expected)
    assert matcher.known and all(len(key) <= matching.KNOWN_KEY_MAX_CHARS for key in matcher.known)
    assert matcher.matching(keys) == expected  # now from what it remembered
    assert matcher.matching(keys[::-1]) == expected[::-1]
    monkeypatch.setattr(matching, "KNOWN_KEYS_MAX", 3)  # forgets every few keys
    matcher.known.clear()
    assert matcher.matching(keys) == expected
    assert len(matcher.known) <= 3


def test_an_index_string_holds_one_entry_per_rule_spanning_the_lengths_of_its_forms() -> None:
    for index in (DISPATCH._by_whole, DISPATCH._by_prefix, DISPATCH._by_suffix, DISPATCH._by_literal):
        for entries in index.values():
            rules = [DISPATCH._rule_of[e] for e in entries]
            assert len(rules) == len(set(rules))
    credit = next(i for i, r in enumerate(RULES) if r.code == "CREDIT001")
    (entry,) = [e for e in DISPATCH._by_suffix[")"] if DISPATCH._rule_of[e] == credit]
    assert DISPATCH._widths[entry][0] == 2  # as short as the shortest of its forms
    assert set(DISPATCH.candidates(["(AP)"])[0]) >= {credit}


def test_letters_regex_takes_for_ascii_ones_are_looked_up_as_them() -> None:
    # A long s, a Kelvin sign, a dotted capital I: `regex` takes them for s, k and i, ignoring case.
    keys = ["ADVERTISEMENT\u017f", "\u017fhare this", "\u0130mprint", "Brea\u212aing News"]
    for key, proposed in zip(keys, DISPATCH.candidates(keys), strict=True):
        matching = {i for i, pattern in enumerate(PATTERNS) if pattern.fullmatch(key)}
        assert matching and matching <= set(proposed), key
