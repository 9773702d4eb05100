"""The one configuration object: which rules run, and extra user phrases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from cleantext.rule import Rule, Status
from cleantext.rules import REGISTRY, RULE_SETS

#: What kind of text a document is: extractor output ("extract", the precise default), whole-page
#: text ("page": the article blocks are found, see ``heuristics.PageCut``), or either, told apart
#: document by document ("auto").
TEXT_KINDS = ("extract", "page", "auto")
#: How hard page mode cuts: ``heuristics.CUTS``.
CUT_NAMES = ("gentle", "balanced", "hard")

#: The codes user patterns and learned boilerplate are reported under in explanations.
USER_RULE_CODE = "USER001"
LEARNED_RULE_CODE = "USER002"


class ConfigError(ValueError):
    """A config names a rule or set that does not exist, or a bad pattern, or a value of the wrong type."""


class UserPatternError(ConfigError):
    """A user pattern took too long, or too much memory, on one line of a document; the document is left as it is."""


def _selector_matches(selector: str, rule: Rule) -> bool:
    # As in ruff: a selector is a code prefix, so "NAV" picks the whole set
    # and "NAV00" picks NAV001..NAV009.
    return rule.code.startswith(selector)


def _runs(rule: Rule, select: Iterable[str], preview: bool) -> bool:
    """Whether ``select`` (and ``preview``) turn ``rule`` on; ``ignore`` is applied after."""
    if rule.status is Status.OPT_IN:  # only by name: ``ALL`` does not reach it
        return any(s != "ALL" and _selector_matches(s, rule) for s in select)
    return (preview or rule.status is Status.STABLE) and any(s == "ALL" or _selector_matches(s, rule) for s in select)


def _check_selectors(selectors: Iterable[str], option: str) -> None:
    for selector in selectors:
        if selector == "ALL":
            continue
        if not any(_selector_matches(selector, r) for r in REGISTRY.values()):
            known = ", ".join(sorted(RULE_SETS))
            raise ConfigError(f"{option}: no rule code or rule set matches {selector!r} (sets: {known})")


def _strings(name: str, value: object) -> tuple[str, ...]:
    """A list-like of strings, as a tuple; anything else is a ConfigError naming the field."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ConfigError(f"{name}: expected a list of strings, got {value!r}")
    items = tuple(value)
    wrong = next((v for v in items if not isinstance(v, str)), None)
    if wrong is not None:
        raise ConfigError(f"{name}: expected a list of strings, got the item {wrong!r}")
    return items


@dataclass(frozen=True)
class Config:
    """How to clean. Immutable, so the same config always gives the same output.

    ``select`` and ``ignore`` take rule codes or code prefixes (``"NAV"``,
    ``"CREDIT001"``, ``"ALL"``); a rule runs when it is selected and not
    ignored. ``extra_phrases`` are literal lines (case-insensitive) and
    ``extra_patterns`` regular expressions (full match, case-insensitive) that
    are removed anywhere, reported as ``USER001``. ``preview`` turns on rules
    whose status is preview. ``text`` says what the documents are:
    ``"extract"`` (extractor output, today's precise cleaning), ``"page"``
    (whole-page text: only the article blocks stay) or ``"auto"`` (page mode
    for the documents that look like whole pages); ``cut`` is how hard page
    mode cuts (``"gentle"``, ``"balanced"``, ``"hard"``).
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extra_phrases: tuple[str, ...] = ()
    extra_patterns: tuple[str, ...] = ()
    preview: bool = False
    boilerplate: frozenset[str] = frozenset()
    text: str = "extract"
    cut: str = "balanced"
    _enabled: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept any iterable of strings, but store tuples: a config is a value.
        for name in ("select", "ignore", "extra_phrases", "extra_patterns", "boilerplate"):
            object.__setattr__(self, name, _strings(name, getattr(self, name)))
        object.__setattr__(self, "boilerplate", frozenset(self.boilerplate))
        if not isinstance(self.preview, bool):
            raise ConfigError(f"preview: expected True or False, got {self.preview!r}")
        if self.text not in TEXT_KINDS:
            raise ConfigError(f"text: expected one of {', '.join(TEXT_KINDS)}, got {self.text!r}")
        if self.cut not in CUT_NAMES:
            raise ConfigError(f"cut: expected one of {', '.join(CUT_NAMES)}, got {self.cut!r}")
        _check_selectors(self.select, "select")
        _check_selectors(self.ignore, "ignore")
        for pattern in self.extra_patterns:
            try:
                regex.compile(pattern)
            except (regex.error, RecursionError, MemoryError, OverflowError) as exc:
                raise ConfigError(
                    f"extra_patterns: {pattern!r} is not a valid pattern: {exc or type(exc).__name__}"
                ) from None
        enabled = frozenset(
            code
            for code, rule in REGISTRY.items()
            if _runs(rule, self.select, self.preview)
            and not any(s == "ALL" or _selector_matches(s, rule) for s in self.ignore)
        )
        object.__setattr__(self, "_enabled", enabled)

    def is_enabled(self, code: str) -> bool:
        return code in self._enabled

    @property
    def enabled_codes(self) -> frozenset[str]:
        return self._enabled


DEFAULT_CONFIG = Config()
