"""Reliability and safety: no symlink escapes, no hang, no traceback on bad data, nothing lost on a full disk.

Faults are injected where they happen (a worker that raises or dies, a write
that fails for want of space); every test that could hang runs the command
with a timeout.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleantext import flows, pool, rewrite, tasks
from cleantext.formats import jsonl as jsonl_format
from conftest import CLEAN, JUNKY, PROSE_BEFORE, run

COMMAND = [sys.executable, "-m", "cleantext"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".cleantext-*"))


# ---- 1. symbolic links -----------------------------------------------------------------------------


def test_a_symlinked_file_in_a_walked_folder_is_skipped_with_a_notice(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes").write_text(JUNKY)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(JUNKY)
    (folder / "notes.txt").symlink_to(outside / "notes")
    code, _, err = run(["-q", "-i", str(folder)], capfdbinary)
    assert code == 0
    assert (
        err == f"cleantext: {folder / 'notes.txt'}: symbolic link; skipped (name it on the command line to clean it)\n"
    )
    assert (outside / "notes").read_text() == JUNKY
    assert (folder / "a.txt").read_text() == CLEAN
    assert leftovers(tmp_path) == []


def test_a_named_symlink_is_rewritten_only_inside_the_current_folder_or_with_follow_links(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "notes.txt"
    target.write_text(JUNKY)
    here = tmp_path / "here"
    here.mkdir()
    (here / "link.txt").symlink_to(target)
    monkeypatch.chdir(here)
    code, _, err = run(["-q", "-i", "link.txt"], capfdbinary)
    assert code == 2
    assert err == (
        f"cleantext: link.txt: symbolic link to {target}, outside the current folder; left as it is "
        "(--follow-links rewrites it)\n"
    )
    assert target.read_text() == JUNKY and leftovers(tmp_path) == []
    assert run(["-q", "-i", "--follow-links", "link.txt"], capfdbinary)[0] == 0
    assert target.read_text() == CLEAN and (here / "link.txt").is_symlink()


# ---- 2. owner, permission, hard links -------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root (CI runs as root)")
def test_owner_group_and_mode_are_kept(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    os.chown(path, 65534, 65534)
    path.chmod(0o640)
    assert run(["-q", "-i", str(path)], capfdbinary)[0] == 0
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o640)
    assert path.read_text() == CLEAN


@pytest.mark.parametrize("kind", ["text", "jsonl"])
def test_a_rewrite_drops_set_id_bits_and_keeps_extended_attributes(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], kind: str
) -> None:
    if not hasattr(os, "setxattr"):
        pytest.fail("extended attributes need Linux; the test machines are Linux")
    path = tmp_path / ("doc.txt" if kind == "text" else "doc.jsonl")
    path.write_text(JUNKY if kind == "text" else json.dumps({"text": JUNKY}) + "\n")
    os.setxattr(path, "user.origin", b"crawl 2026-11")
    # An access control list granting user 4242 read access: version 2, then (tag, permissions, id)
    # entries for the owner, that user, the group, the mask and others.
    entries = [
        (0x01, 6, 0xFFFFFFFF),
        (0x02, 4, 4242),
        (0x04, 4, 0xFFFFFFFF),
        (0x10, 4, 0xFFFFFFFF),
        (0x20, 4, 0xFFFFFFFF),
    ]
    os.setxattr(
        path,
        "system.posix_acl_access",
        (2).to_bytes(4, "little")
        + b"".join(t.to_bytes(2, "little") + p.to_bytes(2, "little") + i.to_bytes(4, "little") for t, p, i in entries),
    )
    path.chmod(0o6754)  # set-user-ID and set-group-ID (and the ACL's owner, mask and other entries)
    acl = os.getxattr(path, "system.posix_acl_access")
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert (code, err) == (0, "")
    assert path.read_text() == (CLEAN if kind == "text" else json.dumps({"text": CLEAN}) + "\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o754  # what the kernel does on a write by a user
    assert os.getxattr(path, "user.origin") == b"crawl 2026-11"
    assert os.getxattr(path, "system.posix_acl_access") == acl


def test_a_file_this_user_may_not_write_is_refused_even_in_a_writable_folder(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(JUNKY)
    real_access = os.access
    # Another user's 0644 file: its write bits are set, but not for us.
    monkeypatch.setattr(rewrite.os, "access", lambda p, m: False if m == os.W_OK else real_access(p, m))
    assert run(["-q", "-i", str(path)], capfdbinary) == (2, "", f"cleantext: {path}: read-only file; left as it is\n")
    assert path.read_text() == JUNKY


def test_hard_links_are_reported_when_split_and_kept_with_skip_hardlinked(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path, other = tmp_path / "doc.txt", tmp_path / "same.txt"
    path.write_text(JUNKY)
    os.link(path, other)
    code, _, err = run(["-q", "-i", "--skip-hardlinked", str(path)], capfdbinary)
    assert (code, err) == (2, f"cleantext: {path}: has 2 hard links; left as it is (--skip-hardlinked)\n")
    assert path.read_text() == JUNKY
    code, _, err = run(["-q", "-i", str(path)], capfdbinary)
    assert code == 0
    assert err == (
        f"cleantext: {path}: had 2 hard links: this name now holds the cleaned text, the other names the old\n"
    )
    assert (path.read_text(), other.read_text()) == (CLEAN, JUNKY)


# ---- 3. a worker that raises or dies -------------------------------------------------------------------


def poison(monkeypatch: pytest.MonkeyPatch, action: Callable[[], Any]) -> None:
    """Make the cleaner ``action()`` on any document holding the word POISON (workers fork with it)."""
    real = tasks.clean_and_explain

    def clean_and_explain(text: str, config: Any = None) -> Any:
        if "POISON" in text:
            action()
        return real(text, config)

    monkeypatch.setattr(tasks, "clean_and_explain", clean_and_explain)


def raise_error() -> None:
    raise RuntimeError("a bug in a rule")


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer does


@pytest.mark.parametrize(("jobs", "action"), [("1", raise_error), ("2", raise_error), ("2", kill_self)])
def test_a_failing_task_is_an_error_report_and_the_run_goes_on(
    tmp_path: Path,
    capfdbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
    action: Callable[[], None],
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:03}.txt").write_text(JUNKY + ("POISON\n" if i == 200 else ""))
    poison(monkeypatch, action)
    start = time.monotonic()
    code, _, err = run(["-q", "-i", "-j", jobs, str(folder)], capfdbinary)
    assert time.monotonic() - start < 60
    assert code == 2
    poisoned = folder / "200.txt"
    expected = (
        pool.WORKER_DIED if action is kill_self else "internal error while cleaning it (RuntimeError: a bug in a rule)"
    )
    assert f"cleantext: {poisoned}: {expected}" in err
    assert poisoned.read_text() == JUNKY + "POISON\n"
    assert (folder / "399.txt").read_text() == CLEAN  # the files after it were cleaned
    reported = {Path(line.split(": ")[1]) for line in err.splitlines()}
    assert not reported & {folder / f"{i:03}.txt" for i in range(150)}  # finished before the failure
    assert leftovers(folder) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_corrupt_shard_beside_a_good_one_ends_cleanly(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = gzip.compress(b"".join(json.dumps({"text": JUNKY}).encode() + b"\n" for _ in range(3000)))
    (folder / "a.jsonl.gz").write_bytes(good[: len(good) // 2] + b"\x00garbage" * 100)
    (folder / "b.jsonl.gz").write_bytes(good)
    done = subprocess.run([*COMMAND, "-q", "-j", jobs, "-i", str(folder)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"cleantext: {folder / 'a.jsonl.gz'}: cannot read:" in done.stderr and "Traceback" not in done.stderr
    assert (folder / "a.jsonl.gz").read_bytes() == good[: len(good) // 2] + b"\x00garbage" * 100
    assert json.loads(gzip.decompress((folder / "b.jsonl.gz").read_bytes()).split(b"\n")[0])["text"] == CLEAN
    assert leftovers(folder) == []


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc (Linux)")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    # The main process waits on standard input, which stays open, with work handed out: the
    # workers wait for tasks, as they do when the main process is busy reading.
    main = subprocess.Popen(
        [*COMMAND, "-q", "-j", "2", "--jsonl", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    assert main.stdin is not None
    workers: set[int] = set()
    try:
        main.stdin.write(b"".join(json.dumps({"text": JUNKY}).encode() + b"\n" for _ in range(2000)))
        main.stdin.flush()
        deadline = time.monotonic() + 30
        while len(workers := _children(main.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers never started"
        main.kill()
        main.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_alive, workers)), "workers outlived the main process"
    finally:
        main.kill()
        main.stdin.close()
        for pid in workers | _children(main.pid):  # so that a failure leaves no process behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# ---- 4. special files ------------------------------------------------------------------------------------


def test_special_files_are_reported_and_never_opened(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    os.mkfifo(folder / "x.jsonl")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    (folder / "a.txt").write_text(JUNKY)
    done = subprocess.run([*COMMAND, "-q", "--check", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"cleantext: {folder / 'x.jsonl'}: not a regular file",
        f"cleantext: {folder / 'zero.jsonl'}: symbolic link; skipped (name it on the command line to clean it)",
    ]
    named = subprocess.run([*COMMAND, "-q", "--jsonl", "/dev/zero"], capture_output=True, text=True, timeout=60)
    assert (named.returncode, named.stderr) == (2, "cleantext: /dev/zero: not a regular file\n")


@pytest.mark.parametrize("name", ["x.txt", "x.txt.gz", "x.jsonl.zst", "x.parquet", "x.warc.wet.gz", "x.html"])
def test_a_named_pipe_of_any_format_is_refused_at_once(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    done = subprocess.run([*COMMAND, "-q", "--check", str(fifo)], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stderr) == (2, f"cleantext: {fifo}: not a regular file\n")


# ---- 5. a stop request during the first pass over a large file ---------------------------------------------


def test_sigterm_acts_at_once_on_a_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(JUNKY * ((tasks.STREAM_MIN_BYTES * 3) // len(JUNKY)))
    proc = subprocess.Popen([*COMMAND, "-q", "-i", str(big)], stderr=subprocess.PIPE)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    assert proc.wait(timeout=60) == 130
    assert time.monotonic() - sent < 3
    assert big.read_text().startswith(JUNKY) and leftovers(tmp_path) == []


# ---- 6. bad data is an error naming the file, never a traceback ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b'{"text": "Menu", "n": ' + b"9" * 5000 + b"}\n", None),  # a huge integer: the record is cleaned
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "not readable: JSON nested too deeply"),
        (b'{"text": "Menu \\ud800\\nMenu"}\n', None),
    ],
)
def test_hostile_jsonl_records(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], line: bytes, problem: str | None
) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(line + json.dumps({"text": JUNKY}).encode() + b"\n")
    for jobs in ["1", "2"]:
        code, _out, err = run(["-q", "-j", jobs, "--check", str(shard)], capfdbinary)
        assert code == (2 if problem else 1), err
        assert "Traceback" not in err
        if problem:
            assert err == f"cleantext: {shard}:1: {problem}; passed through unchanged\n"
    code, _, _ = run(["-q", "-i", str(shard)], capfdbinary)
    first, second = shard.read_bytes().split(b"\n")[:2]
    assert json.loads(second)["text"] == CLEAN
    if problem:
        assert first + b"\n" == line


def test_a_file_name_that_is_not_utf8(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text(JUNKY)
    code, out, _ = run(["-q", "--check", str(folder)], capfdbinary)
    assert code == 1 and out.startswith(f"{folder}/caf\\xe9.txt:1: NAV001")
    code, out, _ = run(["-q", "--output-format", "json", "--explain", str(folder)], capfdbinary)
    assert json.loads(out)["files"][0]["path"] == f"{folder}/caf\\xe9.txt"


def test_a_folder_a_thousand_deep(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    deep = tmp_path
    for _ in range(1000):  # os.makedirs recurses as deep as the path goes
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "a.txt").write_text(JUNKY)
    try:
        code, out, _ = run(["-q", "--check", str(tmp_path)], capfdbinary)
        assert code == 1 and out.startswith(f"{deep / 'a.txt'}:1:")
    finally:  # pytest's clean-up would recurse as deep as the folders go
        (deep / "a.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        (r"(a)\1", 1),  # a back-reference: tried on every line, as the index cannot follow it
        (r"(?x) promo \s code  # a verbose comment", 1),  # its own rule: the comment ends with it
        (r"(?R)", 2),  # recursion: each document gives up at the time limit, an error naming the file
    ],
)
def test_user_patterns_the_index_cannot_read(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], pattern: str, code: int
) -> None:
    (tmp_path / "cleantext.toml").write_text(f"extra-patterns = [{json.dumps(pattern)}]\n")
    doc = tmp_path / "doc.txt"
    doc.write_text(f"{PROSE_BEFORE}\naa\npromo code\n{PROSE_BEFORE}\n")
    got, _out, err = run(["-q", "--check", str(doc)], capfdbinary)
    assert got == code, err
    assert "Traceback" not in err
    if code == 2:  # the time limit or the memory, whichever the recursion reaches first
        assert err.startswith(f"cleantext: {doc}: a user pattern "), err


def test_a_shard_deleted_mid_run(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_text(json.dumps({"text": JUNKY}) + "\n")
    real = flows.clean_chunk

    def delete_then_clean(task: Any) -> Any:
        shard.unlink()
        return real(task)

    monkeypatch.setattr(flows, "clean_chunk", delete_then_clean)
    code, _, err = run(["-q", "-j", "1", "-i", str(shard)], capfdbinary)
    assert (code, err) == (2, f"cleantext: {shard}: deleted while it was being cleaned; nothing written\n")
    assert leftovers(tmp_path) == []


# ---- 7. a full disk ------------------------------------------------------------------------------------------


class FullDisk:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, handle: Any, room: int) -> None:
        self.handle = handle
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.handle.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


@pytest.mark.parametrize("kind", ["text", "streamed-text", "jsonl", "jsonl.gz"])
def test_a_full_disk_at_any_point_of_a_rewrite_loses_nothing(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "streamed-text":
        monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 1)
    if kind.startswith("jsonl"):
        data = b"".join(json.dumps({"id": i, "text": JUNKY}).encode() + b"\n" for i in range(200))
        name = f"s.{kind}"
        original = gzip.compress(data, mtime=0) if kind.endswith(".gz") else data
    else:
        data = original = (JUNKY * 50).encode()
        name = "doc.txt"
    path = tmp_path / name
    path.write_bytes(original)
    assert run(["-q", "-j", "1", "-i", str(path)], capfdbinary)[0] == 0
    cleaned_size = path.stat().st_size  # the sweep fails the rewrite from its first byte to its last few
    real_fdopen = os.fdopen
    for room in [0, 1, 100, cleaned_size // 2, cleaned_size - 1000, cleaned_size - 10]:
        path.write_bytes(original)
        monkeypatch.setattr(
            rewrite.os, "fdopen", lambda fd, *a, room=room, **k: FullDisk(real_fdopen(fd, *a, **k), room)
        )
        code, _, err = run(["-q", "-j", "1", "-i", str(path)], capfdbinary)
        assert code == 2, (room, err)
        assert err == f"cleantext: {path}: cannot write the new version: No space left on device; left as it is\n"
        assert path.read_bytes() == original, room
        assert leftovers(tmp_path) == [], room
    monkeypatch.setattr(rewrite.os, "fdopen", real_fdopen)
    assert run(["-q", "-j", "1", "-i", str(path)], capfdbinary)[0] == 0


# ---- 8. what killed runs leave -----------------------------------------------------------------------------------


def test_temporary_files_of_killed_runs_are_removed_and_a_live_runs_kept(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()
    stale = tmp_path / f".cleantext-{dead_pid.pid}-abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    live = tmp_path / f".cleantext-{os.getpid()}-def456.tmp"
    live.write_bytes(b"y")
    (tmp_path / "a.txt").write_text(JUNKY)
    code, _, err = run(["-q", "-i", str(tmp_path)], capfdbinary)
    assert code == 0
    assert err == f"cleantext: {stale}: removed a temporary file (1,000 bytes) that a killed run left\n"
    assert not stale.exists() and live.exists()


def test_a_record_over_the_size_limit_passes_through_with_a_message(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_format, "MAX_RECORD_BYTES", 1000)
    big = json.dumps({"text": JUNKY * 10}).encode() + b"\n"
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(big + json.dumps({"text": JUNKY}).encode() + b"\n")
    code, _, err = run(["-q", "-j", "1", "-i", str(shard)], capfdbinary)
    assert code == 2
    assert err == (
        f"cleantext: {shard}:1: a record of {len(big):,} bytes, over the 1,000 a record may have; "
        "passed through unchanged\n"
    )
    first, second = shard.read_bytes().splitlines(keepends=True)
    assert first == big and json.loads(second)["text"] == CLEAN
