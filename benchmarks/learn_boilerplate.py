"""How much learned site boilerplate adds: learn on each benchmark set, then clean with and without it.

    python benchmarks/learn_boilerplate.py [--bench ../shared/bench] [--views recall,page] [--jobs 2]

For every set and view: ``cleantext.learn`` over all of the set's pages (the
corpus), then every page is cleaned with the default config and with the
learned list added. Figures follow ../shared/bench/README.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, LineLabeler, Score, format_row, header, read_set

from cleantext import Config, clean
from cleantext.learn import DEFAULT_MIN_DOCUMENTS, DEFAULT_MIN_SHARE, learn

_CONFIGS: dict[str, Config] = {}


def _score_page(task: tuple[dict[str, Any], str]) -> dict[str, tuple[dict[str, Any], str, str]]:
    record, view = task
    source = record.get(view) or ""
    return {name: (record, source, clean(source, config)) for name, config in _CONFIGS.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--views", default="recall,page")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--min-documents", type=int, default=DEFAULT_MIN_DOCUMENTS)
    parser.add_argument("--min-share", type=float, default=DEFAULT_MIN_SHARE)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")

    print(header())
    for dataset in args.sets.split(","):
        records = list(read_set(args.bench / f"{dataset}.jsonl.gz"))
        for view in args.views.split(","):
            started = time.perf_counter()
            learned = learn((r.get(view) or "" for r in records), args.min_documents, args.min_share)
            _CONFIGS.clear()
            _CONFIGS.update({"cleantext": Config(), "cleantext+learned": Config(boilerplate=learned.boilerplate())})
            scores = {name: Score() for name in _CONFIGS}
            with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                for results in pool.imap(_score_page, [(r, view) for r in records], chunksize=4):
                    for name, (record, source, output) in results.items():
                        labeler = None if record.get("gold_is_partial") else LineLabeler(record["gold"])
                        scores[name].add(record, source, output, labeler)
            for name, score in scores.items():
                figures = score.figures()
                figures["MB/s"] = None  # timing is the throughput benchmark's business
                print(format_row(dataset, view, name, score.pages, figures))
            print(
                f"# {dataset} {view}: learned {len(learned.entries)} lines "
                f"({time.perf_counter() - started:.0f} s for learning and scoring)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
