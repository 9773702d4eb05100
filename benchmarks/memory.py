"""Peak memory on a large JSONL shard or text file: it must stay flat however large the input is.

    python benchmarks/memory.py [--bench ../shared/bench] [--mb 2000] [--jobs 2] [--record-kb 0] [--text]
    python benchmarks/memory.py --documents 5,12,50,70,200
    python benchmarks/memory.py --bombs [--bomb-mb 1024]

Writes an uncompressed JSONL shard of at least --mb MB from the benchmark
views (``recall`` and ``page`` text, repeated), then fixes a fresh copy of it in place
with ``cleantext -q -j N -i`` for each N, and prints the wall time and the peak resident
memory of the largest process (the main process or one worker). With
--record-kb, texts are joined into records of about that size, to show that
memory is bounded by bytes in flight, not by the number of records. With
--text, the input is one plain text file of the same texts, one after the
other, which the command cleans section by section.

With --documents, each size (MB) is one document of the benchmark views'
text, cleaned as a file named on the command line, from standard input, and
as the one record of a JSONL shard; it prints the peak memory and its ratio
to the document's size, which stays a few times the size below the
threshold for cleaning in sections and flat above it.

With --bombs, each compression (zstd, gzip, bzip2, xz) holds one line of
--bomb-mb MB, as a text file and as the one record of a JSONL shard: a few
kilobytes that inflate to more than memory should hold. Each is fixed with
``cleantext -q -i``; it prints the peak memory, which stays far below the
line's size, and the exit code (2: the file, or the record, is left as it
is, with a message).
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


def document_memory(bench: Path, sizes: list[int], workdir: Path | None) -> None:
    """Peak memory for single documents of each size, by path, on standard input and as a JSONL record."""
    print(f"{'MB':>5} {'as':>6} {'s':>6} {'peak MB':>8} {'peak/size':>9} {'exit':>5}")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for size in sizes:
            doc = Path(tmp) / "doc.txt"
            with open(doc, "w", encoding="utf-8") as out:
                written = 0
                for text in records(bench, 0):
                    written += out.write(text.rstrip("\n") + "\n\n")
                    if written >= size * 1_000_000:
                        break
            mb = doc.stat().st_size / 1e6
            shard = Path(tmp) / "one.jsonl"
            shard.write_text(json.dumps({"text": doc.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
            runs = {
                "path": ([str(doc)], None),
                "stdin": (["-"], doc),
                "jsonl": (["-i", str(shard)], None),
            }
            for name, (argv, stdin) in runs.items():
                code, seconds, peak = measure([sys.executable, "-m", "cleantext", "-q", *argv], stdin=stdin)
                print(f"{mb:5.0f} {name:>6} {seconds:6.1f} {peak:8.0f} {peak / mb:9.1f} {code:5}", flush=True)


def write_bomb(path: Path, head: bytes, mb: int, tail: bytes) -> None:
    """A compressed file (by its suffix) holding ``head``, ``mb`` MB of one letter, then ``tail``: one line."""
    from cleantext.compression import compressing, compression_of

    block = b"a" * (1 << 20)
    with open(path, "wb") as raw:
        out = compressing(raw, compression_of(path.name))
        out.write(head)
        for _ in range(mb):
            out.write(block)
        out.write(tail)
        out.close()


def bomb_memory(mb: int, workdir: Path | None) -> None:
    """Peak memory on compressed files that inflate to one huge line: text, and a JSONL record."""
    print(f"{'file':>12} {'stored kB':>10} {'line MB':>8} {'s':>6} {'peak MB':>8} {'exit':>5}")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for kind, head, tail in [("txt", b"", b"\n"), ("jsonl", b'{"text": "', b'"}\n')]:
            for suffix in (".zst", ".gz", ".bz2", ".xz"):
                path = Path(tmp) / f"bomb.{kind}{suffix}"
                write_bomb(path, head, mb, tail)
                stored = path.stat().st_size / 1000
                code, seconds, peak = measure([sys.executable, "-m", "cleantext", "-q", "-i", str(path)])
                print(
                    f"{path.name:>12} {stored:10.0f} {mb * 1.048576:8.0f} {seconds:6.1f} {peak:8.0f} {code:5}",
                    flush=True,
                )
                path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--mb", type=int, default=2000)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--record-kb", type=int, default=0)
    parser.add_argument("--text", action="store_true", help="one large text file instead of a JSONL shard")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--documents", help="comma-separated sizes in MB of single documents to measure instead")
    parser.add_argument("--bombs", action="store_true", help="compressed files inflating to one huge line instead")
    parser.add_argument("--bomb-mb", type=int, default=1024, help="the size of the bombs' line (default 1 GiB)")
    args = parser.parse_args()
    if args.bombs:
        bomb_memory(args.bomb_mb, args.workdir)
        return 0
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    if args.documents:
        document_memory(args.bench, [int(mb) for mb in args.documents.split(",")], args.workdir)
        return 0
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
