"""Which rules could match each line, found by one Hyperscan scan of the whole document.

The per-line prefilter (``cleantext.prefilter``) costs several Python steps
for every line and for every rule it proposes there; on whole-page text, with
its many short lines, that is most of a cleaning's time. Hyperscan compiles
all the phrase rules into one automaton and runs it over a document's keys,
joined by newlines, in a single call: Python sees only the lines that a rule
may match, about one in ten.

The scan is only ever a prefilter. Each pattern is translated (``cleantext.translation``)
into a Hyperscan expression that matches every key the pattern matches as a
whole, and perhaps more, and never crosses a newline; the engine then tries
the rule's own ``regex`` pattern on every line the scan proposes it for. So
the scan saves work and never changes a decision: a test cleans the benchmark
texts and generated documents both ways and compares every removal.

Compiling the database takes about 1.5 s for the built-in rules, which a
one-file command must not wait for. So once a matcher has seen
``START_AFTER_KEYS`` keys it looks for its database in the cache, and when
none is there it compiles it in a thread of its own (Hyperscan lets go of the
interpreter while it compiles, so the cleaning goes on beside it) and uses
it from the moment it is ready; the cached database is named by the
patterns, the translator and Hyperscan's version, and loads in milliseconds.
A command with worker processes has the cache hold the database before they
fork (``prepare_cache``, which compiles it in a thread where it is missing
and keeps none in memory): a worker forked during that compile waits for the
database in the cache instead of compiling its own. Until then, where Hyperscan is not installed (it is a
dependency on the platforms it has wheels for), and for the patterns that
cannot be translated, the per-line prefilter proposes the rules.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
import threading
import warnings
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import regex

from cleantext.cache import CACHE_ENV, cache_dir, write_atomically
from cleantext.prefilter import Dispatch
from cleantext.translation import expression, scanned_bytes

#: A matcher looks for its database (in the cache, else by compiling it) once it has proposed rules for
#: this many keys, a few documents: a one-document call never pays for it. Loading costs what the
#: per-line prefilter spends on about as many keys, some 10 ms.
START_AFTER_KEYS = 2_000
FAST_EXTRA = "cleantext-boilerplate[fast]"


def _hyperscan() -> Any:
    try:
        import hyperscan
    except ImportError:
        return None
    return hyperscan


def _flags(hyperscan: Any) -> int:
    return int(hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_MULTILINE)


def compile_database(expressions: Sequence[str]) -> Any:
    """A Hyperscan database of ``expressions`` (from ``expression``), which reports each one's index."""
    hyperscan = _hyperscan()
    if hyperscan is None:
        raise ImportError(f"the document scan needs Hyperscan: pip install '{FAST_EXTRA}'")
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[e.encode("utf-8") for e in expressions], ids=list(range(len(expressions))), flags=_flags(hyperscan)
    )
    return database


def lines_matched(database: Any, data: bytes, scratch: Any) -> list[tuple[int, int]]:
    """(line, expression) for each line of ``data`` an expression of ``database`` matches, in order
    (``scratch``: a Hyperscan scratch space of the database, which one scan at a time may use)."""
    ends: list[tuple[int, int]] = []

    def on_match(expr: int, start: int, end: int, flags: int, context: object) -> None:
        ends.append((end, expr))

    database.scan(data, match_event_handler=on_match, scratch=scratch)
    # A match ends where its line does: the newlines before its end say which line it is.
    out: list[tuple[int, int]] = []
    line = offset = 0
    for end, expr in sorted(ends):
        line += data.count(b"\n", offset, end)
        offset = end
        out.append((line, expr))
    return out


def available() -> bool:
    """Whether Hyperscan is installed (on the platforms it has wheels for, it comes with the package);
    it is imported only when a job is long enough to use it."""
    return importlib.util.find_spec("hyperscan") is not None


def version() -> str | None:
    """Hyperscan's version where it is installed, without importing it (``cleantext --version``)."""
    if not available():
        return None
    from importlib import metadata

    try:
        return metadata.version("hyperscan")
    except metadata.PackageNotFoundError:
        return "unknown version"


#: What a cached database depends on besides the patterns: the code that translates them and the
#: parser and character tables it reads them with.
_TRANSLATOR_SOURCES = tuple(
    Path(__file__).with_name(name) for name in ("scan.py", "translation.py", "analysis.py", "prefilter.py")
)


