"""Peak memory on a large JSONL shard or text file: it must stay flat however large the input is.

    python benchmarks/memory.py [--bench ../shared/bench] [--mb 2000] [--jobs 2] [--record-kb 0] [--text]

Writes an uncompressed JSONL shard of at least --mb MB from the benchmark
views (``recall`` and ``page`` text, repeated), then fixes a fresh copy of it in place
with ``cleantext -q -j N -i`` for each N, and prints the wall time and the peak resident
memory of the largest process (the main process or one worker). With
--record-kb, texts are joined into records of about that size, to show that
memory is bounded by bytes in flight, not by the number of records. With
--text, the input is one plain text file of the same texts, one after the
other, which the command cleans section by section.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from commands import measure
from scoring import SETS, read_set


def records(bench: Path, record_kb: int) -> Iterator[str]:
    texts = [r.get(v) or "" for name in SETS for r in read_set(bench / f"{name}.jsonl.gz") for v in ("recall", "page")]
    texts = [t for t in texts if t.strip()]
    if not record_kb:
        yield from cycle(texts)
        return
    joined: list[str] = []
    size = 0
    for text in cycle(texts):
        joined.append(text)
        size += len(text)
        if size >= record_kb * 1000:
            yield "\n\n".join(joined)
            joined, size = [], 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--mb", type=int, default=2000)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--record-kb", type=int, default=0)
    parser.add_argument("--text", action="store_true", help="one large text file instead of a JSONL shard")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        shard = Path(tmp) / ("corpus.txt" if args.text else "shard.jsonl")
        written = count = 0
        with open(shard, "wb") as out:
            for count, text in enumerate(records(args.bench, args.record_kb), 1):
                if args.text:
                    line = text.rstrip("\n").encode("utf-8") + b"\n\n"
                else:
                    line = json.dumps({"id": count, "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"
                out.write(line)
                written += len(line)
                if written >= args.mb * 1_000_000:
                    break
        what = "one text file" if args.text else "JSONL"
        print(
            f"{shard.name}: {written / 1e6:.0f} MB {what}, {count} texts of {written / count / 1000:.1f} kB on average"
        )
        print(f"{'-j':>3} {'fix s':>8} {'MB/s':>6} {'peak MB':>8} {'exit':>5}")
        for jobs in args.jobs.split(","):
            target = Path(tmp) / f"run-{jobs}{shard.suffix}"
            shutil.copyfile(shard, target)  # every run starts from the same uncleaned shard
            code, seconds, peak = measure([sys.executable, "-m", "cleantext", "-q", "-j", jobs, "-i", str(target)])
            target.unlink()
            print(f"{jobs:>3} {seconds:8.1f} {written / 1e6 / seconds:6.2f} {peak:8.0f} {code:5}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
