"""What a review page shows, gathered while a run cleans: removals sampled in context, and whole documents.

Sampling is bottom-k by a seeded hash: every candidate (a removal, a
document) gets a priority from where it stands (a keyed hash of the seed and
the document's file and record, mixed with the line and rule for a
removal), and a sample keeps the k candidates of lowest priority. That is a
uniform sample without replacement, as a reservoir with a seeded random
stream gives, but one that merges: each task keeps the k lowest of its own,
the main process keeps the k lowest of those, and the result does not
depend on ``-j`` or on the order tasks finish in (a worker's ``Floor`` only
spares it work). The counts beside the samples are exact over the whole
input (``FileReport``).

Shown text is bounded where it is taken, in the worker: a line is cut at
``LINE_CHARS``, a document at ``DOCUMENT_LINES`` lines and
``DOCUMENT_CHARS`` characters, so that a sample's size, and the memory and
messages it costs, do not follow the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cleantext.document import Removal, split_lines

#: Kept, non-blank lines shown on each side of a sampled removal.
CONTEXT_KEPT_LINES = 2
#: ... looking no further than this many lines away (a menu of removed lines is shown only in part).
CONTEXT_SCAN_LINES = 8
LINE_CHARS = 300
DOCUMENT_LINES = 400
DOCUMENT_CHARS = 40_000


@dataclass(frozen=True)
class ReviewSettings:
    """How much the review page samples, and from which seed."""

    seed: int = 0
    examples_per_rule: int = 10
    documents: int = 20


class ShownLine(NamedTuple):  # a tuple: made for every line of every sampled context, so made cheaply
    """A line as the page shows it: kept (``code`` None) or removed by ``code`` for ``reason``."""

    number: int  # 1-based, in the document
    text: str  # cut at LINE_CHARS
    cut: bool  # the line is longer than ``text``
    code: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Example:
    """One sampled removal, with the lines around it."""

    priority: int
    where: str  # the document: file, and record in a shard
    removal: ShownLine
    lines: tuple[ShownLine, ...]  # the removal among its context, in order


@dataclass(frozen=True)
class DocumentView:
    """One sampled document, whole up to the bounds: its text and its removed lines, made into lines when shown.

    The text is kept as one string, and lines are made of it only for the documents the page shows: a
    task's sample takes in many more documents than the run's keeps.
    """

    priority: int
    where: str
    text: str  # the document's first DOCUMENT_LINES lines, within DOCUMENT_CHARS characters
    removed: dict[int, tuple[str, str]]  # line number: rule code and reason, for the lines in ``text``
    total_lines: int
    removed_lines: int
    page: bool  # cleaned in page mode: its kept lines are the article blocks
    codes: frozenset[str]  # the rules that removed a line of it

    def lines(self) -> list[ShownLine]:
        shown = []
        for i, (content, _) in enumerate(split_lines(self.text)):
            line = _shown(i + 1, content, None)
            found = self.removed.get(i + 1)
            shown.append(line if found is None else line._replace(code=found[0], reason=found[1]))
        return shown


_MASK = (1 << 64) - 1


def _keyed_hash(seed: int, text: str) -> int:
    key = seed.to_bytes(8, "big", signed=True)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8, key=key).digest()
    return int.from_bytes(digest, "big")


def _mix(x: int) -> int:
    """A 64-bit finaliser (splitmix64's): every bit of the result depends on every bit of ``x``."""
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def document_priority(seed: int, where: str) -> int:
    """The sampling priority of the document at ``where``: a keyed hash (BLAKE2b) of the seed and its place."""
    return _keyed_hash(seed, where)


@functools.lru_cache(maxsize=1024)
def _code_key(code: str) -> int:
    return _keyed_hash(0, code)


def removal_priority(document: int, line_number: int, code: str) -> int:
    """The priority of a removal, from its document's: one keyed hash per document, and a mix per line."""
    return _mix(document ^ _code_key(code) ^ ((line_number * 0x9E3779B97F4A7C15) & _MASK))


def _shown(number: int, content: str, removal: Removal | None) -> ShownLine:
    cut = len(content) > LINE_CHARS
    text = content[:LINE_CHARS] if cut else content
    if removal is None:
        return ShownLine(number, text, cut)
    return ShownLine(number, text, cut, removal.code, removal.reason)


class _Lowest:
    """The k items of lowest priority seen, as a heap of (-priority, tie, arrival, item).

    ``tie`` (where the item stands) orders equal priorities the same way on every run; ``arrival`` only
    keeps the heap from ever comparing two items.
    """

    def __init__(self, k: int) -> None:
        self.k = k
        self.heap: list[tuple[int, str, int, object]] = []
        self.arrivals = 0

    def admits(self, priority: int) -> bool:
        return self.k > 0 and (len(self.heap) < self.k or priority < -self.heap[0][0])

    def push(self, priority: int, tie: str, item: object) -> None:
        if not self.admits(priority):
            return
        self.arrivals += 1
        entry = (-priority, tie, self.arrivals, item)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, entry)
        else:
            heapq.heapreplace(self.heap, entry)

    def merge(self, other: _Lowest) -> None:
        for negative, tie, _, item in other.heap:
            self.push(-negative, tie, item)

    def sorted(self) -> list[object]:
        return [entry[3] for entry in sorted(self.heap, key=lambda e: (-e[0], e[1]))]


