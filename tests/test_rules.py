"""Every rule: documented, uniquely coded, and proven on its own remove and keep cases."""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from collections import Counter
from typing import Any

import pytest
import regex

import cleantext.rules
from cleantext import REGISTRY, RULE_SETS, Config, Rule, Shape, Status, Zone, clean_and_explain
from cleantext.heuristics import line_key
from conftest import PROSE_AFTER, PROSE_BEFORE, RULE_FIXTURES

# Found on disk, not listed: a rule module that the registry forgot fails the count below.
ALL_MODULES = [
    importlib.import_module(f"cleantext.rules.{m.name}") for m in pkgutil.iter_modules(cleantext.rules.__path__)
]
PATTERN_RULES = [r for r in REGISTRY.values() if r.pattern is not None]
CONTEXT_RULES = [r for r in REGISTRY.values() if r.pattern is None]


def cases(rule: Rule) -> dict[str, Any]:
    return tomllib.loads((RULE_FIXTURES / f"{rule.code}.toml").read_text(encoding="utf-8"))


def config_for(rule: Rule) -> Config:
    """What a rule runs under: its preview status, its code when it is opt-in, and page mode for the PAGE rules."""
    return Config(
        select=("ALL", rule.code) if rule.status is Status.OPT_IN else ("ALL",),
        preview=rule.status is Status.PREVIEW,
        text="page" if rule.rule_set == "PAGE" else "extract",
    )


OPT_IN_CODES = tuple(code for code, rule in REGISTRY.items() if rule.status is Status.OPT_IN)


def place(line: str, zone: Zone) -> str:
    """A document where ``line`` stands where ``zone`` lets its rule act."""
    if zone in (Zone.TOP, Zone.EDGE):
        return f"{line}\n\n{PROSE_BEFORE}\n\n{PROSE_AFTER}\n"
    if zone is Zone.BOTTOM:
        return f"{PROSE_BEFORE}\n\n{PROSE_AFTER}\n\n{line}\n"
    if zone is Zone.NEAR_JUNK:
        return f"{PROSE_BEFORE}\n\nAdvertisement\n{line}\n\n{PROSE_AFTER}\n"
    return f"{PROSE_BEFORE}\n\n{line}\n\n{PROSE_AFTER}\n"


def test_codes_are_unique_across_all_rule_modules() -> None:
    codes = Counter(rule.code for module in ALL_MODULES for rule in module.RULES)
    assert [code for code, n in codes.items() if n > 1] == []
    assert len(REGISTRY) == sum(codes.values())


def test_there_are_enough_rules_and_sets() -> None:
    assert len(REGISTRY) >= 80
    assert len({r.rule_set for r in REGISTRY.values()}) >= 8


@pytest.mark.parametrize("rule", REGISTRY.values(), ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]+\d{3}", rule.code)
    assert rule.rule_set in RULE_SETS
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name)
    assert len(rule.why) >= 40 and rule.why.endswith((".", ")"))
    assert rule.example.strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", rule.since)


def test_rule_names_are_unique() -> None:
    names = Counter(r.name for r in REGISTRY.values())
    assert [n for n, k in names.items() if k > 1] == []


def test_every_fixture_file_belongs_to_a_rule() -> None:
    assert sorted(p.stem for p in RULE_FIXTURES.glob("*.toml")) == sorted(REGISTRY)


@pytest.mark.parametrize("rule", REGISTRY.values(), ids=lambda r: r.code)
def test_rule_has_remove_and_keep_cases(rule: Rule) -> None:
    data = cases(rule)
    assert data.get("remove"), f"{rule.code} has no remove cases"
    assert data.get("keep"), f"{rule.code} has no keep cases"


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=lambda r: r.code)
def test_example_matches_its_pattern(rule: Rule) -> None:
    assert rule.pattern is not None
    assert regex.fullmatch(rule.pattern, line_key(rule.example), regex.IGNORECASE)


@pytest.mark.parametrize(
    ("rule", "line"),
    [(r, line) for r in PATTERN_RULES for line in cases(r)["remove"]],
    ids=lambda x: getattr(x, "code", x),
)
def test_pattern_rule_removes_its_case(rule: Rule, line: str) -> None:
    result = clean_and_explain(place(line, rule.zone), config_for(rule))
    assert [(r.line, r.code) for r in result.removals] == [(line, rule.code)] or (
        rule.zone is Zone.NEAR_JUNK and (line, rule.code) in [(r.line, r.code) for r in result.removals]
    )
    assert PROSE_BEFORE in result.text and PROSE_AFTER in result.text


@pytest.mark.parametrize(
    ("rule", "line"),
    [(r, line) for r in PATTERN_RULES for line in cases(r)["keep"]],
    ids=lambda x: getattr(x, "code", x),
)
def test_pattern_rule_keeps_prose_with_the_same_words(rule: Rule, line: str) -> None:
    assert rule.pattern is not None
    if rule.shape is Shape.NOTICE:
        # Notice rules have no prose guard: their pattern alone must tell the prose apart.
        assert not regex.fullmatch(rule.pattern, line_key(line), regex.IGNORECASE)
    everything = Config(select=("ALL", *OPT_IN_CODES), preview=True)
    for zone in (Zone.TOP, Zone.ANYWHERE, Zone.BOTTOM):
        document = place(line, zone)
        assert clean_and_explain(document, everything).text == document


def _lines_of(document: str) -> list[str]:
    return document.split("\n")


@pytest.mark.parametrize(
    ("rule", "case"), [(r, c) for r in CONTEXT_RULES for c in cases(r)["remove"]], ids=lambda x: getattr(x, "code", "")
)
def test_context_rule_removes_its_case(rule: Rule, case: dict[str, Any]) -> None:
    result = clean_and_explain(case["document"], config_for(rule))
    by_rule = [r.line for r in result.removals if r.code == rule.code]
    assert by_rule == case["lines"]
    assert all(line not in _lines_of(result.text) for line in case["lines"])


@pytest.mark.parametrize(
    ("rule", "case"), [(r, c) for r in CONTEXT_RULES for c in cases(r)["keep"]], ids=lambda x: getattr(x, "code", "")
)
def test_context_rule_keeps_its_case(rule: Rule, case: dict[str, Any]) -> None:
    kept = _lines_of(clean_and_explain(case["document"], config_for(rule)).text)
    assert all(line in kept for line in case["lines"])


@pytest.mark.parametrize("rule", REGISTRY.values(), ids=lambda r: r.code)
def test_ignoring_a_rule_turns_it_off(rule: Rule) -> None:
    config = Config(ignore=(rule.code,), preview=True)
    assert not config.is_enabled(rule.code)
    assert Config(select=(rule.rule_set,), preview=True).is_enabled(rule.code)


def test_an_opt_in_rule_runs_only_when_selected_by_name() -> None:
    assert OPT_IN_CODES, "no opt-in rule to test"
    for code in OPT_IN_CODES:
        rule_set = REGISTRY[code].rule_set
        assert not Config().is_enabled(code)
        assert not Config(preview=True).is_enabled(code)
        assert Config(select=("ALL", code)).is_enabled(code)
        assert Config(select=(rule_set,)).is_enabled(code)
        assert not Config(select=("ALL", code), ignore=(code,)).is_enabled(code)
