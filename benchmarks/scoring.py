"""The benchmark scoring definitions of ../shared/bench/README.md, for the project's own benchmarks.

- tokens: ``\\w+`` runs of the lower-cased text;
- token precision / recall / F1 of the output's token multiset against the gold's,
  0 for an empty output, averaged over pages;
- line labels: a line of 4+ tokens is body when at least 80% of its token
  3-grams occur in the gold, junk when at most 20% do; a shorter line is body
  when it equals a gold line, junk when its tokens occur nowhere in the gold;
- bodyKept / junkRem: kept body lines / body lines, removed junk / junk lines,
  pooled over pages;
- partial gold: share of ``with`` segments kept and of ``without`` segments left,
  over the segments found in the input (white space normalised).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

_TOKEN = regex.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def token_prf(output: str, gold: str) -> tuple[float, float, float]:
    out, ref = Counter(tokens(output)), Counter(tokens(gold))
    overlap = sum((out & ref).values())
    precision = overlap / sum(out.values()) if out else 0.0
    recall = overlap / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class LineLabeler:
    """Labels input lines body / junk / None (ambiguous) against one page's gold."""

    def __init__(self, gold: str) -> None:
        toks = tokens(gold)
        self.trigrams = {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}
        self.lines = {" ".join(tokens(line)) for line in gold.split("\n")} - {""}
        self.flat = " " + " ".join(toks) + " "

    def label(self, line: str) -> str | None:
        toks = tokens(line)
        if not toks:
            return None
        if len(toks) >= 4:
            grams = [tuple(toks[i : i + 3]) for i in range(len(toks) - 2)]
            share = sum(g in self.trigrams for g in grams) / len(grams)
            return "body" if share >= 0.8 else "junk" if share <= 0.2 else None
        joined = " ".join(toks)
        if joined in self.lines:
            return "body"
        return "junk" if f" {joined} " not in self.flat else None


def line_counts(source: str, output: str, labeler: LineLabeler) -> Counter[str]:
    """body, junk, body_kept, junk_removed for one page (kept lines matched as a multiset)."""
    kept = Counter(line.strip() for line in output.split("\n") if line.strip())
    counts: Counter[str] = Counter()
    for line in source.split("\n"):
        if not line.strip():
            continue
        label = labeler.label(line)
        if label is None:
            continue
        stripped = line.strip()
        was_kept = kept[stripped] > 0
        if was_kept:
            kept[stripped] -= 1
        counts[label] += 1
        counts[f"{label}_{'kept' if was_kept else 'removed'}"] += 1
    return counts


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Score:
    """Accumulates one system's figures over the pages of one set and view."""

    pages: int = 0
    prf: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    lines: Counter[str] = field(default_factory=Counter)
    segments: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    megabytes: float = 0.0

    def add(self, record: dict[str, Any], source: str, output: str, labeler: LineLabeler | None) -> None:
        self.pages += 1
        self.megabytes += len(source.encode("utf-8")) / 1e6
        if record.get("gold_is_partial"):
            found_in, found_out = _norm(source), _norm(output)
            with_found = [s for s in record.get("with", []) if _norm(s) and _norm(s) in found_in]
            without_found = [s for s in record.get("without", []) if _norm(s) and _norm(s) in found_in]
            self.segments["with"] += len(with_found)
            self.segments["with_kept"] += sum(_norm(s) in found_out for s in with_found)
            self.segments["without"] += len(without_found)
            self.segments["without_left"] += sum(_norm(s) in found_out for s in without_found)
            return
        for i, value in enumerate(token_prf(output, record["gold"])):
            self.prf[i] += value
        if labeler is not None:
            self.lines.update(line_counts(source, output, labeler))

    @staticmethod
    def _share(part: float, whole: float) -> float | None:
        return part / whole if whole else None

    def figures(self) -> dict[str, float | None]:
        n = self.pages or 1
        partial = bool(self.segments)
        return {
            "P": None if partial else self.prf[0] / n,
            "R": None if partial else self.prf[1] / n,
            "F1": None if partial else self.prf[2] / n,
            "bodyKept": self._share(self.lines["body_kept"], self.lines["body"]),
            "junkRem": self._share(self.lines["junk_removed"], self.lines["junk"]),
            "with%": self._share(self.segments["with_kept"], self.segments["with"]),
            "w/o-left%": self._share(self.segments["without_left"], self.segments["without"]),
            "MB/s": self.megabytes / self.seconds if self.seconds else None,
        }


#: The benchmark sets in ../shared/bench whose gold is the whole main text, so
#: that every line can be labelled; trafilatura_eval's gold is partial.
LABELLED_SETS = ("scrapinghub_aeb", "dragnet", "cleaneval")
#: Every benchmark set in ../shared/bench.
SETS = (*LABELLED_SETS, "trafilatura_eval")


def read_set(path: Path, limit: int = 0) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if limit and i >= limit:
                return
            yield json.loads(line)


COLUMNS = ("P", "R", "F1", "bodyKept", "junkRem", "with%", "w/o-left%", "MB/s")


def format_row(dataset: str, view: str, system: str, pages: int, figures: dict[str, float | None]) -> str:
    cells = []
    for column in COLUMNS:
        value = figures.get(column)
        if value is None:
            cells.append("")
        elif column in ("P", "R", "F1"):
            cells.append(f"{value:.3f}")
        elif column == "MB/s":
            cells.append(f"{value:.2f}")
        else:
            cells.append(f"{value * 100:.1f}")
    return f"{dataset:16} {view:11} {system:27} {pages:5} " + " ".join(f"{c:>9}" for c in cells)


def header() -> str:
    return f"{'dataset':16} {'view':11} {'system':27} {'docs':>5} " + " ".join(f"{c:>9}" for c in COLUMNS)
