"""A fingerprint of what the cleaner does: to show that a change of layout changes no output.

    python benchmarks/behaviour.py [--bench ../shared/bench] [--limit 0]
    python benchmarks/behaviour.py --cli [--limit 40]

Cleans every benchmark text of every view (``page``, ``recall``,
``readability``) with each of six configs (the default, preview, page mode at
each cut, auto, user patterns and phrases) and prints, per config, a SHA-256
of every output text and every removal (line, code, reason) in order. Two
runs print the same lines exactly when ``clean_and_explain`` gave the same
results on every text.

With --cli, it builds a corpus of every format from the benchmark pages
(text files, a gzip JSONL shard, a Parquet shard, a WET file, HTML pages),
runs the command on it several ways (``--check``, ``--diff``, ``--explain``,
``--output-dir`` with one and two workers, JSON output) and prints a SHA-256
of each run's exit code, standard output, standard error and files written.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, read_set

import cleantext

VIEWS = ("page", "recall", "readability")
CONFIGS = {
    "default": cleantext.Config(),
    "preview": cleantext.Config(preview=True),
    "page-gentle": cleantext.Config(text="page", cut="gentle"),
    "page-balanced": cleantext.Config(text="page"),
    "page-hard": cleantext.Config(text="page", cut="hard"),
    "auto": cleantext.Config(text="auto"),
    # Patterns that match many lines no built-in rule does (two capitalised words, a short number line).
    "user": cleantext.Config(extra_phrases=("Photo", "Share"), extra_patterns=(r"[A-Z][a-z]+ [A-Z][a-z]+", r"\d{1,3}")),
}


def build_corpus(bench: Path, limit: int, root: Path) -> None:
    """A corpus of every format from the first ``limit`` pages of each set."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [r for name in SETS for r in read_set(bench / f"{name}.jsonl.gz", limit)]
    (root / "texts" / "deeper").mkdir(parents=True)
    (root / "pages").mkdir()
    shard, rows, wet = [], [], b""
    for i, record in enumerate(records):
        text = record.get("page") or ""
        if i % 5 == 0:
            (root / "texts" / ("deeper" if i % 2 else "") / f"{i}.txt").write_text(text, encoding="utf-8")
        elif i % 5 == 1:
            shard.append(json.dumps({"id": i, "text": record.get("recall") or ""}, ensure_ascii=False))
        elif i % 5 == 2:
            rows.append(text)
        elif i % 5 == 3:
            payload = text.encode("utf-8")
            head = f"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: {len(payload)}\r\n\r\n"
            wet += head.encode() + payload + b"\r\n\r\n"
        elif record.get("html"):
            (root / "pages" / f"{i}.html").write_text(record["html"], encoding="utf-8")
    (root / "shard.jsonl.gz").write_bytes(gzip.compress(("\n".join(shard) + "\n").encode(), mtime=0))
    pq.write_table(pa.table({"text": rows}), root / "rows.parquet", row_group_size=16)
    (root / "crawl.warc.wet").write_bytes(wet)


def cli_fingerprints(bench: Path, limit: int) -> None:
    runs = {
        "check": ["--check", "."],
        "diff": ["--diff", "."],
        "explain": ["--explain", "texts", "shard.jsonl.gz"],
        "json": ["--output-format", "json", "--check", "."],
        "copies-j1": ["-j", "1", "--output-dir", "{out}", "texts", "shard.jsonl.gz", "rows.parquet", "crawl.warc.wet"],
        "copies-j2": ["-j", "2", "--output-dir", "{out}", "."],
        "html": ["--include", "*.html", "--output-dir", "{out}", "pages"],
        "page-mode": ["--text", "page", "--check", "texts"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        build_corpus(bench, limit, root)
        for name, argv in runs.items():
            out = Path(tmp) / f"out-{name}"
            command = [sys.executable, "-m", "cleantext", *(a.replace("{out}", str(out)) for a in argv)]
            done = subprocess.run(command, cwd=root, capture_output=True, env={**os.environ, "COLUMNS": "100"})
            digest = hashlib.sha256(f"{done.returncode}\0".encode() + done.stdout + b"\0" + done.stderr)
            for path in sorted(out.rglob("*")) if out.exists() else []:
                digest.update(str(path.relative_to(out)).encode() + b"\0")
                if path.is_file():
                    digest.update(path.read_bytes())
            print(f"{name:<10} exit {done.returncode}  {digest.hexdigest()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--limit", type=int, default=0, help="pages per set (0: all; with --cli, 40)")
    parser.add_argument("--cli", action="store_true", help="the command's outputs on a corpus of every format")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    if args.cli:
        cli_fingerprints(args.bench, args.limit or 40)
        return 0
    texts = [
        record[view]
        for name in SETS
        for record in read_set(args.bench / f"{name}.jsonl.gz", args.limit)
        for view in VIEWS
        if record.get(view)
    ]
    print(f"{len(texts)} texts")
    for name, config in CONFIGS.items():
        digest = hashlib.sha256()
        for text in texts:
            result = cleantext.clean_and_explain(text, config)
            digest.update(result.text.encode("utf-8", "surrogatepass") + b"\0")
            for removal in result.removals:
                digest.update(f"{removal.line_number}\t{removal.code}\t{removal.name}\t{removal.reason}\n".encode())
        print(f"{name:<14} {digest.hexdigest()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