@functools.cache
def _translator_version() -> str:
    digest = hashlib.sha256(f"{sys.version}\0{regex.__version__}".encode())
    for source in _TRANSLATOR_SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


class DocumentScan:
    """Proposes, for a document's keys, the rules worth trying on each line, once its database is built.

    It counts the keys it is asked about: past ``start_after`` it looks for its database in the cache
    and, with none there, compiles it (in a thread of its own, unless ``background`` is False). Until
    the database is ready ``proposals`` is None.
    """

    def __init__(
        self, patterns: Sequence[str], max_chars: int, *, start_after: int = START_AFTER_KEYS, background: bool = True
    ) -> None:
        self.max_chars = max_chars
        self._patterns = list(patterns)
        self._start_after = start_after
        self._background = background
        self._keys_seen = 0
        self._hyperscan: Any = None  # imported when the database is first looked for
        self._failed = False  # once the database cannot be built (or Hyperscan is missing): never try again
        self._building = False  # a thread of this process compiles the database
        self._parent_building = False  # forked while the parent process compiled it: wait for its cache file
        self._database: Any = None
        self._scanned: list[int] = []  # the pattern each expression of the database stands for
        self._rest: list[int] = []  # the patterns with no expression: the per-line prefilter proposes them
        self._rest_dispatch: Dispatch | None = None
        self._scratch = threading.local()
        self._new_locks()
        _SCANS.add(self)

    def _new_locks(self) -> None:
        self._lock = threading.Lock()  # held while the database is loaded or compiled
        self._starting = threading.Lock()  # held while a call decides how to get the database

    def _after_fork(self) -> None:
        """In a forked child: the parent's threads are gone, and so is any build they had under way."""
        self._new_locks()
        self._parent_building, self._building = self._building or self._parent_building, False

    @property
    def ready(self) -> bool:
        """Whether the database is built: documents are then scanned, not dispatched line by line."""
        return self._database is not None

    def build(self) -> bool:
        """Load the database from the cache, or compile (and cache) it, here and now; False where that is
        not possible. A build under way in a thread is waited for."""
        with self._lock:
            if self._database is None and not self._failed:
                if not self._load():
                    self._compile()
                self._failed = self._database is None
        return self._database is not None

    def start(self) -> None:
        """Get the database without waiting: from the cache if it is there, else compiled in a thread
        (or at once, without ``background``). A child forked during a build looks in the cache again."""
        if not self._starting.acquire(blocking=False):
            return  # another thread is deciding
        try:
            if self._database is not None or self._failed or self._building:
                return
            with self._lock:
                if self._load() or self._parent_building or self._failed:  # _load imports Hyperscan
                    return
            if self._background:
                self._in_thread(self.build)
            else:
                self.build()
        finally:
            self._starting.release()

    def _in_thread(self, work: Callable[[], object]) -> None:
        """Run ``work`` in a daemon thread, ``_building`` while it runs (a fork copies that flag)."""
        self._building = True

        def run() -> None:
            try:
                work()
            finally:
                self._building = False

        threading.Thread(target=run, name="cleantext-scan-compile", daemon=True).start()

    def _import(self) -> bool:
        if self._hyperscan is None:
            self._hyperscan = _hyperscan()
            self._failed = self._failed or self._hyperscan is None
        return self._hyperscan is not None

    def proposals(self, keys: Sequence[str]) -> dict[int, list[int]] | None:
        """Position in ``keys`` -> the indices of the patterns worth trying on that key, in order.

        Keys with none are left out, and so are empty keys and keys longer than ``max_chars``. None
        while there is no database: then the caller's own prefilter serves.
        """
        if self._database is None:
            if self._failed:
                return None
            self._keys_seen += len(keys)
            if self._keys_seen >= self._start_after:
                self._keys_seen = 0  # a forked child looks in the cache again after as many keys
                self.start()
            if self._database is None:
                return None
        found = self._scan(keys)
        if self._rest_dispatch is not None:
            for n, rest in enumerate(self._rest_dispatch.candidates(keys)):
                if rest:
                    found[n] = sorted(found.get(n, []) + [self._rest[r] for r in rest])
            found = dict(sorted(found.items()))
        return found

    def _scan(self, keys: Sequence[str]) -> dict[int, list[int]]:
        if max(map(len, keys), default=0) > self.max_chars:  # one C-level pass over the lengths
            keys = [key if len(key) <= self.max_chars else "" for key in keys]
        scratch = getattr(self._scratch, "value", None)
        if scratch is None:  # a scratch space serves one scan at a time: one per thread
            scratch = self._scratch.value = self._hyperscan.Scratch(self._database)
        found: dict[int, list[int]] = {}
        scanned = self._scanned
        for line, expr in lines_matched(self._database, scanned_bytes(keys), scratch):
            if keys[line]:  # an empty key (or a long one, blanked above) is no candidate
                found.setdefault(line, []).append(scanned[expr])
        return found

    def _use(self, database: Any, scanned: list[int]) -> None:
        self._scanned = scanned
        taken = set(scanned)
        self._rest = [n for n in range(len(self._patterns)) if n not in taken]
        rest = [self._patterns[n] for n in self._rest]
        self._rest_dispatch = Dispatch(rest, self.max_chars) if rest else None
        self._database = database  # last: another thread takes the database as ready when it sees it

    @functools.cached_property
    def _path(self) -> Path:
        """Where the database of these patterns is cached: named by them, the translator and Hyperscan
        (its version as installed: a process that only prepares the cache does not import it)."""
        payload = "\0".join([version() or "", _translator_version(), *self._patterns])
        return cache_dir() / f"rules-{hashlib.sha256(payload.encode('utf-8', 'surrogatepass')).hexdigest()[:24]}.hsdb"

    def _load(self) -> bool:
        """Take the database from the cache: a line of the patterns it scans for, then the database."""
        if self._database is not None:
            return True
        if not self._import():
            return False
        try:
            with self._path.open("rb") as cached:  # read in two parts: one copy of the database in memory
                scanned = json.loads(cached.readline())
                database = self._hyperscan.loadb(cached.read(), mode=self._hyperscan.HS_MODE_BLOCK)
        except Exception:  # none cached, or made by another version or machine, or broken: compile afresh
            return False
        if not (
            isinstance(scanned, list) and all(isinstance(n, int) and 0 <= n < len(self._patterns) for n in scanned)
        ):
            return False
        self._use(database, scanned)
        return True

    def _compile(self) -> None:
        if (compiled := self._compiled()) is not None:
            self._use(*compiled)
            self._write(*compiled)

    def _compile_for_others(self) -> None:
        """Compile and cache the database without using it here (``prepare_cache``)."""
        if (compiled := self._compiled()) is not None:
            self._write(*compiled)

    def _compiled(self) -> tuple[Any, list[int]] | None:
        """The database of the patterns that have an expression, and which patterns those are."""
        if not self._import():
            return None
        translated = [expression(pattern) for pattern in self._patterns]
        scanned = [n for n, expr in enumerate(translated) if expr is not None]
        if not scanned:
            return None
        try:
            return compile_database([expr for expr in translated if expr is not None]), scanned
        except Exception:  # an expression Hyperscan refuses: the per-line prefilter serves
            return None

    def _write(self, database: Any, scanned: list[int]) -> None:
        if not write_atomically(self._path, json.dumps(scanned).encode() + b"\n" + self._hyperscan.dumpb(database)):
            _warn_once_of_unwritable_cache(self._path.parent)

    def prepare_cache(self) -> None:
        """Put the database in the cache for processes about to fork, without holding it here.

        Where the cache has none, it is compiled in a thread, written, and let go; a child forked
        meanwhile takes it from the cache when it is written (see ``_after_fork``). Where the cache
        has it, nothing is done: the children load it when they need it, and this process, which
        cleans nothing, keeps neither Hyperscan nor the database in memory.
        """
        if self._database is not None or self._failed or self._building or not available():
            return
        if not self._path.is_file():
            self._in_thread(self._compile_for_others)


_SCANS: weakref.WeakSet[DocumentScan] = weakref.WeakSet()
_WARNED_OF_CACHE = threading.Event()


def _warn_once_of_unwritable_cache(folder: Path) -> None:
    if not _WARNED_OF_CACHE.is_set():
        _WARNED_OF_CACHE.set()
        warnings.warn(
            f"cleantext: the cache folder {folder} cannot be written: the rules' scan database is kept in memory, "
            f"and each new process compiles it again (set {CACHE_ENV} to a folder that can be written)",
            RuntimeWarning,
            stacklevel=1,
        )


def _after_fork_in_child() -> None:
    for document_scan in list(_SCANS):
        document_scan._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