class Floor:
    """What one worker has taken into its tasks' samples in this run: the k lowest priorities, per rule
    and of documents, that let it pass over later candidates at once.

    A candidate of priority at or above the k-th lowest its worker has taken cannot be in the run's
    sample: k candidates of the run lie below it. So passing it over changes no sample; it spares
    the context, the view, and their trip to the main process, for all but the first few tasks. A
    floor lives for one run of one worker (``tasks.init_worker`` makes it), never in a sample sent.
    """

    def __init__(self, settings: ReviewSettings) -> None:
        self.settings = settings
        self.rules: dict[str, _Lowest] = {}
        self.documents = _Lowest(settings.documents)

    def rule(self, code: str) -> _Lowest:
        pool = self.rules.get(code)
        if pool is None:
            pool = self.rules[code] = _Lowest(self.settings.examples_per_rule)
        return pool


@dataclass
class ReviewSample:
    """The samples of part of a run (a task, a file, or the whole run) and the bytes it removed."""

    settings: ReviewSettings
    text_bytes: int = 0  # UTF-8 bytes of the documents' text
    removed_bytes: int = 0
    _examples: dict[str, _Lowest] = field(default_factory=dict)
    _documents: _Lowest | None = None
    #: The worker's floor, if the sample is taken in a worker's run; it stays in the worker.
    floor: Floor | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "floor": None}

    def add_document(
        self, where: str, text: str, cleaned: str, removals: Sequence[Removal], page: Callable[[], bool]
    ) -> None:
        """A document cleaned whole: its bytes, its removals as candidates in context, itself as a candidate.

        ``page()`` says whether it was cleaned in page mode; asked only of a document the sample takes.
        """
        size = _utf8_size(text)
        self.count_bytes(size, size - _utf8_size(cleaned))
        by_number = {r.line_number: r for r in removals}
        key = document_priority(self.settings.seed, where)
        lines: list[tuple[str, str]] = []  # split when a removal is first taken
        for removal in removals:
            priority = removal_priority(key, removal.line_number, removal.code)
            pool = self._rule(removal.code)
            if self._admits(pool, priority, removal.code):
                lines = lines or split_lines(text)
                self._take(pool, priority, where, removal, _context(lines, by_number, removal.line_number - 1))
        documents = self._document_pool()
        if documents.admits(key) and (self.floor is None or self.floor.documents.admits(key)):
            documents.push(key, where, _document_view(key, where, text, by_number, page()))
            if self.floor is not None:
                self.floor.documents.push(key, where, None)

    def add_removals(self, where: str, removals: Iterable[Removal]) -> None:
        """Removals of a document too large to hold whole: candidates shown without context."""
        key = document_priority(self.settings.seed, where)
        for removal in removals:
            priority = removal_priority(key, removal.line_number, removal.code)
            pool = self._rule(removal.code)
            if self._admits(pool, priority, removal.code):
                self._take(pool, priority, where, removal, None)

    def _admits(self, pool: _Lowest, priority: int, code: str) -> bool:
        return pool.admits(priority) and (self.floor is None or self.floor.rule(code).admits(priority))

    def _take(
        self, pool: _Lowest, priority: int, where: str, removal: Removal, context: tuple[ShownLine, ...] | None
    ) -> None:
        shown = _shown(removal.line_number, removal.line, removal)
        tie = f"{where}\0{removal.line_number}"
        pool.push(priority, tie, Example(priority, where, shown, context or (shown,)))
        if self.floor is not None:
            self.floor.rule(removal.code).push(priority, tie, None)

    def streamed(self, where: str) -> StreamedDocument:
        """A document read block by block, too large to hold (``cleantext.flows``)."""
        return StreamedDocument(self, where)

    def count_bytes(self, text_bytes: int, removed_bytes: int) -> None:
        self.text_bytes += text_bytes
        self.removed_bytes += removed_bytes

    def merge(self, other: ReviewSample) -> None:
        """Take in another part's samples and bytes (the k lowest of both stay)."""
        self.count_bytes(other.text_bytes, other.removed_bytes)
        for code, pool in other._examples.items():
            self._rule(code).merge(pool)
        if other._documents is not None:
            self._document_pool().merge(other._documents)

    def examples(self, code: str) -> list[Example]:
        """The sampled removals of one rule, in a fixed order (their priority)."""
        pool = self._examples.get(code)
        return [] if pool is None else pool.sorted()  # type: ignore[return-value]

    def documents(self) -> list[DocumentView]:
        return [] if self._documents is None else self._documents.sorted()  # type: ignore[return-value]

    def _rule(self, code: str) -> _Lowest:
        pool = self._examples.get(code)
        if pool is None:
            pool = self._examples[code] = _Lowest(self.settings.examples_per_rule)
        return pool

    def _document_pool(self) -> _Lowest:
        if self._documents is None:
            self._documents = _Lowest(self.settings.documents)
        return self._documents


