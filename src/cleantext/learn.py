"""Learned site boilerplate: lines that recur across many documents of one corpus.

A corpus scraped from a few sites repeats each site's furniture in every
document: a footer, a slogan, a menu. No general rule knows those lines, but
their repetition gives them away. ``learn`` counts, for every normalised line,
in how many documents it occurs, and lists the lines common enough to be
furniture; ``Config(boilerplate=...)`` then removes them (code USER002).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from cleantext import heuristics
from cleantext.config import ConfigError

#: A line must occur in at least this many documents ...
DEFAULT_MIN_DOCUMENTS = 5
#: ... and in at least this share of them, to be listed.
DEFAULT_MIN_SHARE = 0.001
#: A line of one word (``News``, ``Features``) needs more: this many times the documents ...
WEAK_MIN_DOCUMENTS_FACTOR = 3
#: ... and this share of them. Chance alone puts such a line in many documents of a mixed corpus, and
#: the more so the larger it grows, while a site's own menu entry stands in nearly every page of it: so
#: the minimum grows with the corpus, and a corpus of one site still yields its menu.
WEAK_MIN_SHARE = 0.2


def is_weak_evidence(normal: str) -> bool:
    """Whether a normalised line is one word: too common to count as furniture by repetition alone."""
    return " " not in normal


def has_words(normal: str) -> bool:
    """Whether a normalised line holds a letter. One without (``1``, ``102``, ``2019``) is never listed:
    every number is a 0 then, so all such lines are one, and listing it would remove every line of
    numbers anywhere (a table's cells, a year standing alone)."""
    return any(char.isalpha() for char in normal)


@dataclass(frozen=True)
class Learned:
    documents: int
    entries: tuple[tuple[int, str], ...]  # (documents it occurs in, the line as first seen), most frequent first

    def boilerplate(self) -> frozenset[str]:
        """The learned lines in the form ``Config(boilerplate=...)`` takes."""
        return frozenset(heuristics.normalize_for_repeats(line) for _, line in self.entries)


def learn(
    documents: Iterable[str], min_documents: int = DEFAULT_MIN_DOCUMENTS, min_share: float = DEFAULT_MIN_SHARE
) -> Learned:
    """Lines that recur in at least ``min_documents`` documents and ``min_share`` of them.

    Lines that read as prose sentences are never listed: a sentence that
    recurs is a quotation or a template the corpus may want to keep; nor
    are lines without a letter (``has_words``). A line of one word needs
    more (``is_weak_evidence``).
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    n = 0
    for text in documents:
        n += 1
        seen: set[str] = set()
        for line in text.split("\n"):
            key = heuristics.line_key(line)
            if not key or heuristics.is_prose(key):
                continue
            normal = heuristics.normalize_for_repeats(key)
            if has_words(normal) and normal not in seen:
                seen.add(normal)
                first_seen.setdefault(normal, key)
        counts.update(seen)
    floor = max(min_documents, min_share * n)
    weak_floor = max(floor, WEAK_MIN_DOCUMENTS_FACTOR * min_documents, WEAK_MIN_SHARE * n)
    entries = sorted(
        ((c, first_seen[k]) for k, c in counts.items() if c >= (weak_floor if is_weak_evidence(k) else floor)),
        key=lambda e: (-e[0], e[1]),
    )
    return Learned(n, tuple(entries))


def write_list(learned: Learned, out: TextIO, min_documents: int, min_share: float) -> None:
    out.write(
        f"# cleantext learned boilerplate: {len(learned.entries)} lines from {learned.documents} documents\n"
        f"# (lines in at least {min_documents} documents and {min_share:g} of them; one word: "
        f"in at least {WEAK_MIN_DOCUMENTS_FACTOR * min_documents} and {WEAK_MIN_SHARE:g} of them; prose and lines without a letter excluded)\n"
        "# Review it: delete any line that is article text. Format: documents<TAB>line\n"
    )
    for count, line in learned.entries:
        out.write(f"{count}\t{line}\n")


def read_list(text: str) -> frozenset[str]:
    """The normalised lines of a list written by ``write_list`` (or by hand, one line each)."""
    lines = set()
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        _, tab, line = row.partition("\t")
        normal = heuristics.normalize_for_repeats(line if tab else row)
        if normal:
            lines.add(normal)
    return frozenset(lines)


def load_list(path: str | os.PathLike[str]) -> frozenset[str]:
    """The lines of a list file written by ``cleantext learn``, for ``Config(boilerplate=...)``.

    Raises ConfigError naming the file when it cannot be read.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            return read_list(handle.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"boilerplate list {os.fsdecode(path)}: cannot read: {exc}") from None
