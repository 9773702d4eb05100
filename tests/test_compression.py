"""Compressed text and JSONL: read through their compression, rewritten with the same one."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from cleantext import clean, tasks
from conftest import CLEAN, JUNKY, SEEDS, needs_seeds, run

COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}
DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.decompress,
    ".bz2": bz2.decompress,
    ".xz": lzma.decompress,
    ".zst": lambda data: zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read(),
}


def shard(texts: list[str]) -> bytes:
    return b"".join(json.dumps({"id": i, "text": t}).encode() + b"\n" for i, t in enumerate(texts))


@pytest.mark.parametrize("suffix", COMPRESS)
@pytest.mark.parametrize("inner", [".txt", ".jsonl", ".json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_keeps_the_compression_and_leaves_clean_files_alone(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], suffix: str, inner: str, jobs: str
) -> None:
    junky = JUNKY.encode() if inner == ".txt" else shard([JUNKY, CLEAN])
    clean_data = CLEAN.encode() if inner == ".txt" else shard([CLEAN, CLEAN])
    folder = tmp_path / "corpus"
    folder.mkdir()
    dirty, tidy = folder / f"a{inner}{suffix}", folder / f"b{inner}{suffix}"
    dirty.write_bytes(COMPRESS[suffix](junky))
    tidy.write_bytes(COMPRESS[suffix](clean_data))
    stamp = tidy.stat().st_mtime_ns
    code, _, err = run(["-j", jobs, "-i", str(folder)], capfdbinary)  # found in a folder by default
    assert code == 0, err
    assert err.splitlines()[0] == f"Fixing {dirty}"
    assert DECOMPRESS[suffix](dirty.read_bytes()) == clean_data
    assert tidy.stat().st_mtime_ns == stamp  # nothing to remove: not written
    assert run(["-q", "--check", str(folder)], capfdbinary)[0] == 0


def test_gzip_output_is_the_same_bytes_every_time(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    first, second = tmp_path / "a.txt.gz", tmp_path / "b.txt.gz"
    for path in (first, second):
        path.write_bytes(gzip.compress(JUNKY.encode()))
    assert run(["-q", "-i", str(first)], capfdbinary)[0] == 0
    assert run(["-q", "-i", str(second)], capfdbinary)[0] == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("suffix", COMPRESS)
def test_corrupt_compressed_text_is_an_error_and_nothing_is_written(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], suffix: str
) -> None:
    path = tmp_path / f"a.txt{suffix}"
    data = COMPRESS[suffix]((JUNKY * 200).encode())
    broken = data[: len(data) // 2]
    path.write_bytes(broken)
    code, out, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, out) == (2, "")
    assert err.startswith(f"cleantext: {path}: cannot read: ") and "Traceback" not in err
    assert path.read_bytes() == broken
    assert not list(tmp_path.glob(".cleantext-*"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_compressed_text_larger_than_its_size_says_is_streamed(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 2000)  # workers fork with it
    text = (JUNKY + "Menu\n") * 100
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(text.encode()))
    assert path.stat().st_size < 2000 < len(text)
    (tmp_path / "small.txt").write_text(JUNKY)
    code, out, _ = run(["-q", "-j", jobs, str(path), str(tmp_path / "small.txt")], capfdbinary)
    assert (code, out) == (0, clean(text) + clean(JUNKY))
    assert run(["-q", "-j", jobs, "-i", str(path)], capfdbinary)[0] == 0
    assert gzip.decompress(path.read_bytes()).decode() == clean(text)


def test_zstd_without_its_extra_says_which_extra_to_install(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.jsonl.zst"
    path.write_bytes(COMPRESS[".zst"](shard([JUNKY])))
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if it were not installed
    code, _, err = run(["-q", "-j", "1", "--check", str(path)], capfdbinary)
    assert code == 2
    assert err == (
        f"cleantext: {path}: a zstd file needs the zstandard package: pip install 'cleantext-boilerplate[zstd]'\n"
    )


def test_output_dir_keeps_the_compression(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    source = tmp_path / "corpus"
    source.mkdir()
    (source / "a.json.gz").write_bytes(gzip.compress(shard([JUNKY])))
    assert run(["-q", "--output-dir", str(tmp_path / "out"), str(source)], capfdbinary)[0] == 0
    assert json.loads(gzip.decompress((tmp_path / "out" / "a.json.gz").read_bytes()))["text"] == CLEAN


@needs_seeds
@pytest.mark.parametrize("suffix", COMPRESS)
def test_the_seeds_inside_each_compression_give_their_expected_texts(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], suffix: str
) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds
    for seed in seeds:
        (tmp_path / f"{seed.stem}.txt{suffix}").write_bytes(COMPRESS[suffix](seed.read_bytes()))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    (tmp_path / f"seeds.jsonl{suffix}").write_bytes(COMPRESS[suffix](shard(texts)))
    assert run(["-q", "-i", str(tmp_path)], capfdbinary)[0] == 0
    for seed in seeds:
        expected = (SEEDS / "expected" / seed.name).read_bytes()
        assert DECOMPRESS[suffix]((tmp_path / f"{seed.stem}.txt{suffix}").read_bytes()) == expected, seed.name
    records = DECOMPRESS[suffix]((tmp_path / f"seeds.jsonl{suffix}").read_bytes()).splitlines()
    assert [json.loads(r)["text"] for r in records] == [
        (SEEDS / "expected" / seed.name).read_text(encoding="utf-8") for seed in seeds
    ]


@pytest.mark.parametrize("suffix", COMPRESS)
def test_progress_counts_the_bytes_as_stored(suffix: str, tmp_path: Path) -> None:
    # The bar's total is the files' sizes on disk, so each file and chunk advances it by bytes as stored.
    from cleantext.config import Config
    from cleantext.formats.jsonl import JsonlShard

    path = tmp_path / f"shard.jsonl{suffix}"
    path.write_bytes(COMPRESS[suffix](shard([JUNKY] * 3000)))
    opened = JsonlShard(str(path), "text")
    try:
        assert sum(chunk.stored_bytes for chunk in opened.chunks()) == path.stat().st_size
    finally:
        opened.close()
    text = tmp_path / f"article.txt{suffix}"
    text.write_bytes(COMPRESS[suffix](JUNKY.encode()))
    tasks.init_worker([Config()], tasks.Mode())
    assert tasks.clean_file(("text", str(text), 0, None)).input_bytes == text.stat().st_size


@pytest.mark.parametrize("suffix", COMPRESS)
def test_a_compressed_file_read_is_closed(suffix: str, tmp_path: Path) -> None:
    import gc
    import warnings

    from cleantext.reading import read_bytes

    path = tmp_path / f"article.txt{suffix}"
    path.write_bytes(COMPRESS[suffix](JUNKY.encode()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert read_bytes(str(path))[0] == JUNKY.encode()
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
