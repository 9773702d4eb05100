"""Which rules could match each line, found by one Hyperscan scan of the whole document.

The per-line prefilter (``cleantext.prefilter``) costs several Python steps
for every line and for every rule it proposes there; on whole-page text, with
its many short lines, that is most of a cleaning's time. Hyperscan compiles
all the phrase rules into one automaton and runs it over a document's keys,
joined by newlines, in a single call: Python sees only the lines that a rule
may match, about one in ten.

The scan is only ever a prefilter. Each pattern is translated (``expression``)
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
A command with worker processes starts the build before they fork: a worker
forked while it runs waits for the database in the cache instead of
compiling its own. Until then, where Hyperscan is not installed (it is a
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
import unicodedata
import warnings
import weakref
from collections.abc import Sequence
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

from cleantext.analysis import ASCII_CASES, ASSERTIONS, REPEATS, parse, to_ascii_cases
from cleantext.cache import CACHE_ENV, cache_dir, write_atomically
from cleantext.prefilter import Dispatch

#: A matcher looks for its database (in the cache, else by compiling it) once it has proposed rules for
#: this many keys, a few documents: a one-document call never pays for it. Loading costs what the
#: per-line prefilter spends on about as many keys, some 10 ms.
START_AFTER_KEYS = 2_000
FAST_EXTRA = "cleantext-boilerplate[fast]"

# The scan reads a document's UTF-8 bytes, not its characters: Hyperscan's UTF-8 mode missed
# matches of some expressions that hold a non-ASCII character in a set. ASCII is matched as `regex`
# matches it, ignoring case; any other character is a run of bytes from 0x80 up, which ``_NON_ASCII``
# takes wherever the pattern takes some non-ASCII character. Only the uncased ones (©, », ’) are
# spelt out: a cased letter can have other cases that its own case mappings do not lead to.
_NON_ASCII = r"[\x80-\xff]+"


def _byte(code: int) -> str:
    return chr(code) if chr(code).isalnum() else f"\\x{code:02x}"


def _ranges(codes: set[int]) -> str:
    """ASCII codes as the inside of a set: ``0-9A-Z``."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and runs[-1][-1] == code - 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return "".join(_byte(run[0]) if len(run) == 1 else f"{_byte(run[0])}-{_byte(run[-1])}" for run in runs)


def _ascii_codes(category: str) -> frozenset[int]:
    """The ASCII characters but the newline that `regex` takes for ``category``."""
    pattern = regex.compile(category, regex.UNICODE)
    return frozenset(code for code in range(128) if code != 10 and pattern.fullmatch(chr(code)))


# `regex` reads \w, \d and \s by Unicode, so each takes non-ASCII characters as well as these.
_ASCII_OF = {
    category: _ascii_codes(source)
    for category, source in (
        (sre.CATEGORY_WORD, r"\w"),
        (sre.CATEGORY_DIGIT, r"\d"),
        (sre.CATEGORY_SPACE, r"\s"),
        (sre.CATEGORY_NOT_WORD, r"\W"),
        (sre.CATEGORY_NOT_DIGIT, r"\D"),
        (sre.CATEGORY_NOT_SPACE, r"\S"),
    )
}
#: The letters ``ASCII_CASES`` turns other letters into, in both cases: a negated set never leaves them
#: out, since `regex` may take the letter they stand for where it does not take them.
_STAND_INS = frozenset(ord(c) for letter in ASCII_CASES.values() for c in (letter, letter.upper()))
_ANY = r"(?:[^\n\x80-\xff]|" + _NON_ASCII + ")"
#: A repeat of a part this long (in translation), after the start of a pattern, becomes "the rest of
#: the line": a list of the footer's links repeated after its first (``Privacy | Terms | ...``) was a
#: third of the database and of its compile time, and the part before it is selective enough alone.
_LARGE_REPEAT_CHARS = 800
_ATOMIC = getattr(sre, "ATOMIC_GROUP", None)


class _Untranslatable(Exception):
    """A construct the translation has no superset for."""


def _literal(code: int) -> str:
    char = chr(code)
    if code < 128:
        return _byte(code)
    if char in ASCII_CASES:
        return ASCII_CASES[char]
    if char.lower() == char == char.upper() and not unicodedata.category(char).startswith(("L", "M", "N")):
        return "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
    return _NON_ASCII


def _set(members: Sequence[tuple[Any, Any]]) -> str:
    """A set: its ASCII characters as they are, any other character as a run of non-ASCII bytes."""
    negated = bool(members) and members[0][0] is sre.NEGATE
    codes: set[int] = set()
    non_ascii = False
    for op, av in members[1:] if negated else members:
        if op in (sre.LITERAL, sre.RANGE):
            low, high = (av, av) if op is sre.LITERAL else av
            codes.update(range(low, min(high, 127) + 1))
            non_ascii = non_ascii or high >= 128
            # The data has these as ASCII letters, so a set that holds them holds those letters.
            codes.update(ord(a) for char, a in ASCII_CASES.items() if low <= ord(char) <= high)
        elif op is sre.CATEGORY and av in _ASCII_OF:
            codes |= _ASCII_OF[av]
            non_ascii = True
        else:
            raise _Untranslatable(op)
    codes.discard(10)  # a newline is never in a key
    if negated:
        # A negated set takes every non-ASCII character: what it leaves out of them is not spelt out.
        return "(?:[^\\n" + _ranges(codes - _STAND_INS) + "\\x80-\\xff]|" + _NON_ASCII + ")"
    if not codes:
        if not non_ascii:
            raise _Untranslatable("an empty set")
        return _NON_ASCII
    return "(?:[" + _ranges(codes) + "]|" + _NON_ASCII + ")" if non_ascii else "[" + _ranges(codes) + "]"


