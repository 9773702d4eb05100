"""Fuzzing with hypothesis: text, HTML and JSONL inputs never raise and keep the invariants.

Profiles live in conftest.py: the default "ci" runs in seconds; run
``HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py`` to dig deeper. fuzz/ has
a coverage-guided harness for atheris.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from cleantext import clean, clean_and_explain, clean_html
from cleantext.document import split_lines
from cleantext.formats.jsonl import read_records, replace_field

JUNKISH = ["Menu", "Leave a Reply", "Share this article", "© 2024 Example", "Breaking News", "en", "| Home | News |"]
line = st.one_of(
    st.sampled_from(JUNKISH), st.text(max_size=80), st.from_regex(r"[A-Za-z ,.]{20,120}\.", fullmatch=True)
)
document = st.lists(line, max_size=30).flatmap(
    lambda ls: st.sampled_from(["\n", "\r\n", "\n\n"]).map(lambda nl: nl.join(ls))
)


def _lines(text: str) -> list[str]:
    """Line contents without their endings, split as the cleaner splits them."""
    return [content for content, _ in split_lines(text)]


def assert_invariants(text: str) -> None:
    result = clean_and_explain(text)
    remaining = iter(_lines(text))
    assert all(kept in remaining for kept in _lines(result.text))
    assert clean(result.text) == result.text


@given(document)
def test_text_documents(text: str) -> None:
    assert_invariants(text)


tag = st.sampled_from(["p", "div", "nav", "footer", "h1", "li", "table", "td", "script", "article", "span", "a"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(tag)
        parts.append(
            f"<{name}>{draw(line)}</{name}>" if draw(st.booleans()) else f"<{name}>{draw(st.text(max_size=30))}"
        )
    return "<html><body>" + "".join(parts) + "</body></html>"


@given(st.one_of(html_pages(), st.binary(max_size=300), st.text(max_size=300)))
def test_html_inputs_never_raise(page: str | bytes) -> None:
    assert isinstance(clean_html(page), str)


jsonl_line = st.one_of(
    st.builds(
        lambda t, extra: json.dumps({"text": t, **extra}).encode() + b"\n",
        document,
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"") + b"\n"),
    st.just(b'{"text": 5}\n'),
    st.just(b"[1, 2]\n"),
)


@given(st.lists(jsonl_line, max_size=20))
def test_jsonl_reader_passes_bad_lines_through_and_cleans_good_ones(lines: list[bytes]) -> None:
    records = list(read_records(lines, "text"))
    assert [r.raw for r in records] == lines
    for record in records:
        if record.text is None:
            continue
        cleaned = clean(record.text)
        new = replace_field(record.raw, "text", cleaned)
        assert json.loads(new)["text"] == cleaned
        assert {k: v for k, v in json.loads(new).items() if k != "text"} == {
            k: v for k, v in json.loads(record.raw).items() if k != "text"
        }
