"""WARC and WET files: plain-text records cleaned, every other byte kept, the output valid for warcio."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleantext import Config, clean
from cleantext.cli import main
from conftest import CLEAN, JUNKY, SEEDS, needs_seeds, run, wet_bytes, wet_texts


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def write_warc(path: Path, texts: list[str], gzipped: bool | None = None, others: bool = True) -> None:
    path.write_bytes(wet_bytes(texts, path.suffix == ".gz" if gzipped is None else gzipped, others))


#: What ``create_warc_record`` needs besides a payload for a plain-text conversion record.
PLAIN_TEXT: dict[str, Any] = {"warc_content_type": "text/plain"}


def write_records(path: Path, records: list[tuple[str, str, bytes, dict[str, Any]]], gzipped: bool = True) -> None:
    """A WARC of the given records, each (URI, record type, payload, other ``create_warc_record`` arguments)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for uri, kind, payload, extra in records:
        writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), **extra))
    path.write_bytes(out.getvalue())


def records(path: Path) -> list[tuple[str, str | None, bytes]]:
    """Each record's type, URI and content, read by warcio with its digests checked."""
    found = []
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle, check_digests="raise")
        for record in iterator:
            found.append(
                (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read())
            )
    return found


def conversions(path: Path) -> list[str]:
    return wet_texts(path.read_bytes())


TEXTS = [JUNKY, CLEAN, JUNKY + JUNKY]


@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_conversion_records_are_cleaned_and_warcio_reads_the_result(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str, jobs: str
) -> None:
    path = tmp_path / name
    write_warc(path, TEXTS)
    before = records(path)
    code, _, err = run(["-q", "-j", jobs, "-i", str(tmp_path)], capfdbinary)  # found in a folder by default
    assert (code, err) == (0, "")
    after = records(path)  # digests checked: a wrong one raises
    assert [(kind, uri) for kind, uri, _ in after] == [(kind, uri) for kind, uri, _ in before]
    assert conversions(path) == [clean(t) for t in TEXTS]
    # Every record that is not a document comes back as it was.
    assert [r for r in after if r[0] != "conversion"] == [r for r in before if r[0] != "conversion"]


def test_a_cleaned_record_keeps_its_headers_but_length_and_digests(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [JUNKY], others=False)
    original = path.read_bytes()
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    new = path.read_bytes()

    def headers(data: bytes, n: int) -> list[bytes]:
        record = data.split(b"WARC/1.0\r\n")[n + 1]
        return record.split(b"\r\n\r\n")[0].split(b"\r\n")

    old_lines, new_lines = headers(original, 1), headers(new, 1)
    changed = {line.split(b":")[0] for line in set(new_lines) ^ set(old_lines)}
    assert changed == {b"WARC-Block-Digest", b"WARC-Payload-Digest", b"Content-Length"}
    assert [line.split(b":")[0] for line in new_lines] == [line.split(b":")[0] for line in old_lines]
    text = clean(JUNKY).encode("utf-8")
    assert f"WARC-Block-Digest: {sha1_base32(text)}".encode() in new_lines
    assert f"Content-Length: {len(text)}".encode() in new_lines
    assert new.split(b"WARC/1.0\r\n")[1] == original.split(b"WARC/1.0\r\n")[1]  # the warcinfo record


@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.warc"])
def test_nothing_to_remove_leaves_the_file_untouched_and_prints_it_byte_for_byte(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str
) -> None:
    path = tmp_path / name
    write_warc(path, [CLEAN, CLEAN])
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, mtime)
    code, out, _ = run(["-q", str(path)], capfdbinary)  # printed: the WARC itself, uncompressed
    assert code == 0
    assert out.encode("utf-8") == (gzip.decompress(data) if name.endswith(".gz") else data)
    copy = tmp_path / "copy"
    assert run(["-q", "--output-dir", str(copy), str(path)], capfdbinary)[0] == 0
    assert (copy / name).read_bytes() == data


