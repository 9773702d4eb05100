"""Hostile input: every case gets correct output or a clear message, never a traceback or a lost byte."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import stat
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from cleantext import clean, compression, reading, rewrite
from cleantext.cli import main
from cleantext.formats import jsonl as jsonl_format
from conftest import CLEAN, JUNKY, PROSE_AFTER, PROSE_BEFORE


def run(argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, str]:
    code = main(argv)
    captured = capfdbinary.readouterr()
    return code, captured.out, captured.err.decode()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", b"", id="empty"),
        pytest.param(b"\n\n  \n\t\n", b"\n\n  \n\t\n", id="only-blank-lines"),
        pytest.param(b"Breaking News\nLeave a Reply\nShare this article\n", b"", id="only-junk-becomes-empty"),
        pytest.param(JUNKY.replace("\n", "\r\n").encode(), CLEAN.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(
            f"Menu\r\n{PROSE_BEFORE}\n{PROSE_AFTER}\rLeave a Reply\n".encode(),
            f"{PROSE_BEFORE}\n{PROSE_AFTER}\rLeave a Reply\n".encode(),
            id="mixed-endings-lone-cr-joins-lines",
        ),
        pytest.param(("\ufeff" + JUNKY).encode(), ("\ufeff" + CLEAN).encode(), id="utf8-bom-kept"),
    ],
)
def test_text_edge_cases(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], content: bytes, expected: bytes
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    assert run(["-q", str(path)], capfdbinary)[:2] == (0, expected)
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    assert path.read_bytes() == expected


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b"abc\x00def\n", "binary file (contains NUL bytes); left as it is", id="nul"),
        pytest.param(b"ok\n\xc3\x28\n", "not valid UTF-8 (byte 3); left as it is", id="invalid-utf8"),
        pytest.param(
            "Menu\n".encode("utf-16"), "UTF-16 text (byte-order mark); convert it to UTF-8; left as it is", id="utf16"
        ),
    ],
)
def test_undecodable_files_are_reported_and_left_alone(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], content: bytes, problem: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    assert run(["-q", "-i", str(path)], capfdbinary) == (2, b"", f"cleantext: {path}: {problem}\n")
    assert path.read_bytes() == content


def test_a_100_mb_line_is_cleaned_without_trouble(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "long.txt"
    long_line = "word | " * (100_000_000 // 7)
    path.write_bytes(f"Breaking News\n{long_line}\n".encode())
    code, out, _ = run(["-q", str(path)], capfdbinary)
    assert code == 0
    assert out == f"{long_line}\n".encode()


def test_symlink_stays_a_link_and_its_target_is_fixed(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the target lies under the current folder
    target = tmp_path / "real.txt"
    target.write_text(JUNKY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run(["-q", "-i", str(link)], capfdbinary)[0] == 0
    assert link.is_symlink()
    assert target.read_text() == CLEAN


def test_broken_symlink_is_reported(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert run(["-q", str(link)], capfdbinary) == (2, b"", f"cleantext: {link}: broken symbolic link\n")


def test_read_only_file_is_not_rewritten(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    path.chmod(0o444)
    assert run(["-q", "-i", str(path)], capfdbinary) == (2, b"", f"cleantext: {path}: read-only file; left as it is\n")
    assert path.read_text() == JUNKY
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_unreadable_file_is_reported(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    path.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: make the open fail as it would for anyone else

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(reading, "open", refuse, raising=False)
    assert run(["-q", "-i", str(path)], capfdbinary) == (2, b"", f"cleantext: {path}: permission denied\n")
    path.chmod(0o644)
    assert path.read_text() == JUNKY


def test_file_changing_while_read_is_left_alone(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    real_open = open

    def open_and_append(file: str, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]
        with real_open(file, "a") as writer:  # another process appends while we read
            writer.write("A late line.\n")
        return handle

    monkeypatch.setattr(reading, "open", open_and_append, raising=False)
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, err) == (2, f"cleantext: {path}: changed while being read; left as it is\n")
    assert path.read_text() == JUNKY + "A late line.\n"


def test_file_changed_before_rewrite_is_not_clobbered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    _, stamp = reading.read_bytes(str(path))
    path.write_text(JUNKY + "An edit made in the meantime.\n")
    with pytest.raises(reading.InputError, match="changed since it was read"):
        rewrite.write_atomically(str(path), CLEAN.encode(), stamp)
    assert path.read_text() == JUNKY + "An edit made in the meantime.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_clean_never_raises_on_control_characters() -> None:
    text = "".join(chr(c) for c in range(0, 0x250)) + "\u2028\u2029\ud7ff\U0010ffff"
    assert isinstance(clean(text * 3), str)


# ---- compressed bombs: a few kilobytes that inflate to one line larger than memory ----------------


def _peak_bytes(action: Callable[[], object]) -> int:
    """The most memory Python held at once, above what it held before, while ``action`` ran."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_one_read_of_a_zstd_bomb_inflates_a_bounded_piece() -> None:
    import zstandard

    bomb = zstandard.ZstdCompressor(level=19).compress(b"a" * (256 << 20))  # 256 MiB in a few kilobytes
    assert len(bomb) < 20_000
    stream = compression.decompressing(io.BytesIO(bomb), ".zst")
    peak = _peak_bytes(lambda: stream.read(1 << 20))
    assert peak < 40 << 20  # a kibibyte of input at a time, not the whole file at once


def test_a_compressed_text_with_a_line_over_the_limit_is_left_as_it_is(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_LINE_BYTES", 2 << 20)
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Breaking News\n" + b"a" * (6 << 20) + b"\n", mtime=0))
    before = path.read_bytes()
    code, out, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, out) == (2, b"")
    assert (
        err == f"cleantext: {path}: a line longer than 2,097,152 bytes, the most a text line may have; left as it is\n"
    )
    assert path.read_bytes() == before


def test_a_jsonl_line_over_the_limit_is_copied_through_without_being_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_format, "MAX_RECORD_BYTES", 1 << 20)
    long_line = b'{"text": "' + b"a" * (24 << 20) + b'"}\n'
    short_line = json.dumps({"text": JUNKY}).encode() + b"\n"
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(short_line + long_line + short_line, mtime=0))
    shard = jsonl_format.open_shard(str(path), "text")
    copied = hashlib.sha256()
    numbers: list[tuple[int, str | None]] = []

    def read_and_copy() -> None:
        for chunk in shard.chunks():
            records = jsonl_format.documents(chunk)
            numbers.extend((record.number, record.problem) for record in records)
            for block in shard.printable(jsonl_format.passed_through(chunk)):
                copied.update(block)

    try:
        peak = _peak_bytes(read_and_copy)
    finally:
        shard.close()
    assert peak < 8 << 20  # the 24 MiB line is never held whole
    assert copied.digest() == hashlib.sha256(short_line + long_line + short_line).digest()
    too_large = f"a record of {len(long_line):,} bytes, over the 1,048,576 a record may have"
    assert numbers == [(1, None), (2, too_large), (3, None)]