class StreamedDocument:
    """A document the review sample takes in as it streams past: removals piece by piece, bytes pass by pass."""

    def __init__(self, sample: ReviewSample, where: str) -> None:
        self.sample, self.where = sample, where
        self.text_bytes = self.cleaned_bytes = 0

    def read(self, blocks: Iterable[list[tuple[str, str]]]) -> Iterator[list[tuple[str, str]]]:
        """The blocks of one pass over the document, counted (the last pass read counts)."""
        self.text_bytes = 0
        for block in blocks:
            self.text_bytes += sum(_utf8_size(content) + len(ending) for content, ending in block)
            yield block

    def add(self, removals: Iterable[Removal], cleaned: str) -> None:
        self.sample.add_removals(self.where, removals)
        self.cleaned_bytes += _utf8_size(cleaned)

    def done(self) -> None:
        self.sample.count_bytes(self.text_bytes, self.text_bytes - self.cleaned_bytes)


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _context(lines: Sequence[tuple[str, str]], removed: dict[int, Removal], index: int) -> tuple[ShownLine, ...]:
    """The line at ``index`` with up to CONTEXT_KEPT_LINES kept lines each side (blank lines left out)."""
    before = _neighbours(lines, removed, range(index - 1, max(index - 1 - CONTEXT_SCAN_LINES, -1), -1))
    after = _neighbours(lines, removed, range(index + 1, min(index + 1 + CONTEXT_SCAN_LINES, len(lines))))
    line = _shown(index + 1, lines[index][0], removed.get(index + 1))
    return (*reversed(before), line, *after)


def _neighbours(lines: Sequence[tuple[str, str]], removed: dict[int, Removal], indexes: range) -> list[ShownLine]:
    shown, kept = [], 0
    for i in indexes:
        content = lines[i][0]
        if not content.strip():
            continue
        removal = removed.get(i + 1)
        shown.append(_shown(i + 1, content, removal))
        kept += removal is None
        if kept == CONTEXT_KEPT_LINES:
            break
    return shown


def _document_view(priority: int, where: str, text: str, removed: dict[int, Removal], page: bool) -> DocumentView:
    """The view of a document: its first lines as one string (cut at the bounds), and its removals' rules."""
    pieces = text[:DOCUMENT_CHARS].split("\n", DOCUMENT_LINES)
    shown = "\n".join(pieces[:DOCUMENT_LINES])
    if len(shown) < len(text):  # cut: the last line shown ends as the others do
        shown += "\n"
    shown_lines = min(len(pieces), DOCUMENT_LINES)
    total = text.count("\n") + (not text.endswith("\n"))
    kept = {n: (r.code, r.reason) for n, r in removed.items() if n <= shown_lines}
    codes = frozenset(r.code for r in removed.values())
    return DocumentView(priority, where, shown, kept, total, len(removed), page, codes)
