"""HTML pages (``.html``, ``.htm``, when ``--include`` asks for them): the text trafilatura extracts.

The page is never rewritten: what comes out is text (see ``cleantext.html``).
"""

from __future__ import annotations

from cleantext.html import extract_text


def document(data: bytes) -> str:
    return extract_text(data)
