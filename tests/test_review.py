"""``cleantext report``: the review page's counts, samples, bounds and escaping, read from the HTML it writes.

What a browser makes of the page (filters, search, no script run) is in test_review_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Config, clean, clean_and_explain, tasks
from cleantext.document import Removal
from cleantext.review import (
    DOCUMENT_LINES,
    LINE_CHARS,
    ReviewSample,
    ReviewSettings,
    document_priority,
    removal_priority,
)
from cleantext.review_page import PAGE_LIMIT
from conftest import PROSE_AFTER, PROSE_BEFORE, run

JUNK = [
    "Breaking News",
    "Share this:",
    "Facebook",
    "Twitter",
    "Advertisement",
    "Leave a Reply",
    "Copyright 2024 Example Media. All rights reserved.",
]
#: Sentences of this file's own making, kept by every rule.
PROSE = [
    PROSE_BEFORE,
    PROSE_AFTER,
    "The ferry to the island will run twice a day through the winter, the operator said on Monday.",
    "Volunteers planted four hundred trees along the river bank over the weekend despite the rain.",
    "A new exhibition of maps drawn by local surveyors opens at the library on the first of June.",
]


def document(i: int) -> str:
    """The i-th test document: prose between junk lines, each document a little different."""
    top = JUNK[i % 3 : i % 3 + 1]
    middle = [PROSE[(i + k) % len(PROSE)] for k in range(3)]
    bottom = JUNK[3 + i % 4 :]
    return "\n\n".join([*top, *middle, *bottom]) + "\n"


def corpus(folder: Path, documents: int = 40) -> Path:
    shard = folder / "shard.jsonl"
    shard.write_text("".join(json.dumps({"id": i, "text": document(i)}) + "\n" for i in range(documents)))
    return shard


def rule_counts(page: str) -> dict[str, int]:
    """The per-rule counts the page's rules table shows."""
    rows = re.findall(r'<tr class="rule-row[^"]*" data-rule="([A-Z]+\d+)".*?<td class="count">([\d,]+)</td>', page)
    return {code: int(n.replace(",", "")) for code, n in rows}


def total(page: str, key: str) -> int:
    found = re.search(rf'<li id="total-{key}"><b>([\d,]+)</b>', page)
    assert found, key
    return int(found.group(1).replace(",", ""))


