"""cleantext: remove boilerplate lines from scraped article text, keep every article sentence."""

from __future__ import annotations

import logging

from cleantext.config import Config, ConfigError, UserPatternError
from cleantext.configfile import config_from_file
from cleantext.document import Explanation, Removal
from cleantext.engine import clean, clean_and_explain, is_whole_page
from cleantext.html import clean_html, clean_html_and_explain
from cleantext.learn import load_list as load_boilerplate
from cleantext.rule import Rule, Shape, Status, Zone
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
    "Shape",
    "Status",
    "UserPatternError",
    "Zone",
    "__version__",
    "clean",
    "clean_and_explain",
    "clean_html",
    "clean_html_and_explain",
    "config_from_file",
    "is_whole_page",
    "load_boilerplate",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
