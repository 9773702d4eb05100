"""What a process keeps on disk for the next one: compiled patterns and scan databases.

Compiling the phrase rules' ``regex`` patterns takes about 0.2 s, which every
process of a long job pays again, and so does a one-file command for the
rules it meets. ``compile_pattern`` keeps each compiled pattern in a file of
the cache folder, from which a later process loads it in microseconds. The
file holds what ``regex`` itself pickles a pattern as, and is read with an
unpickler that admits ``regex``'s own compile function and nothing else, so a
file that is not ours can at worst fail to load (then the pattern is compiled).

A cache that cannot be read or written only costs the compile it would have
saved; the output never depends on it. A run of the command whose cache
folder cannot be written says so once, and its processes share a temporary
cache folder that goes with the run (``for_one_run``), so that each worker
does not compile the rules again.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

#: Set to a folder to keep the cache there instead of the user's cache folder.
CACHE_ENV = "CLEANTEXT_CACHE_DIR"
#: The compiled-pattern file starts afresh past this many patterns (user patterns come and go).
MAX_PATTERNS = 2_000


def cache_dir() -> Path:
    """``$CLEANTEXT_CACHE_DIR``, else the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "cleantext" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleantext"


def _why_unwritable(folder: Path) -> str | None:
    """Why no file can be written in ``folder`` (made if missing), or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe-", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


@contextlib.contextmanager
def for_one_run() -> Iterator[str | None]:
    """The cache for one run of the command; yields a warning for the user if the cache folder cannot be written.

    Then the run's processes (workers fork with the environment) share a
    temporary folder instead, removed when the run ends.
    """
    folder = cache_dir()
    problem = _why_unwritable(folder)
    if problem is None:
        yield None
        return
    warning = (
        f"cleantext: warning: the cache folder {folder} cannot be written ({problem}); compiled rules are kept "
        f"for this run only (set {CACHE_ENV} to a folder that can be written)"
    )
    try:
        shared = tempfile.mkdtemp(prefix="cleantext-cache-")
    except OSError:  # each process then keeps what it compiles in memory
        yield warning
        return
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = shared
    try:
        yield warning
    finally:
        if previous is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = previous
        shutil.rmtree(shared, ignore_errors=True)


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False where that fails (see above)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


class _PatternsOnly(pickle.Unpickler):
    """Loads plain data and compiled ``regex`` patterns, refusing every other global."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


def _loads(data: bytes) -> Any:
    return _PatternsOnly(io.BytesIO(data)).load()


class _CompiledPatterns:
    """The compiled patterns of the cache file: (pattern, flags) -> what ``regex`` pickles it as."""

    def __init__(self) -> None:
        self._pickled: dict[tuple[str, int], bytes] | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        # A pattern's pickle is ``regex``'s compiled code, which only the same release reads.
        python = "".join(map(str, sys.version_info[:2]))
        return cache_dir() / f"patterns-regex{regex.__version__}-py{python}.pickle"

    def _read(self) -> dict[tuple[str, int], bytes]:
        if self._pickled is None:
            try:
                loaded = _loads(self.path.read_bytes())
                valid = isinstance(loaded, dict) and all(
                    isinstance(k, tuple) and isinstance(v, bytes) for k, v in loaded.items()
                )
                self._pickled = loaded if valid else {}
            except Exception:  # none yet, or not ours: start afresh
                self._pickled = {}
        return self._pickled

    def compile(self, source: str, flags: int) -> regex.Pattern[str]:
        key = (source, int(flags))  # an int: the flags' enum is no plain data
        with self._lock:
            pickled = self._read().get(key)
        if pickled is not None:
            with contextlib.suppress(Exception):
                pattern = _loads(pickled)
                if isinstance(pattern, regex.Pattern) and (pattern.pattern, int(pattern.flags) & key[1]) == key:
                    return pattern
        pattern = regex.compile(source, flags)
        with self._lock:
            known = self._read()
            if len(known) >= MAX_PATTERNS:
                known.clear()
            known[key] = pickle.dumps(pattern)
            write_atomically(self.path, pickle.dumps(known))
        return pattern


_COMPILED = _CompiledPatterns()


def compile_pattern(source: str, flags: int) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, from the cache when an earlier process compiled it."""
    return _COMPILED.compile(source, flags)
