"""How often ``text="auto"`` takes a document for whole-page text, per benchmark set and view.

    python benchmarks/auto_choice.py [--bench ../shared/bench]

The ``page`` view is whole-page text; ``recall`` and ``readability`` are
extractor output. Right is page mode for the first and the default mode for
the others. Prints, per set and view, the documents and the share taken for
whole pages (``cleantext.is_whole_page``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, read_set

import cleantext

VIEWS = ("page", "recall", "readability")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    print(f"{'set':17} {'view':12} {'docs':>6} {'as pages':>9} {'right':>7}")
    right = {view: [0, 0] for view in VIEWS}
    for name in SETS:
        records = list(read_set(args.bench / f"{name}.jsonl.gz"))
        for view in VIEWS:
            pages = sum(cleantext.is_whole_page(r.get(view) or "") for r in records)
            correct = pages if view == "page" else len(records) - pages
            right[view][0] += correct
            right[view][1] += len(records)
            print(f"{name:17} {view:12} {len(records):6} {pages / len(records):9.1%} {correct / len(records):7.1%}")
    for view, (correct, total) in right.items():
        print(f"{'all':17} {view:12} {total:6} {'':9} {correct / total:7.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
