"""HTML input: extract the page's text with trafilatura, then clean it like any text.

trafilatura is asked for everything that might be article (``favor_recall``)
and for tables, without comments and without its own deduplication; the rule
pass then removes the furniture that recall let through. trafilatura is
imported on first use, so text-only users do not pay for it.
"""

from __future__ import annotations

from cleantext.config import Config
from cleantext.document import Explanation
from cleantext.engine import clean_and_explain


def extract_text(html: str | bytes) -> str:
    """The page's main text as trafilatura sees it; empty when it finds none.

    Recall first: a line the extractor drops can never come back, while a
    line it keeps can still be removed by the rules.
    """
    import trafilatura

    text = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True, deduplicate=False)
    return text or ""


def clean_html_and_explain(html: str | bytes, config: Config | None = None) -> Explanation:
    """Extract the text of ``html`` and clean it; the explanation's line numbers refer to that text."""
    return clean_and_explain(extract_text(html), config)


def clean_html(html: str | bytes, config: Config | None = None) -> str:
    """The article text of an HTML page, without boilerplate lines."""
    return clean_html_and_explain(html, config).text