def report(paths: list[Path], out: Path, capfdbinary: pytest.CaptureFixture[bytes], *flags: str) -> str:
    code, _, err = run(["report", *map(str, paths), "-o", str(out), "-q", *flags], capfdbinary)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_counts_equal_statistics_of_the_same_run(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    shard = corpus(tmp_path)
    page = report([shard], tmp_path / "report.html", capfdbinary)
    _, out, _ = run(["--statistics", "--output-format", "json", str(shard)], capfdbinary)
    statistics = {row["code"]: row["count"] for row in json.loads(out)}
    assert rule_counts(page) == statistics
    assert total(page, "lines") == sum(statistics.values())
    assert total(page, "documents") == 40
    assert total(page, "files") == 1


def test_bytes_removed_are_the_bytes_cleaning_takes_out(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    texts = [document(i) for i in range(3)]
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text)
    page = report([tmp_path], tmp_path / "report.html", capfdbinary)
    _, cleaned, _ = run([str(tmp_path / f"{i}.txt") for i in range(3)], capfdbinary)
    # The command prints the texts one after another; each ends its last line, so nothing is added between.
    assert total(page, "bytes") == sum(len(t.encode()) for t in texts) - len(cleaned.encode())


def test_a_large_text_streamed_counts_as_the_same_text_whole(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "".join(document(i) for i in range(30))
    (tmp_path / "big.txt").write_text(text)
    whole = report([tmp_path / "big.txt"], tmp_path / "whole.html", capfdbinary)
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 1000)  # read in blocks by the main process (cleantext.flows)
    streamed = report([tmp_path / "big.txt"], tmp_path / "streamed.html", capfdbinary)
    for key in ("lines", "bytes", "documents"):
        assert total(streamed, key) == total(whole, key)
    assert rule_counts(streamed) == rule_counts(whole)


def test_the_page_does_not_depend_on_workers(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    shard = corpus(tmp_path, documents=300)
    one = report([shard], tmp_path / "one.html", capfdbinary, "-j", "1", "--samples", "3", "--documents", "4")
    two = report([shard], tmp_path / "two.html", capfdbinary, "-j", "2", "--samples", "3", "--documents", "4")
    assert one == two
    other_seed = report([shard], tmp_path / "seed.html", capfdbinary, "--seed", "7", "--samples", "3")
    assert rule_counts(other_seed) == rule_counts(one)
    assert other_seed != one


def test_samples_are_bounded_per_rule_and_documents(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    page = report([corpus(tmp_path)], tmp_path / "r.html", capfdbinary, "--samples", "2", "--documents", "3")
    examples = Counter(re.findall(r'<div class="example" data-rules="(\w+)"', page))
    assert examples and max(examples.values()) == 2
    assert set(examples) == set(rule_counts(page))
    assert page.count('<details class="doc"') == 3


def test_a_removal_is_shown_with_kept_lines_around_it(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "a.txt").write_text(f"{PROSE[0]}\n{PROSE[1]}\nAdvertisement\n{PROSE[2]}\n{PROSE[3]}\n{PROSE[4]}\n")
    page = report([tmp_path / "a.txt"], tmp_path / "r.html", capfdbinary)
    example = re.search(r'<div class="example" data-rules="PROMO012".*?</ol></div>', page)
    assert example
    shown = [html.unescape(t) for t in re.findall(r"<span>(.*?)</span>", example.group(0))]
    assert shown == [PROSE[0], PROSE[1], PROSE[2], PROSE[3]]  # two kept lines each side, not the fifth
    assert "<del>Advertisement</del>" in example.group(0)


def test_markup_in_a_document_is_shown_as_text(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    hostile = '<script>alert(1)</script>\n<img src=x onerror="alert(2)">\n"quoted" & <b>bold</b>\n'
    (tmp_path / "a.txt").write_text(f"Share this:\n{hostile}{PROSE[0]}\n")
    (tmp_path / "b.txt").write_text(f"{PROSE[1]}\nAdvertisement\n</ol></details><script>alert(3)</script>\n")
    page = report([tmp_path], tmp_path / "r.html", capfdbinary)
    assert page.count("<script>") == 1  # the page's own
    for raw in ("<img src", "<b>bold", "</ol></details><script>", '"quoted"'):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src &#x27;none&#x27;" in page  # the policy, as an attribute's value


def test_the_page_stays_under_its_limit_for_any_corpus(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    # Long lines of characters that escaping lengthens most, removed by many rules, in many documents.
    noisy = "&<>\"'" * 400
    texts = [f"{junk}\n{noisy}\n{PROSE[i % 5]} {noisy}\n" for i in range(400) for junk in JUNK]
    shard = tmp_path / "noisy.jsonl"
    shard.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    out = tmp_path / "r.html"
    report([shard], out, capfdbinary, "--samples", "1000", "--documents", "1000")
    assert 1_000_000 < out.stat().st_size < PAGE_LIMIT
    assert "left out to keep the page small" in out.read_text()


def test_bad_input_is_reported_in_the_page_and_the_exit_code(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "good.txt").write_text(document(1))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, _, err = run(["report", str(tmp_path), "-o", str(tmp_path / "r.html"), "-q"], capfdbinary)
    assert code == 2
    assert "binary.txt" in err
    page = (tmp_path / "r.html").read_text()
    assert total(page, "errors") == 1
    assert re.search(r"<h2>Errors</h2><ul class='errors'><li>[^<]*binary\.txt: ", page)


def test_an_existing_page_is_replaced_keeping_its_permissions(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "r.html"
    out.write_text("old")
    out.chmod(0o640)
    report([corpus(tmp_path)], out, capfdbinary)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text().startswith("<!doctype html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_new_page_takes_the_umask(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    old = os.umask(0o027)
    try:
        report([corpus(tmp_path)], tmp_path / "r.html", capfdbinary)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == 0o640


def test_page_to_standard_output_and_a_summary_on_standard_error(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    shard = corpus(tmp_path)
    code, out, err = run(["report", str(shard), "-o", "-"], capfdbinary)
    assert code == 0 and out.startswith("<!doctype html>") and err == ""
    code, out, err = run(["report", str(shard), "-o", str(tmp_path / "r.html")], capfdbinary)
    assert code == 0 and out == ""
    assert re.fullmatch(
        r"cleantext report: wrote .*r\.html \(0\.\d\d MB\): 1 files, 40 documents, \d+ lines removed\n", err
    )


def test_a_missing_output_folder_is_refused_before_any_work(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["report", str(corpus(tmp_path)), "-o", str(tmp_path / "no" / "r.html")], capfdbinary)
    assert exited.value.code == 2
    assert "no folder" in capfdbinary.readouterr().err.decode()


def test_page_mode_shades_the_article_blocks(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    page_text = "Home\nNews\nSport\nWeather\n\n" + "\n".join(PROSE) + "\n\nAbout us\nContact\nPrivacy Policy\n"
    (tmp_path / "page.txt").write_text(page_text)
    page = report([tmp_path / "page.txt"], tmp_path / "r.html", capfdbinary, "--text", "page")
    view = re.search(r'<details class="doc".*?</details>', page)
    assert view and "page mode: the article blocks are shaded" in view.group(0)
    shaded = [
        html.unescape(t)
        for t in re.findall(r'<li class="article"><span class="n">\d+</span><span>(.*?)</span>', view.group(0))
    ]
    kept = clean(page_text, Config(text="page")).split("\n")
    assert shaded == [line for line in kept if line.strip()]
    assert set(PROSE) <= set(shaded) and "Privacy Policy" not in shaded


# The sample itself: bottom-k by a seeded hash merges to the same sample however the input is split.

removals = st.lists(st.tuples(st.integers(1, 60), st.sampled_from(["NAV001", "PROMO012", "SOCIAL001"])), max_size=40)


def _sample(parts: list[tuple[str, dict[int, str]]], k: int) -> ReviewSample:
    """Each part (a document's name and its removed lines' rules) sampled alone, then merged in order."""
    whole = ReviewSample(ReviewSettings(seed=3, examples_per_rule=k, documents=k))
    text = "".join(f"line {i}\n" for i in range(1, 61))
    for name, removed in parts:
        sample = ReviewSample(whole.settings)
        found = [Removal(line, f"line {line}", code, "", "") for line, code in sorted(removed.items())]
        sample.add_document(name, text, text, found, page=lambda: False)
        whole.merge(sample)
    return whole


@given(st.lists(removals, min_size=1, max_size=6), st.integers(0, 5))
def test_merged_samples_are_the_lowest_k_of_all(parts: list[list[tuple[int, str]]], k: int) -> None:
    named = [(f"doc{n}", dict(part)) for n, part in enumerate(parts)]
    merged, backwards = _sample(named, k), _sample(named[::-1], k)
    for code in ("NAV001", "PROMO012", "SOCIAL001"):
        candidates = [(name, line) for name, removed in named for line, c in removed.items() if c == code]
        lowest = sorted(candidates, key=lambda c: removal_priority(document_priority(3, c[0]), c[1], code))[:k]
        assert [(e.where, e.removal.number) for e in merged.examples(code)] == lowest
        assert [(e.where, e.removal.number) for e in backwards.examples(code)] == lowest
    documents = sorted((name for name, _ in named), key=lambda name: document_priority(3, name))[:k]
    assert [d.where for d in merged.documents()] == [d.where for d in backwards.documents()] == documents


def test_long_lines_are_cut_for_showing() -> None:
    sample = ReviewSample(ReviewSettings())
    long = "x" * (LINE_CHARS + 50)
    sample.add_document(
        "d",
        f"{long}\nAdvertisement\n",
        f"{long}\n",
        [Removal(2, "Advertisement", "PROMO012", "n", "r")],
        page=lambda: False,
    )
    (example,) = sample.examples("PROMO012")
    assert example.lines[0].cut and len(example.lines[0].text) == LINE_CHARS


def test_a_long_document_is_shown_up_to_its_bound(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    lines = [f"The {i}th line of a long list." for i in range(1000)]
    (tmp_path / "long.txt").write_text("Advertisement\n" + "\n".join(lines) + "\n")
    page = report([tmp_path / "long.txt"], tmp_path / "r.html", capfdbinary)
    view = re.search(r'<details class="doc".*?</details>', page)
    assert view
    assert view.group(0).count("<li ") == DOCUMENT_LINES
    assert f"… {1001 - DOCUMENT_LINES:,} more lines not shown" in view.group(0)
    assert "1 of 1,001 lines removed (PROMO012)" in view.group(0)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_samples_are_the_lowest_of_the_whole_run(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], jobs: str
) -> None:
    # Many files, sixteen to a task: each worker passes over what its earlier tasks' samples rule out
    # (review.Floor), which must leave the run's sample exactly the lowest k of every candidate.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(150):
        (folder / f"{i:03d}.txt").write_text(document(i))
    page = report([folder], tmp_path / "r.html", capfdbinary, "-j", jobs, "--samples", "3", "--documents", "4")
    shown: dict[str, list[tuple[str, int]]] = {}
    for code, where, line in re.findall(
        r'<div class="example" data-rules="(\w+)"[^>]*><div class="where">(.*?) · line (\d+)</div>', page
    ):
        shown.setdefault(code, []).append((html.unescape(where), int(line)))
    candidates: dict[str, list[tuple[int, str, int]]] = {}
    for path in sorted(folder.iterdir()):
        key = document_priority(0, str(path))
        for r in clean_and_explain(path.read_text()).removals:
            candidates.setdefault(r.code, []).append(
                (removal_priority(key, r.line_number, r.code), str(path), r.line_number)
            )
    assert shown == {code: [(w, n) for _, w, n in sorted(found)[:3]] for code, found in candidates.items()}
    documents = [html.unescape(w) for w in re.findall(r'<details class="doc"[^>]*><summary><b>(.*?)</b>', page)]
    assert documents == sorted((str(p) for p in folder.iterdir()), key=lambda w: document_priority(0, w))[:4]


def test_no_samples_asked_for_none_shown(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    page = report([corpus(tmp_path)], tmp_path / "r.html", capfdbinary, "--samples", "0", "--documents", "0")
    assert rule_counts(page) and '<div class="example"' not in page and '<details class="doc"' not in page
    assert "No removal is shown." in page and 'href="#ex-' not in page


def test_many_inputs_and_errors_are_listed_only_in_part(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    paths = []
    for i in range(120):
        paths.append(tmp_path / f"{i:03d}.txt")
        paths[-1].write_bytes(b"\x00binary" if i % 2 else document(i).encode())
    code, _, err = run(["report", *map(str, paths), "-o", str(tmp_path / "r.html"), "-q"], capfdbinary)
    assert code == 2 and err.count("cleantext: ") == 60
    page = (tmp_path / "r.html").read_text()
    assert total(page, "errors") == 60 and total(page, "files") == 120
    errors = re.search(r"<ul class='errors'>(.*?)</ul>", page)
    assert errors and errors.group(1).count("<li>") == 50 + 1
    assert "… and 10 more (all on standard error)" in errors.group(1)
    assert "119.txt" not in page.partition("<h2>Summary</h2>")[0] and " and 70 more</p>" in page
