"""The rule registry: every rule, by code, in the order the engine tries them.

Each rule set lives in its own module; this table is the one place that
decides which sets exist and in which order they are tried. Codes are stable:
a code is never reused or renumbered once released.
"""

from __future__ import annotations

from types import MappingProxyType

from cleantext.rule import Rule
from cleantext.rules import comment, context, credit, feed, legal, markup, media, meta, nav, page, promo, social

#: Rule set prefix -> what the set is about.
RULE_SETS: MappingProxyType[str, str] = MappingProxyType(
    {
        "NAV": "navigation and section furniture",
        "FEED": "feed and syndication footers",
        "PROMO": "promotion: newsletters, apps, related links, ads",
        "SOCIAL": "social and share buttons",
        "COMMENT": "comment prompts, counts, forms and policies",
        "LEGAL": "copyright, cookie, consent and disclosure notices",
        "MEDIA": "photo credits, captions controls, player messages",
        "CREDIT": "syndication, reporting and contact credits",
        "META": "page metadata: stamps, reading time, counters",
        "MARKUP": "HTML tags, entities and scripts left unrendered",
        "CTX": "context heuristics: fragments judged by their neighbours",
        "PAGE": "whole-page text: what lies outside the article blocks (page mode only)",
    }
)


def _build() -> MappingProxyType[str, Rule]:
    table: dict[str, Rule] = {}
    for module in (nav, feed, promo, social, comment, legal, media, credit, meta, markup, context, page):
        for rule in module.RULES:
            if rule.code in table:
                raise RuntimeError(f"duplicate rule code {rule.code}")
            if rule.rule_set not in RULE_SETS:
                raise RuntimeError(f"rule {rule.code} has unknown rule set {rule.rule_set}")
            table[rule.code] = rule
    return MappingProxyType(table)


REGISTRY: MappingProxyType[str, Rule] = _build()

__all__ = ["REGISTRY", "RULE_SETS"]
