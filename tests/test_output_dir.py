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


def test_several_named_folders_are_each_mirrored_under_their_own_name(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    for name in ("pages", "extract"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "a.txt").write_text(JUNKY)
        (tmp_path / name / "sub" / "b.txt").write_text(CLEAN)
    (tmp_path / "single.txt").write_text(JUNKY)
    out = tmp_path / "out"
    names = [str(tmp_path / "pages"), str(tmp_path / "extract") + "/", str(tmp_path / "single.txt")]
    assert run(["-q", "--output-dir", str(out), *names], capfdbinary)[0] == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "extract/a.txt", "extract/sub/b.txt", "pages/a.txt", "pages/sub/b.txt", "single.txt",
    ]  # fmt: skip
    assert (out / "pages" / "a.txt").read_text() == CLEAN


@pytest.mark.parametrize("layout", ["two files", "two folders of one name"])
def test_two_inputs_that_would_meet_in_one_copy_are_refused_before_anything_is_written(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], layout: str
) -> None:
    first, second = (
        (tmp_path / "in2", tmp_path / "in3")
        if layout == "two files"
        else (tmp_path / "a" / "data", tmp_path / "b" / "data")
    )
    for folder in (first, second):
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(JUNKY)
    (first / "0.txt").write_text(JUNKY)  # comes first: would be written before the clash is met
    names = [str(first / "a.txt"), str(second / "a.txt")] if layout == "two files" else [str(first), str(second)]
    out = tmp_path / "out"
    code, stdout, err = run(["-q", "--output-dir", str(out), *names], capfdbinary)
    assert (code, stdout) == (2, "")
    assert f"{first / 'a.txt'} and {second / 'a.txt'} would both be copied to" in err
    assert "nothing written" in err
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_a_symbolic_link_inside_the_output_folder_is_never_written_through(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(JUNKY)
    (tmp_path / "victim").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to("../victim")
    code, _, err = run(["-q", "--output-dir", str(tmp_path / "out"), str(tmp_path / "in")], capfdbinary)
    assert code == 2
    assert f"{tmp_path / 'out' / 'sub'} in the output folder is a symbolic link; nothing is written through it" in err
    assert list((tmp_path / "victim").iterdir()) == []


def test_a_link_made_during_the_run_is_refused_when_the_copy_is_written(tmp_path: Path) -> None:
    from cleantext.reading import InputError
    from cleantext.rewrite import write_atomically

    (tmp_path / "victim").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to("../victim")
    (tmp_path / "a.txt").write_text(JUNKY)
    with pytest.raises(InputError, match="is a symbolic link; nothing is written through it"):
        write_atomically(
            str(tmp_path / "a.txt"), b"x", destination=str(tmp_path / "out" / "sub" / "deep" / "a.txt"),
            within=str(tmp_path / "out"),
        )  # fmt: skip
    assert list((tmp_path / "victim").iterdir()) == []


@pytest.mark.parametrize("where", ["the input itself", "a folder inside it"])
def test_inputs_inside_the_output_folder_are_refused_with_that_reason(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], corpus: Path, where: str
) -> None:
    before = fingerprint(corpus)
    named = corpus if where == "the input itself" else corpus / "sub"
    code, _, err = run(["-q", "--output-dir", str(corpus), str(named)], capfdbinary)
    assert code == 2
    assert f"{named} lies inside the output folder {corpus}" in err
    assert "no files to clean" not in err
    assert fingerprint(corpus) == before


def test_a_temporary_file_a_killed_run_left_in_the_output_folder_is_removed(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], corpus: Path
) -> None:
    (tmp_path / "out" / "sub").mkdir(parents=True)
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)  # a process number no live process has
    stale = tmp_path / "out" / "sub" / f".cleantext-{dead}-abc123.tmp"
    stale.write_bytes(b"half a copy")
    code, _, err = run(["--output-dir", str(tmp_path / "out"), str(corpus)], capfdbinary)
    assert code == 0
    assert not stale.exists()
    assert f"{stale}: removed a temporary file (11 bytes) that a killed run left" in err
