"""cleantext: remove boilerplate lines from scraped article text, keep every article sentence."""

from __future__ import annotations

import logging

from cleantext.config import Config, ConfigError
from cleantext.engine import Explanation, Removal, clean, clean_and_explain
from cleantext.html import clean_html, clean_html_and_explain
from cleantext.rule import Rule, Status, Zone
from cleantext.rules import REGISTRY, RULE_SETS

__version__ = "0.1.0"

__all__ = [
    "REGISTRY",
    "RULE_SETS",
    "Config",
    "ConfigError",
    "Explanation",
    "Removal",
    "Rule",
    "Status",
    "Zone",
    "__version__",
    "clean",
    "clean_and_explain",
    "clean_html",
    "clean_html_and_explain",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
