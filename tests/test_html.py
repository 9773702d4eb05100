"""HTML input: trafilatura extraction followed by the same rules as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import clean_html, clean_html_and_explain
from cleantext.cli import main
from conftest import ROOT

PAGE = ROOT / "fixtures" / "html" / "harbour.html"
ARTICLE = [
    "The ferry service to the island will resume on Monday after a week of repairs to the old pier, the operator said on Friday.",
    "Engineers replaced forty wooden piles and added a steel railing along the seaward side of the landing stage.",
    "Local businesses said the closure had cost them much of the early season, and several cafés had shortened their opening hours.",
    "The first boat of the day will leave at seven, carrying cyclists, two delivery vans and a school group on a day trip.",
]
JUNK = [
    "Share this article",
    "Read more: Harbour fees to rise next year",
    "Leave a Reply",
    "Breaking News",
    "Privacy Policy",
]


def test_clean_html_keeps_the_article_and_drops_the_furniture() -> None:
    text = clean_html(PAGE.read_bytes())
    lines = text.split("\n")
    assert all(sentence in lines for sentence in ARTICLE)
    assert not any(junk in text for junk in JUNK)
    assert "A busy summer ahead" in lines  # a sub-heading between paragraphs stays


def test_explanation_names_the_rules() -> None:
    result = clean_html_and_explain(PAGE.read_text(encoding="utf-8"))
    codes = {r.code for r in result.removals}
    assert {"SOCIAL002", "PROMO005"} <= codes


def test_empty_or_textless_html_gives_empty_text() -> None:
    assert clean_html("") == ""
    assert clean_html("<html><body><script>var x = 1;</script></body></html>") == ""


def test_command_takes_html_by_extension(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main([str(PAGE)]) == 0
    out = capfdbinary.readouterr().out.decode()
    assert all(sentence in out for sentence in ARTICLE) and "Share this article" not in out
    assert main(["--check", str(PAGE)]) == 1
    assert "SOCIAL002 share-prompt" in capfdbinary.readouterr().out.decode()


def test_html_is_never_rewritten_in_place(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    page = tmp_path / "page.htm"
    page.write_bytes(PAGE.read_bytes())
    assert main(["-q", "--in-place", str(page)]) == 2
    assert "HTML is not rewritten in place" in capfdbinary.readouterr().err.decode()
    assert page.read_bytes() == PAGE.read_bytes()


def test_html_flag_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.read_bytes())))
    assert main(["-q", "--html", "-"]) == 0
    assert ARTICLE[0] in capfdbinary.readouterr().out.decode()
