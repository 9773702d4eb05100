"""A run killed half-way leaves every file either wholly old or wholly new."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROSE_AFTER, PROSE_BEFORE, wet_bytes, wet_texts

JUNKY = f"Breaking News\n\n{PROSE_BEFORE}\n\n{PROSE_AFTER}\n\nLeave a Reply\n" * 20


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_in_place_run_leaves_old_or_new_files(tmp_path: Path, sig: signal.Signals) -> None:
    from cleantext import clean

    cleaned = clean(JUNKY)
    assert cleaned != JUNKY
    files = [tmp_path / f"{i:05}.txt" for i in range(3000)]
    for path in files:
        path.write_text(JUNKY)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleantext", "--in-place", "-q", "-j", "2", str(tmp_path)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.stat().st_size != len(JUNKY) for p in files[::50]):
            break
        time.sleep(0.002)
    os.killpg(proc.pid, sig)
    assert proc.wait(timeout=60) == (-signal.SIGKILL if sig == signal.SIGKILL else 130)

    contents = [p.read_text() for p in files]
    assert set(contents) <= {JUNKY, cleaned}
    assert JUNKY in contents and cleaned in contents, "the kill did not land mid-way; make the corpus larger"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".cleantext-")]
    if sig == signal.SIGTERM:
        assert leftovers == []  # a graceful stop finishes the files in hand
        assert proc.stderr is not None
        assert b"stopped; every file is either as it was or completely cleaned" in proc.stderr.read()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [p.name for p in files]

    done = subprocess.run([sys.executable, "-m", "cleantext", "--in-place", "-q", str(tmp_path)], check=False)
    assert done.returncode == 0
    assert {p.read_text() for p in files} == {cleaned}


def test_killed_run_over_mixed_formats_leaves_each_file_wholly_old_or_new(tmp_path: Path) -> None:
    import bz2
    import gzip
    import io
    import json
    import lzma

    import zstandard

    from cleantext import clean

    cleaned = clean(JUNKY)
    writers = {
        ".txt": lambda b: b,
        ".txt.gz": lambda b: gzip.compress(b, mtime=0),
        ".txt.bz2": bz2.compress,
        ".txt.xz": lzma.compress,
        ".jsonl.zst": lambda b: zstandard.ZstdCompressor().compress(b),
    }
    readers = {
        ".txt": lambda b: b,
        ".txt.gz": gzip.decompress,
        ".txt.bz2": bz2.decompress,
        ".txt.xz": lzma.decompress,
        ".jsonl.zst": lambda b: zstandard.ZstdDecompressor().stream_reader(io.BytesIO(b)).read(),
    }

    def payload(suffix: str, text: str) -> bytes:
        if suffix == ".jsonl.zst":
            return (json.dumps({"text": text}) + "\n").encode() * 3
        return text.encode()

    import pyarrow as pa
    import pyarrow.parquet as pq

    def parquet_bytes(data: bytes) -> bytes:
        sink = io.BytesIO()
        pq.write_table(pa.table({"text": [data.decode()]}), sink)
        return sink.getvalue()

    writers[".parquet"] = parquet_bytes
    readers[".parquet"] = lambda b: "".join(pq.read_table(io.BytesIO(b)).column("text").to_pylist()).encode()
    # A WET file: the payload as one conversion record, its digests checked as it is read back.
    writers[".warc.wet.gz"] = lambda b: wet_bytes([b.decode()])
    readers[".warc.wet.gz"] = lambda b: "".join(wet_texts(b)).encode()
    files = {tmp_path / f"{i:05}{suffix}": suffix for i in range(600) for suffix in writers}
    for path, suffix in files.items():
        path.write_bytes(writers[suffix](payload(suffix, JUNKY)))
    originals = {path: path.read_bytes() for path in files}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleantext", "--in-place", "-q", "-j", "2", str(tmp_path)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sample = list(files)[::97]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.read_bytes() != originals[p] for p in sample):
            break
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    old = new = 0
    for path, suffix in files.items():
        content = readers[suffix](path.read_bytes())  # each file decompresses whole: never half-written
        assert content in (payload(suffix, JUNKY), payload(suffix, cleaned)), path.name
        old += content == payload(suffix, JUNKY)
        new += content == payload(suffix, cleaned)
    assert old and new, "the kill did not land mid-way; make the corpus larger"


def test_killed_output_dir_run_leaves_whole_copies_and_the_next_run_no_temporary_file(tmp_path: Path) -> None:
    from cleantext import clean

    cleaned = clean(JUNKY)
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    for i in range(30):
        (corpus / f"{i:02}").mkdir(parents=True)
        for j in range(100):
            (corpus / f"{i:02}" / f"{j:03}.txt").write_text(JUNKY)
    command = [sys.executable, "-m", "cleantext", "-q", "-j", "2", "--output-dir", str(out), str(corpus)]
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "10").exists():
            break
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    _wait_for_the_group_to_end(proc.pid)  # a worker in the middle of an fsync dies when it returns
    copies = [p for p in out.rglob("*.txt")]
    assert copies and len(copies) < 3000, "the kill did not land mid-way; make the corpus larger"
    assert {p.read_text() for p in copies} == {cleaned}  # each copy whole
    done = subprocess.run(command, check=False, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert len(list(out.rglob("*.txt"))) == 3000
    assert [p for p in out.rglob(".cleantext-*")] == []


def _wait_for_the_group_to_end(group: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError("processes of the killed run are still alive")
