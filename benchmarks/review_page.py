"""The review page over a real shard: its time beside ``--statistics`` of the same run, its size and its peak.

    python benchmarks/review_page.py [--bench ../shared/bench] [--set dragnet] [--view page] [--runs 3]

Writes one JSONL shard of a benchmark set's texts (one view; dragnet's 1,379
pages by default), then times, ``--runs`` times each, ``cleantext
--statistics`` and ``cleantext report`` on it with page mode (``--text
page``) and extractor mode, the two commands taking turns, and prints the
medians, their ratio, the page's size and the peak memory of the largest
process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from commands import measure
from scoring import read_set


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--set", default="dragnet")
    parser.add_argument("--view", default="page")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    with tempfile.TemporaryDirectory() as folder:
        # Named from inside its folder: the sample is drawn by where each document stands, as named,
        # so that every run draws the same one.
        os.chdir(folder)
        shard = Path(f"{args.set}-{args.view}.jsonl")
        with shard.open("w", encoding="utf-8") as out:
            records = 0
            for record in read_set(args.bench / f"{args.set}.jsonl.gz"):
                out.write(json.dumps({"id": record["id"], "text": record[args.view]}, ensure_ascii=False) + "\n")
                records += 1
        print(f"{shard.name}: {records} records, {shard.stat().st_size / 1e6:.1f} MB, -j {args.jobs}")
        print(f"{'text':8} {'command':12} {'median s':>9} {'ratio':>6} {'peak MB':>8} {'page MB':>8}")
        page_file = Path("report.html")
        base = [sys.executable, "-m", "cleantext"]
        for text in ("page", "extract"):
            flags = ["--text", text, "-j", str(args.jobs), "-q"]
            runs = {
                "statistics": [[*base, "--statistics", *flags, str(shard)]],
                "report": [[*base, "report", str(shard), "-o", str(page_file), *flags]],
            }
            # Interleaved, so that a change in the machine's load falls on both commands alike.
            timings: dict[str, list[tuple[int, float, float]]] = {name: [] for name in runs}
            for _ in range(args.runs):
                for name, (command,) in runs.items():
                    timings[name].append(measure(command))
            medians = {}
            for name, done in timings.items():
                assert all(code == 0 for code, _, _ in done), f"{name} failed"
                medians[name] = statistics.median(seconds for _, seconds, _ in done)
                peak = max(peak for _, _, peak in done)
                size = f"{page_file.stat().st_size / 1e6:8.2f}" if name == "report" else f"{'':8}"
                ratio = medians[name] / medians["statistics"]
                print(f"{text:8} {name:12} {medians[name]:9.2f} {ratio:6.2f} {peak:8.0f} {size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
