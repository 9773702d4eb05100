"""How often the benchmark golds keep what each rule removes: the lines a rule removes, labelled by gold.

    python benchmarks/rule_agreement.py [--rules CODES] [--sets a,b] [--views recall,readability,page]
                                        [--mode default|page] [--limit N]

For every removed line, the scoring of ../shared/bench/README.md labels it body (the gold keeps it), junk
(the gold drops it) or neither; trafilatura_eval, whose gold is partial, is left out. Per rule and set this
prints ``body/removed``: a rule that many golds keep is a convention, not boilerplate, and belongs
outside the default set. Counts only; the benchmark's text is not printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lost_lines import MODES
from scoring import LABELLED_SETS, LineLabeler, read_set

import cleantext


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--rules", default="", help="comma-separated codes (default: every rule that removed a line)")
    parser.add_argument("--sets", default=",".join(LABELLED_SETS))
    parser.add_argument("--views", default="recall,readability,page")
    parser.add_argument("--mode", choices=MODES, default="default")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    wanted = {code.strip() for code in args.rules.split(",") if code.strip()}
    config = MODES[args.mode]
    if wanted:  # the rules asked about run, opt-in and preview ones too
        preview = any(cleantext.REGISTRY[code].status is cleantext.Status.PREVIEW for code in wanted)
        config = dataclasses.replace(config, select=("ALL", *sorted(wanted)), preview=preview or config.preview)
    sets = args.sets.split(",")
    counts: dict[str, dict[str, Counter[str]]] = {}
    for name in sets:
        for record in read_set(args.bench / f"{name}.jsonl.gz", args.limit):
            labeler = LineLabeler(record["gold"])
            for view in args.views.split(","):
                for removal in cleantext.clean_and_explain(record.get(view) or "", config).removals:
                    if wanted and removal.code not in wanted:
                        continue
                    tally = counts.setdefault(removal.code, {}).setdefault(name, Counter())
                    tally["removed"] += 1
                    tally[labeler.label(removal.line) or "neither"] += 1
    print(f"| rule | {' | '.join(sets)} | body share |")
    print(f"|---|{'---|' * len(sets)}---|")
    for code in sorted(counts):
        cells = [counts[code].get(name, Counter()) for name in sets]
        removed = sum(cell["removed"] for cell in cells)
        body = sum(cell["body"] for cell in cells)
        row = " | ".join(f"{cell['body']}/{cell['removed']}" for cell in cells)
        print(f"| {code} | {row} | {100 * body / removed:.0f}% |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
