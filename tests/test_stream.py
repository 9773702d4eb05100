"""A large text file cleaned section by section gives exactly what cleaning it whole gives."""

from __future__ import annotations

import io
import re
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY, Config, clean_and_explain, reading, tasks
from cleantext import stream as stream_module
from cleantext.cli import main
from cleantext.reading import InputError, read_lines
from cleantext.stream import clean_stream
from conftest import RULE_FIXTURES
from test_properties import prose_line

# Every kind of junk line, whatever its zone, plus fragments and blanks: the
# sections must see zones, neighbours and blank-line gaps as the whole does.
_JUNK = sorted(
    {
        line
        for rule in REGISTRY.values()
        if rule.pattern is not None
        for line in tomllib.loads((RULE_FIXTURES / f"{rule.code}.toml").read_text(encoding="utf-8"))["remove"]
    }
)
_OTHER = ["", "", "   ", "Kyiv, Ukraine", "Mykolaiv missile attack", "Politics", "en", "- Home", "InfoDesk"]
line = prose_line | st.sampled_from(_JUNK) | st.sampled_from(_OTHER)
document = st.builds(
    lambda lines, endings, bom, final: (
        ("\ufeff" if bom else "")
        + "".join(text + endings[i % len(endings)] for i, text in enumerate(lines))[: None if final else -1]
    ),
    st.lists(line, max_size=60),
    st.lists(st.sampled_from(["\n", "\r\n"]), min_size=1, max_size=3),
    st.booleans(),
    st.booleans(),
)


def streamed(text: str, config: Config | None = None) -> tuple[str, list[tuple[int, str, str]]]:
    data = text.encode("utf-8")
    pieces = list(clean_stream(lambda: read_lines(io.BytesIO(data)), config))
    return "".join(p.text for p in pieces), [(r.line_number, r.code, r.line) for p in pieces for r in p.removals]


@pytest.fixture(autouse=True)
def tiny_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sections and blocks of a few lines, so that generated documents are cut many times.
    monkeypatch.setattr(stream_module, "SECTION_CHARS", 200)
    monkeypatch.setattr(reading, "BLOCK_BYTES", 97)


@given(document)
def test_sections_give_what_the_whole_gives(text: str) -> None:
    whole = clean_and_explain(text)
    assert streamed(text) == (whole.text, [(r.line_number, r.code, r.line) for r in whole.removals])


# Reader comments between stamps, cut anywhere by blocks and sections: a
# thread must be judged as one, however the file is split.
_STAMPS = ["Posted by: Dana at September 10, 2012 7:04 PM", "Posted by Kim at 9:12 PM | Permalink"]
commented = st.lists(
    prose_line | st.sampled_from(_STAMPS) | st.sampled_from(["", "Comments", "Menu", "en"]), max_size=80
).map(lambda lines: "\n".join(lines) + "\n")


@given(commented)
def test_sections_judge_comment_threads_as_the_whole_does(text: str) -> None:
    config = Config(preview=True)
    whole = clean_and_explain(text, config)
    assert streamed(text, config) == (whole.text, [(r.line_number, r.code, r.line) for r in whole.removals])


def test_a_comment_thread_across_blocks_and_sections_is_removed_whole() -> None:
    comment = "I read this twice and I still think the council should have asked the people who live there."
    paragraphs = [
        f"Paragraph {i}: the council said the bridge would stay closed until the repairs were done." for i in range(12)
    ]
    thread = ["Nice one", "", "Posted by: Reader at May 2, 2005 8:59 AM", ""] + [
        x for n in range(29) for x in (comment, "", f"Posted by: Reader {n} at May 2, 2005 9:{n:02d} AM", "")
    ]
    # The language stub is in the bottom zone only once the comments are gone,
    # so the zones themselves depend on the thread being seen whole.
    text = "\n".join([*paragraphs, "", "en", "", *thread]) + "\n"
    config = Config(preview=True)
    whole = clean_and_explain(text, config)
    assert sum(r.code == "CTX003" for r in whole.removals) == 29  # every comment between two stamps
    assert "FEED005" in [r.code for r in whole.removals]
    assert streamed(text, config) == (whole.text, [(r.line_number, r.code, r.line) for r in whole.removals])


def test_long_document_is_cut_into_sections_and_still_matches() -> None:
    body = [
        f"Paragraph {i}: the council said the bridge would stay closed until the repairs were done." for i in range(40)
    ]
    lines = [
        "Breaking News",
        "Menu",
        *[x for p in body for x in (p, "", "Share on Facebook", "")],
        "Leave a Reply",
        "en",
    ]
    text = "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    pieces = list(clean_stream(lambda: read_lines(io.BytesIO(data))))
    # Cut again and again, but only after SECTION_CHARS characters each time.
    assert 5 < len(pieces) <= len(text) // stream_module.SECTION_CHARS + 1
    whole = clean_and_explain(text)
    assert "".join(p.text for p in pieces) == whole.text
    assert [r.line_number for p in pieces for r in p.removals] == [r.line_number for r in whole.removals]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfeh\x00i\x00", "UTF-16 text"),
        (b"text\x00more\n", "binary file"),
        (b"good line\n" * 30 + b"bad \xc3\x28 byte\n", "not valid UTF-8 (byte 304)"),
    ],
)
def test_bad_bytes_are_reported_like_a_whole_read(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=re.escape(problem)):
        list(read_lines(io.BytesIO(data)))


@pytest.fixture
def stream_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 1)


def big_junky_document() -> str:
    body = [
        f"Paragraph {i}: the council said the bridge would stay closed until the repairs were done." for i in range(60)
    ]
    return "Menu\n\n" + "\n\nShare on Facebook\n\n".join(body) + "\n\nLeave a Reply\n"


@pytest.mark.usefixtures("stream_every_file")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_command_streams_large_files_with_the_same_result(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], jobs: str
) -> None:
    text = big_junky_document()
    whole = clean_and_explain(text)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o640)

    assert main(["-j", jobs, str(path)]) == 0
    assert capfdbinary.readouterr().out.decode() == whole.text

    assert main(["-j", jobs, "--check", str(path)]) == 1
    expected = "".join(f"{path}:{r.line_number}: {r.code} {r.name}\n" for r in whole.removals)
    assert capfdbinary.readouterr().out.decode() == expected

    assert main(["-j", jobs, "-q", "--in-place", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == whole.text
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    before = path.stat().st_mtime_ns
    assert main(["-j", jobs, "-q", "--in-place", str(path)]) == 0  # nothing left to remove: not rewritten
    assert path.stat().st_mtime_ns == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cleantext-")]


@pytest.mark.usefixtures("stream_every_file")
def test_streamed_file_with_bad_bytes_is_reported_and_left_alone(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = big_junky_document().encode("utf-8") + b"\xff\n"
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    assert main(["-q", "--in-place", str(path)]) == 2
    captured = capfdbinary.readouterr()
    assert f"cleantext: {path}: not valid UTF-8" in captured.err.decode()
    assert path.read_bytes() == data
    assert main([str(path)]) == 2
    assert capfdbinary.readouterr().out == b""  # found in the first pass, before any output


def test_a_line_longer_than_a_block_is_read_whole() -> None:
    data = ("é" * 5000 + "\r\n" + "y" * 300).encode("utf-8")  # two-byte characters split across blocks too
    lines = [line for block in read_lines(io.BytesIO(data)) for line in block]
    assert lines == [("é" * 5000, "\r\n"), ("y" * 300, "")]
