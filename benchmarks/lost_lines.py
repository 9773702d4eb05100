"""Article lines the cleaner removes, by rule, on the public benchmarks in ../shared/bench.

    python benchmarks/lost_lines.py [--sets a,b] [--views recall,readability,page] [--limit N]
                                    [--jobs 2] [--examples] [--markdown FILE]

A body line is an input line of 40 characters or more that the scoring of ../shared/bench/README.md
labels body (80% of its token 3-grams in the gold), or, in trafilatura_eval, whose gold is partial, that
holds one of the segments of 20 characters or more that must stay. For each set, view and mode (the default,
and page mode at its default cut) this prints the body lines removed per 10,000 body lines, in all and
by rule, and how many lines of 20 words or more a phrase rule removed. ``--examples`` prints one removed
body line per rule (for reading here; the benchmark's text is not copied into the project).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, LineLabeler, read_set

import cleantext

VIEWS = ("recall", "readability", "page")
MODES = {"default": cleantext.Config(), "page": cleantext.Config(text="page")}
#: Body lines shorter than this are headings, bylines and captions, where the golds disagree.
MIN_CHARS = 40
#: A line of this many words is a sentence or more: no phrase rule may remove it unless it spans it.
LONG_WORDS = 20


@dataclass
class Tally:
    """Body lines and the removed ones, by rule, for one set, view and mode."""

    body: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    long_by_phrase: int = 0
    examples: dict[str, str] = field(default_factory=dict)

    def per_10k(self, count: int) -> float:
        return 10_000 * count / self.body if self.body else 0.0


def _is_phrase_rule(code: str) -> bool:
    rule = cleantext.REGISTRY.get(code)
    return rule is None or rule.pattern is not None  # a user's phrase or pattern has no registry entry


def _body_test(record: dict[str, Any]) -> Callable[[str], bool]:
    """Whether a line is article: labelled body, or, where the gold is partial, holding a segment that must stay."""
    if not record.get("gold_is_partial"):
        labeler = LineLabeler(record["gold"])
        return lambda line: labeler.label(line) == "body"
    segments = [" ".join(segment.split()) for segment in record.get("with") or ()]
    segments = [segment for segment in segments if len(segment) >= MIN_CHARS // 2]
    return lambda line: any(segment in " ".join(line.split()) for segment in segments)


def _judge(record: dict[str, Any]) -> list[tuple[str, str, int, list[tuple[str, str, bool]]]]:
    """Per view and mode: the body lines, and (code, line, 20+ words) for each removed one."""
    is_body = _body_test(record)
    out = []
    for view in VIEWS:
        text = record.get(view) or ""
        lines = text.split("\n")
        body = {n for n, line in enumerate(lines, 1) if len(line.strip()) >= MIN_CHARS and is_body(line)}
        for mode, config in MODES.items():
            removals = cleantext.clean_and_explain(text, config).removals
            lost = [
                (r.code, r.line.strip(), len(r.line.split()) >= LONG_WORDS) for r in removals if r.line_number in body
            ]
            out.append((view, mode, len(body), lost))
    return out


def measure(path: Path, limit: int, jobs: int) -> dict[tuple[str, str], Tally]:
    tallies: dict[tuple[str, str], Tally] = {}
    records = list(read_set(path, limit))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for results in pool.imap(_judge, records, chunksize=4):
            for view, mode, body, lost in results:
                tally = tallies.setdefault((view, mode), Tally())
                tally.body += body
                for code, line, long in lost:
                    tally.removed[code] += 1
                    tally.examples.setdefault(code, line[:120])
                    if long and _is_phrase_rule(code):
                        tally.long_by_phrase += 1
    return tallies


def _by_rule(tally: Tally) -> str:
    return ", ".join(f"{code} {tally.per_10k(n):.1f}" for code, n in tally.removed.most_common(6)) or "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--views", default=",".join(VIEWS))
    parser.add_argument("--limit", type=int, default=0, help="pages per set (0: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--examples", action="store_true", help="print one removed body line per rule")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    views = args.views.split(",")
    rows = []
    print(f"{'set':16} {'view':11} {'mode':7} {'body':>6} {'lost/10k':>8} {'long':>4}  by rule (per 10k)")
    for dataset in args.sets.split(","):
        tallies = measure(args.bench / f"{dataset}.jsonl.gz", args.limit, args.jobs)
        for (view, mode), tally in sorted(tallies.items()):
            if view not in views:
                continue
            lost = tally.per_10k(sum(tally.removed.values()))
            rows.append((dataset, view, mode, tally.body, lost, tally.long_by_phrase, _by_rule(tally)))
            print(
                f"{dataset:16} {view:11} {mode:7} {tally.body:6} {lost:8.1f} {tally.long_by_phrase:4}  {rows[-1][-1]}"
            )
            if args.examples:
                for code, line in sorted(tally.examples.items()):
                    print(f"    {code}: {line}")
        sys.stdout.flush()
    if args.markdown:
        _write_markdown(args.markdown, rows)
    return 0


def _write_markdown(path: Path, rows: list[tuple[str, str, str, int, float, int, str]]) -> None:
    lines = [
        "| set | view | mode | body lines | lost per 10k | 20+ words, phrase rule | by rule (per 10k) |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {d} | {v} | {m} | {b} | {lost:.1f} | {long} | {rules} |" for d, v, m, b, lost, long, rules in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
