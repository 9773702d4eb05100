"""--output-dir: a complete cleaned copy of a corpus, the inputs untouched."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from cleantext import clean
from conftest import CLEAN, JUNKY, PROSE_BEFORE, run, wet_bytes, wet_texts


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file's content hash, mode and mtime: what "untouched" means."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(JUNKY)
    (root / "clean.txt").write_text(CLEAN)
    (root / "sub" / "b.txt").write_text(JUNKY)
    (root / "sub" / "b.txt").chmod(0o640)
    records = b"".join(json.dumps({"id": i, "text": JUNKY if i % 2 else CLEAN}).encode() + b"\n" for i in range(40))
    (root / "sub" / "deeper" / "s.jsonl.gz").write_bytes(gzip.compress(records, mtime=0))
    (root / "sub" / "s.jsonl").write_bytes(records)
    (root / "page.html").write_text(
        f"<html><body><article><p>{PROSE_BEFORE}</p><p>Share this article</p></article></body></html>"
    )
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_tree_is_mirrored_with_cleaned_files_and_the_corpus_is_untouched(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], corpus: Path, jobs: str
) -> None:
    before = fingerprint(corpus)
    out = tmp_path / "out"
    everything = ["--include", "*.txt,*.jsonl,*.jsonl.gz,*.html"]  # a folder gives no HTML unless asked
    code, stdout, err = run(["-q", "-j", jobs, *everything, "--output-dir", str(out), str(corpus)], capfdbinary)
    assert (code, stdout, err) == (0, "", "")
    assert fingerprint(corpus) == before
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.txt", "clean.txt", "page.txt", "sub/b.txt", "sub/deeper/s.jsonl.gz", "sub/s.jsonl",
    ]  # fmt: skip
    assert (out / "a.txt").read_text() == CLEAN
    assert (out / "clean.txt").read_bytes() == (corpus / "clean.txt").read_bytes()  # copied as it is
    assert stat.S_IMODE((out / "sub" / "b.txt").stat().st_mode) == 0o640
    for shard in [out / "sub" / "s.jsonl", out / "sub" / "deeper" / "s.jsonl.gz"]:
        data = gzip.decompress(shard.read_bytes()) if shard.suffix == ".gz" else shard.read_bytes()
        assert [json.loads(line)["text"] for line in data.splitlines()] == [CLEAN] * 40
    assert (out / "page.txt").read_text() == clean(f"{PROSE_BEFORE}\nShare this article")
    assert run(["-q", "--check", str(out)], capfdbinary)[0] == 0
    assert not [p for p in out.rglob(".cleantext-*")]


def test_a_named_file_goes_to_the_top_and_an_output_dir_inside_the_corpus_is_not_read(
    capfdbinary: pytest.CaptureFixture[bytes], corpus: Path
) -> None:
    out = corpus / "cleaned"
    assert run(["-q", "--output-dir", str(out), str(corpus / "sub" / "b.txt")], capfdbinary)[0] == 0
    assert (out / "b.txt").read_text() == CLEAN
    code, _, err = run(["--output-dir", str(out), str(corpus)], capfdbinary)
    assert code == 0
    assert not (out / "cleaned").exists()  # its own copies are never inputs
    assert err.startswith("cleantext: 5 files (4 with junk)")


def test_a_file_that_cannot_be_read_gets_no_copy(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], corpus: Path
) -> None:
    (corpus / "bad.txt").write_bytes(b"\xff\n")
    out = tmp_path / "out"
    code, _, err = run(["-q", "--output-dir", str(out), str(corpus)], capfdbinary)
    assert code == 2
    assert f"cleantext: {corpus / 'bad.txt'}: not valid UTF-8" in err
    assert not (out / "bad.txt").exists() and (out / "a.txt").exists()


@pytest.mark.parametrize("flags", [["--in-place"], ["--check"], ["--diff"]])
def test_output_dir_excludes_the_modes_that_write_nothing_or_in_place(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], corpus: Path, flags: list[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run([*flags, "--output-dir", str(tmp_path / "out"), str(corpus)], capfdbinary)
    assert exc.value.code == 2
    assert not (tmp_path / "out").exists()
    assert os.path.exists(corpus / "a.txt")


def test_a_mixed_folder_of_formats_is_mirrored_in_each_format(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "corpus"
    (source / "nested").mkdir(parents=True)
    (source / "a.txt.gz").write_bytes(gzip.compress(JUNKY.encode(), mtime=0))
    (source / "nested" / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": JUNKY}).encode() + b"\n"))
    pq.write_table(pa.table({"text": [JUNKY, CLEAN]}), source / "nested" / "c.parquet")
    (source / "nested" / "d.warc.wet.gz").write_bytes(wet_bytes([JUNKY, CLEAN, JUNKY]))
    (source / "e.txt").write_text(JUNKY)
    before = fingerprint(source)
    assert run(["-q", "-j", "2", "--output-dir", str(tmp_path / "out"), str(source)], capfdbinary)[0] == 0
    assert fingerprint(source) == before
    out = tmp_path / "out"
    assert gzip.decompress((out / "a.txt.gz").read_bytes()).decode() == CLEAN
    assert json.loads(gzip.decompress((out / "nested" / "b.jsonl.gz").read_bytes()))["text"] == CLEAN
    assert pq.read_table(out / "nested" / "c.parquet").column("text").to_pylist() == [CLEAN, CLEAN]
    assert wet_texts((out / "nested" / "d.warc.wet.gz").read_bytes()) == [CLEAN, CLEAN, CLEAN]
    assert (out / "e.txt").read_text() == CLEAN
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.txt.gz", "e.txt", "nested/b.jsonl.gz", "nested/c.parquet", "nested/d.warc.wet.gz",
    ]  # fmt: skip
