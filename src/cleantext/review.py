"""What a review page shows, gathered while a run cleans: removals sampled in context, and whole documents.

Sampling is bottom-k by a seeded hash: every candidate (a removal, a
document) gets a priority, a keyed hash of the seed and of where it stands
(file, record, line, rule), and a sample keeps the k candidates of lowest
priority. That is a uniform sample without replacement, as a reservoir with
a seeded random stream gives, but one that merges: each worker keeps the k
lowest of its own task, the main process keeps the k lowest of those, and
the result does not depend on ``-j`` or on the order tasks finish in. The
counts beside the samples are exact over the whole input (``FileReport``).

Shown text is bounded where it is taken, in the worker: a line is cut at
``LINE_CHARS``, a document at ``DOCUMENT_LINES`` lines and
``DOCUMENT_CHARS`` characters, so that a sample's size, and the memory and
messages it costs, do not follow the corpus.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class ShownLine:
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
    """One sampled document, whole up to the bounds, its removed lines marked."""

    priority: int
    where: str
    lines: tuple[ShownLine, ...]
    lines_not_shown: int  # past DOCUMENT_LINES or DOCUMENT_CHARS
    page: bool  # cleaned in page mode: its kept lines are the article blocks
    codes: frozenset[str]  # the rules that removed a line of it


def _priority(seed: int, *where: object) -> int:
    key = "\0".join(map(str, where)).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(key, digest_size=8, key=seed.to_bytes(8, "big", signed=True)).digest()
    return int.from_bytes(digest, "big")


def _shown(number: int, content: str, removal: Removal | None) -> ShownLine:
    cut = len(content) > LINE_CHARS
    text = content[:LINE_CHARS] if cut else content
    if removal is None:
        return ShownLine(number, text, cut)
    return ShownLine(number, text, cut, removal.code, removal.reason)


class _Lowest:
    """The k items of lowest priority seen, as a heap of (-priority, tie, item)."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.heap: list[tuple[int, str, object]] = []

    def admits(self, priority: int) -> bool:
        return self.k > 0 and (len(self.heap) < self.k or priority < -self.heap[0][0])

    def push(self, priority: int, tie: str, item: object) -> None:
        entry = (-priority, tie, item)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, entry)
        elif self.admits(priority):
            heapq.heapreplace(self.heap, entry)

    def sorted(self) -> list[object]:
        return [item for _, _, item in sorted(self.heap, key=lambda e: (-e[0], e[1]))]


@dataclass
class ReviewSample:
    """The samples of part of a run (a task, a file, or the whole run) and the bytes it removed."""

    settings: ReviewSettings
    text_bytes: int = 0  # UTF-8 bytes of the documents' text
    removed_bytes: int = 0
    _examples: dict[str, _Lowest] = field(default_factory=dict)
    _documents: _Lowest | None = None

    def add_document(
        self, where: str, text: str, cleaned: str, removals: Sequence[Removal], page: Callable[[], bool]
    ) -> None:
        """A document cleaned whole: its bytes, its removals as candidates in context, itself as a candidate.

        ``page()`` says whether it was cleaned in page mode; asked only of a document the sample takes.
        """
        size = _utf8_size(text)
        self.count_bytes(size, size - _utf8_size(cleaned))
        lines: list[tuple[str, str]] | None = None
        by_number = {r.line_number: r for r in removals}
        for removal in removals:
            priority = _priority(self.settings.seed, where, removal.line_number, removal.code)
            if not self._rule(removal.code).admits(priority):
                continue
            lines = lines if lines is not None else split_lines(text)
            context = _context(lines, by_number, removal.line_number - 1)
            shown = _shown(removal.line_number, removal.line, removal)
            self._rule(removal.code).push(
                priority, f"{where}\0{removal.line_number}", Example(priority, where, shown, context)
            )
        priority = _priority(self.settings.seed, where)
        if self._document_pool().admits(priority):
            view = _document_view(priority, where, lines or split_lines(text), by_number, page())
            self._document_pool().push(priority, where, view)

    def add_removals(self, where: str, removals: Iterable[Removal]) -> None:
        """Removals of a document too large to hold whole: candidates shown without context."""
        for removal in removals:
            priority = _priority(self.settings.seed, where, removal.line_number, removal.code)
            if self._rule(removal.code).admits(priority):
                shown = _shown(removal.line_number, removal.line, removal)
                self._rule(removal.code).push(
                    priority, f"{where}\0{removal.line_number}", Example(priority, where, shown, (shown,))
                )

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
            mine = self._rule(code)
            for negative, tie, item in pool.heap:
                mine.push(-negative, tie, item)
        if other._documents is not None:
            for negative, tie, item in other._documents.heap:
                self._document_pool().push(-negative, tie, item)

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


def _document_view(
    priority: int, where: str, lines: Sequence[tuple[str, str]], removed: dict[int, Removal], page: bool
) -> DocumentView:
    shown, chars = [], 0
    for i, (content, _) in enumerate(lines[:DOCUMENT_LINES]):
        chars += min(len(content), LINE_CHARS)
        if chars > DOCUMENT_CHARS:
            break
        shown.append(_shown(i + 1, content, removed.get(i + 1)))
    codes = frozenset(r.code for r in removed.values())
    return DocumentView(priority, where, tuple(shown), len(lines) - len(shown), page, codes)