def test_each_cleaned_record_is_its_own_gzip_member_and_the_output_is_deterministic(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    outputs = []
    write_warc(tmp_path / "crawl.warc.wet.gz", TEXTS * 3)
    data = (tmp_path / "crawl.warc.wet.gz").read_bytes()
    for jobs in ("1", "2"):
        path = tmp_path / jobs / "crawl.warc.wet.gz"
        path.parent.mkdir()
        path.write_bytes(data)
        assert run(["-q", "-j", jobs, "-i", str(path)], capfdbinary)[0] == 0
        outputs.append(path.read_bytes())
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            offsets = []
            for _ in iterator:
                offsets.append((iterator.get_record_offset(), iterator.get_record_length()))
        # A record read alone from its offset, as an index would: each is one whole gzip member.
        new = path.read_bytes()
        for offset, length in offsets:
            assert gzip.decompress(new[offset : offset + length]).startswith(b"WARC/1.0\r\n")
        assert new != data
    assert outputs[0] == outputs[1]


def test_findings_name_the_record_and_its_uri(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    write_warc(path, [CLEAN, JUNKY], others=False)
    code, out, _ = run(["-q", "--check", str(path)], capfdbinary)
    assert (code, out.splitlines()) == (
        1,
        [
            f"{path}:3[https://example.com/1]:1: NAV001 breaking-news-banner",
            f"{path}:3[https://example.com/1]:7: COMMENT001 leave-a-reply",
        ],
    )
    _, out, _ = run(["-q", "--output-format", "json", "--check", str(path)], capfdbinary)
    rows = json.loads(out)["removals"]
    assert [(r["record"], r["uri"], r["line"]) for r in rows] == [
        (3, "https://example.com/1", 1),
        (3, "https://example.com/1", 7),
    ]


def test_plain_text_responses_are_documents_with_their_http_length_fixed(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "crawl.warc.gz"
    body = JUNKY.encode("utf-8")
    plain = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    gzipped = StatusAndHeaders("200 OK", [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")], "HTTP/1.1")
    latin = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=iso-8859-1")], protocol="HTTP/1.1")
    write_records(
        path,
        [
            ("https://a.example/", "response", body, {"http_headers": plain}),
            ("https://b.example/", "response", gzip.compress(body, mtime=0), {"http_headers": gzipped}),
            ("https://c.example/", "response", body, {"http_headers": latin}),
        ],
    )
    before = records(path)
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    after = records(path)
    assert after[0][2] == clean(JUNKY).encode("utf-8")
    assert after[1:] == before[1:]  # encoded, or not UTF-8: not documents
    with path.open("rb") as handle:
        record = next(iter(ArchiveIterator(handle)))
        assert record.http_headers.get_header("Content-Length") == str(len(clean(JUNKY).encode("utf-8")))


def test_a_digest_of_an_unknown_algorithm_is_dropped(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [JUNKY], others=False)
    data = path.read_bytes()
    at = data.rindex(b"WARC-Block-Digest: sha1:")  # the conversion record's
    path.write_bytes(data[:at] + data[at:].replace(b"sha1:", b"blake9:", 1))
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert b"blake9" not in path.read_bytes()
    assert conversions(path) == [clean(JUNKY)]


def test_a_record_that_is_not_utf8_is_reported_and_passed_through(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    payloads = [b"Breaking News\n\xff\xfe not UTF-8\n", JUNKY.encode("utf-8")]
    write_records(path, [(f"https://example.com/{i}", "conversion", p, PLAIN_TEXT) for i, p in enumerate(payloads)])
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2
    assert err == f"cleantext: {path}:1: not valid UTF-8 (byte 14 of its text); passed through unchanged\n"
    assert [c for _, _, c in records(path)] == [b"Breaking News\n\xff\xfe not UTF-8\n", clean(JUNKY).encode("utf-8")]
    _, out_json, _ = run(["-q", "--output-format", "json", "--check", str(path)], capfdbinary)
    assert json.loads(out_json)["files"][0]["errors"] == [
        "record 1: not valid UTF-8 (byte 14 of its text); passed through unchanged"
    ]


@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.warc"])
@pytest.mark.parametrize("cut", [0.5, 0.97])
def test_a_truncated_warc_is_an_error_and_nothing_is_written(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str, cut: float
) -> None:
    path = tmp_path / name
    write_warc(path, TEXTS)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)])
    cut_data = path.read_bytes()
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2
    assert err.startswith(f"cleantext: {path}: "), err
    assert "truncated" in err or "cannot read" in err or "not a readable WARC" in err, err
    assert path.read_bytes() == cut_data
    assert not list(tmp_path.glob(".cleantext-*"))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"this is not a WARC file at all\n", "not a readable WARC file"),
        (gzip.compress(b"WARC/1.0\r\nContent-Length: 5\r\n\r\nabc", mtime=0), "truncated"),
        (
            gzip.compress(b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\nSome text.\r\n\r\n", mtime=0),
            "record 1: no Content-Length header; left as it is\n",
        ),
    ],
    ids=["not-warc", "truncated", "no-content-length"],
)
def test_bad_warc_files_are_errors(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], data: bytes, problem: str
) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2 and err.startswith(f"cleantext: {path}") and problem in err, err
    assert path.read_bytes() == data


def test_warcio_warnings_stay_out_of_standard_error(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "bad.warc"
    data = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 3\r\n\r\nMenu\nSome text.\r\n\r\n"
    path.write_bytes(data)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, err) == (
        2,
        f"cleantext: {path}: not a readable WARC file (Invalid WARC record, first line: Some text.); left as it is\n",
    )
    assert path.read_bytes() == data


def test_one_gzip_stream_of_many_records_is_refused(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "crawl.warc.gz"
    plain = tmp_path / "plain.warc"
    write_warc(plain, TEXTS)
    path.write_bytes(gzip.compress(plain.read_bytes(), mtime=0))
    data = path.read_bytes()
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, err) == (
        2,
        f"cleantext: {path}: one gzip stream of many records; a gzip WARC needs a gzip member per record "
        "(`warcio recompress` makes one); left as it is\n",
    )
    assert path.read_bytes() == data


