"""The cache on disk saves compiles and decides nothing."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import regex

from cleantext import cache

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
