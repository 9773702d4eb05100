"""The cache on disk saves compiles and decides nothing."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import regex

from cleantext import cache
from conftest import JUNKY

FLAGS = regex.IGNORECASE | regex.UNICODE


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_COMPILED", cache._CompiledPatterns())
    return tmp_path


def test_a_compiled_pattern_is_kept_and_loaded_by_the_next_process(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.compile_pattern(r"share (?:this|on \w+)", FLAGS)
    assert cache._COMPILED.path.is_file()
    monkeypatch.setattr(cache, "_COMPILED", cache._CompiledPatterns())  # as a new process has it
    monkeypatch.setattr(regex, "compile", lambda *args: pytest.fail("compiled again"))
    again = cache.compile_pattern(r"share (?:this|on \w+)", FLAGS)
    assert again is not first and again.fullmatch("Share on Facebook") and not again.fullmatch("Share it")


def test_a_cache_file_with_anything_but_patterns_in_it_is_not_loaded(own_cache: Path) -> None:
    # A pickle that would run a command when loaded: refused, and the pattern compiled afresh.
    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            import os

            return (os.system, ("touch " + str(own_cache / "ran"),))

    key = (r"breaking news", FLAGS)
    cache._COMPILED.path.parent.mkdir(parents=True, exist_ok=True)
    cache._COMPILED.path.write_bytes(pickle.dumps({key: pickle.dumps(Payload())}))
    assert cache.compile_pattern(*key).fullmatch("Breaking News")
    assert not (own_cache / "ran").exists()
    cache._COMPILED.path.write_bytes(pickle.dumps(Payload()))
    cache._COMPILED._pickled = None
    assert cache.compile_pattern(r"leave a reply", FLAGS).fullmatch("Leave a Reply")
    assert not (own_cache / "ran").exists()


def test_an_unwritable_cache_only_costs_the_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    monkeypatch.setattr(cache, "_COMPILED", cache._CompiledPatterns())
    assert cache.compile_pattern(r"more \(\d+\)", FLAGS).fullmatch("More (3)")


def test_a_run_whose_cache_cannot_be_written_warns_once_and_shares_a_folder_for_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("")
    unwritable = tmp_path / "a-file" / "cache"  # below a file: no one, root neither, can make it
    monkeypatch.setenv(cache.CACHE_ENV, str(unwritable))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    monkeypatch.setattr(cache, "_COMPILED", cache._CompiledPatterns())
    with cache.for_one_run() as warning:
        assert warning == (
            f"cleantext: warning: the cache folder {unwritable} cannot be written (Not a directory); compiled "
            f"rules are kept for this run only (set {cache.CACHE_ENV} to a folder that can be written)"
        )
        shared = cache.cache_dir()
        assert shared.parent == tmp_path / "tmp"
        cache.compile_pattern(r"leave a (?:reply|comment)", FLAGS)
        assert cache._COMPILED.path.parent == shared and cache._COMPILED.path.is_file()  # the workers load it
    assert not shared.exists() and cache.cache_dir() == unwritable
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "writable"))
    with cache.for_one_run() as warning:
        assert warning is None and cache.cache_dir() == tmp_path / "writable"


def test_the_command_says_it_once_however_many_workers(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i}.txt").write_text(JUNKY)
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "a-file" / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "cleantext", "-q", "-j", "2", "--check", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.count("cannot be written") == 1, done.stderr