def test_without_warcio_the_message_names_the_extra(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [JUNKY])
    for module in [m for m in sys.modules if m.startswith("warcio")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "warcio", None)
    code, _, err = run(["-q", "--check", str(path)], capfdbinary)
    assert (code, err) == (
        2,
        f"cleantext: {path}: a WARC file needs warcio: pip install 'cleantext-boilerplate[warc]'\n",
    )


@needs_seeds
def test_the_seeds_in_a_wet_file_give_their_expected_texts(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    path = tmp_path / "seeds.warc.wet.gz"
    write_warc(path, [s.read_text(encoding="utf-8") for s in seeds])
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert conversions(path) == [(SEEDS / "expected" / s.name).read_text(encoding="utf-8") for s in seeds]


def _with_a_large_binary_record(path: Path, texts: list[str], gzipped: bool) -> bytes:
    """A WARC whose first record is a 5 MB binary resource (over what a worker is handed whole)."""
    import random

    blob = random.Random(7).randbytes(5 << 20)
    video = ("https://example.com/video", "resource", blob, {"warc_content_type": "video/mp4"})
    documents = [(f"https://example.com/{i}", "conversion", text.encode(), PLAIN_TEXT) for i, text in enumerate(texts)]
    write_records(path, [video, *documents], gzipped)
    return blob


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_large_record_is_copied_as_it_is_not_held(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str
) -> None:
    path = tmp_path / name
    blob = _with_a_large_binary_record(path, [JUNKY, CLEAN], gzipped=name.endswith(".gz"))
    assert run(["-q", "-j", "2", "-i", str(path)], capfdbinary)[0] == 0
    after = records(path)  # digests checked
    assert after[0][2] == blob
    assert conversions(path) == [clean(JUNKY), CLEAN]
    assert main(["-q", str(path)]) == 0  # printed: the WARC, uncompressed, the big record and all
    data = path.read_bytes()
    assert capfdbinary.readouterr().out == (gzip.decompress(data) if name.endswith(".gz") else data)


def test_a_large_record_cut_short_is_an_error(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "crawl.warc.gz"
    _with_a_large_binary_record(path, [], gzipped=True)
    data = path.read_bytes()[: 3 << 20]
    path.write_bytes(data)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2 and err.startswith(f"cleantext: {path}: "), err
    assert path.read_bytes() == data


def test_a_document_record_over_the_limit_passes_through_with_a_message(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleantext.formats import warc

    monkeypatch.setattr(warc, "DOCUMENT_MAX_BYTES", 1000)
    path = tmp_path / "crawl.warc.wet.gz"
    write_warc(path, [JUNKY * 20, JUNKY], others=False)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 2
    assert err.startswith(f"cleantext: {path}:2: a record of "), err
    assert "over the 1,000 a document record may have; passed through unchanged" in err
    assert conversions(path) == [JUNKY * 20, clean(JUNKY)]


def test_a_warc_on_standard_input_is_read_with_input_format(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [JUNKY, CLEAN])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main(["-q", "--input-format", "warc", "-"]) == 0
    out = capfdbinary.readouterr().out  # the cleaned WARC, uncompressed: warcio reads it
    assert wet_texts(out) == [clean(JUNKY), CLEAN]
    assert not list(Path(tempfile.gettempdir()).glob(f".cleantext-{os.getpid()}-stdin-*"))


def test_input_format_and_its_aliases_exclude_each_other(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--input-format", "warc", "--jsonl", "-"])
    assert exit_info.value.code == 2
    assert "--input-format, --jsonl and --html name one format" in capfdbinary.readouterr().err.decode()


def test_a_record_that_inflates_to_much_more_than_it_stores_passes_through(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "crawl.warc.gz"
    zeros = b"\0" * (40 << 20)  # 40 MB in a member of about 40 kB
    write_records(
        path,
        [
            ("https://example.com/z", "resource", zeros, {"warc_content_type": "application/octet-stream"}),
            ("https://example.com/0", "conversion", JUNKY.encode(), PLAIN_TEXT),
        ],
    )
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert [len(content) for _, _, content in records(path)] == [len(zeros), len(clean(JUNKY).encode())]


WET_PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "page" / "wet-menu-on-top.txt"


def test_a_wet_record_is_cleaned_as_a_whole_page_unless_a_kind_of_text_is_chosen(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    # A crawl's text is whole pages: the menu on top and the sidebar go, as page mode removes them.
    page = WET_PAGE.read_text(encoding="utf-8")
    expected = WET_PAGE.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert clean(page, Config(text="page")) == expected != clean(page)
    wet = tmp_path / "crawl.warc.wet.gz"
    write_warc(wet, [page], others=False)
    for flags, cleaned in (([], expected), (["--text", "extract"], clean(page))):
        out = tmp_path / ("out" + "-".join(flags))
        assert run([*flags, "--output-dir", str(out), str(wet)], capfdbinary)[0] == 0
        assert conversions(out / wet.name) == [cleaned]
    code, stdout, _ = run(["--show-settings", str(wet)], capfdbinary)
    assert code == 0 and "text = 'extract'  (default; WARC files, whole pages: 'page')" in stdout