def _translate(items: Sequence[tuple[Any, Any]]) -> str:
    out: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(_literal(av))
        elif op is sre.NOT_LITERAL:
            out.append(_set([(sre.NEGATE, None), (sre.LITERAL, av)]))
        elif op is sre.ANY:
            out.append(_ANY)
        elif op is sre.IN:
            out.append(_set(av))
        elif op is sre.CATEGORY:
            out.append(_set([(op, av)]))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_translate(alternative) for alternative in av[1]) + ")")
        elif op is sre.SUBPATTERN:
            # Inline flags are left out: matching ignores case throughout, which only widens.
            out.append("(?:" + _translate(av[-1]) + ")")
        elif op is _ATOMIC:
            out.append("(?:" + _translate(av) + ")")
        elif op in REPEATS:
            # A bounded repeat becomes ``*`` or ``+``: counted repeats make the automaton large and
            # its compile slow, and keys are short, so the bound rarely decides anything.
            low, high, body = av
            suffix = "?" if (low, high) == (0, 1) else "" if (low, high) == (1, 1) else "*" if low == 0 else "+"
            inner = _translate(body)
            if suffix in ("*", "+") and len(inner) > _LARGE_REPEAT_CHARS and out:
                out.append("[^\\n]*")  # whatever follows what the pattern has matched so far
            else:
                out.append("(?:" + inner + ")" + suffix)
        elif op is sre.GROUPREF:
            out.append("[^\\n]*")  # what a group matched is some text of the same line
        elif op is sre.GROUPREF_EXISTS:
            _, yes, no = av
            out.append("(?:" + _translate(yes) + "|" + (_translate(no) if no else "") + ")")
        elif op in ASSERTIONS:
            continue
        else:
            raise _Untranslatable(op)
    return "".join(out)


def scanned_bytes(keys: Sequence[str]) -> bytes:
    """The bytes the scan reads for ``keys``: one line each, the letters of ``ASCII_CASES`` made ASCII."""
    text = to_ascii_cases("\n".join(keys))
    # Lone surrogates become bytes as any other non-ASCII character does: the scan needs no valid UTF-8.
    return text.encode("utf-8", "surrogatepass")


def expression(pattern: str) -> str | None:
    """A Hyperscan expression, for a multi-line scan ignoring case, that matches each line whose key
    ``pattern`` matches as a whole (and maybe other lines); None where the translation has none.

    >>> expression(r"share(?: this)?:?")
    '^(?:share(?:\\\\x20this)?(?:\\\\x3a)?)$'
    """
    items = parse(pattern)
    if items is None:
        return None
    try:
        if _min_width(items) == 0:
            return None  # it matches the empty string: blank lines are no candidates
        start, translated = _from_first_required_item(items)
        return start + "(?:" + _translate(translated) + ")$"
    except Exception:  # _Untranslatable, or what the parser's width cannot follow (a back-reference)
        return None


def _min_width(items: Sequence[tuple[Any, Any]]) -> int:
    return int(sre_parse.SubPattern(sre_parse.State(), list(items)).getwidth()[0])


def _from_first_required_item(items: Sequence[tuple[Any, Any]]) -> tuple[str, Sequence[tuple[Any, Any]]]:
    """The line-start anchor and the items to translate: from the first that cannot match nothing on,
    unanchored, where optional items lead (``[(\\[]?\\s*(?:by )?(?:\\w+\\s){0,5}(?:reuters|ap|...)``).

    Matching from the first required item to the line's end takes every line the whole pattern takes,
    and more; but Hyperscan then starts from that item's literals rather than following the optional
    items from every line's start, which a broad class (``(?:[\\w.&'-]+\\s)*``) keeps going all along
    the line: that expression alone scanned at 95 MB/s, from its literals on at 328 MB/s.
    """
    while len(items) == 1 and items[0][0] in (sre.SUBPATTERN, _ATOMIC):  # a pattern in one group
        items = items[0][1][-1] if items[0][0] is sre.SUBPATTERN else items[0][1]
    leading = 0
    while leading < len(items) and _min_width(items[leading : leading + 1]) == 0:
        leading += 1
    if leading == 0 or leading == len(items):
        return "^", items
    return "", items[leading:]


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
_TRANSLATOR_SOURCES = tuple(Path(__file__).with_name(name) for name in ("scan.py", "analysis.py", "prefilter.py"))


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
                if self._load() or self._parent_building:
                    return
                self._failed = self._hyperscan is None
            if self._failed:
                return
            if not self._background:
                self.build()
                return
            self._building = True
            threading.Thread(target=self._build_in_thread, name="cleantext-scan-compile", daemon=True).start()
        finally:
            self._starting.release()

    def _build_in_thread(self) -> None:
        try:
            self.build()
        finally:
            self._building = False

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
        """Where the database of these patterns is cached: named by them, the translator and Hyperscan."""
        self._import()
        version = getattr(self._hyperscan, "__version__", "")
        payload = "\0".join([version, _translator_version(), *self._patterns])
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
        if not self._import():
            return
        translated = [expression(pattern) for pattern in self._patterns]
        scanned = [n for n, expr in enumerate(translated) if expr is not None]
        if not scanned:
            return
        try:
            database = compile_database([expr for expr in translated if expr is not None])
        except Exception:  # an expression Hyperscan refuses: the per-line prefilter serves
            return
        self._use(database, scanned)
        if not write_atomically(self._path, json.dumps(scanned).encode() + b"\n" + self._hyperscan.dumpb(database)):
            _warn_once_of_unwritable_cache(self._path.parent)


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
