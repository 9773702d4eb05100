"""Corpus-scale runs: a folder of many small files and a large JSONL.gz shard, fixed in place.

    python benchmarks/corpus_scale.py [--bench ../shared/bench] [--files 10000] [--shard-mb 200] [--jobs 1,2]
                                      [--parquet] [--wet] [--only folder,shard,parquet,wet]

``--parquet`` adds the shard's records as a Parquet file, ``--wet`` as a
WET file (a gzip member per record, as Common Crawl writes them, with at
least ``--shard-mb`` MB of text); ``--only`` runs some of the corpora.

Builds both corpora from the benchmark views (repeated as needed) in a
temporary folder, then for each worker count: ``cleantext -i`` (the fix),
the same again (must change nothing), and ``--check`` (must exit 0). Prints
wall time and the peak resident memory of the largest process of each run
(the main process or one worker).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from commands import measure
from scoring import SETS, read_set


def fingerprint(root: Path) -> dict[str, tuple[float, str]]:
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p): (p.stat().st_mtime, hashlib.sha1(p.read_bytes()).hexdigest()) for p in files}


def build(bench: Path, work: Path, n_files: int, shard_mb: int) -> tuple[Path, Path, float, float]:
    texts = [
        r.get(view) or "" for name in SETS for r in read_set(bench / f"{name}.jsonl.gz") for view in ("recall", "page")
    ]
    texts = [t for t in texts if t.strip()]
    folder = work / "files"
    folder.mkdir()
    small = itertools.cycle(t for t in texts if len(t) < 20_000)
    folder_bytes = 0
    for i in range(n_files):
        text = next(small)
        sub = folder / f"{i // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06}.txt").write_text(text, encoding="utf-8")
        folder_bytes += len(text.encode("utf-8"))
    shard = work / "shard.jsonl.gz"
    written = 0
    with gzip.open(shard, "wb", compresslevel=1) as out:
        for i, text in enumerate(itertools.cycle(texts)):
            line = json.dumps({"id": i, "source": "bench", "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"
            out.write(line)
            written += len(line)
            if written >= shard_mb * 1_000_000:
                break
    return folder, shard, folder_bytes / 1e6, written / 1e6


def build_parquet(shard: Path, work: Path) -> Path:
    """The shard's records as a Parquet file of row groups of 1,000 rows (needs pyarrow)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = work / "shard.parquet"
    writer = None
    with gzip.open(shard, "rt", encoding="utf-8") as lines:
        while batch := [json.loads(line) for line in itertools.islice(lines, 1000)]:
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    if writer is not None:
        writer.close()
    return path


def build_wet(shard: Path, work: Path, megabytes: int) -> tuple[Path, float]:
    """The shard's texts (repeated as needed) as conversion records of a WET file (needs warcio)."""
    import io

    from warcio.warcwriter import WARCWriter

    path = work / "shard.warc.wet.gz"
    text_bytes = 0
    with gzip.open(shard, "rt", encoding="utf-8") as lines, path.open("wb") as out:
        texts = [json.loads(line)["text"] for line in lines]
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "benchmarks/corpus_scale.py"}))
        for i, text in enumerate(itertools.cycle(texts)):
            data = text.encode("utf-8")
            record = writer.create_warc_record(
                f"https://example.com/{i}", "conversion", payload=io.BytesIO(data), warc_content_type="text/plain"
            )
            writer.write_record(record)
            text_bytes += len(data)
            if text_bytes >= megabytes * 1_000_000:
                break
    return path, text_bytes / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--shard-mb", type=int, default=200)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--parquet", action="store_true", help="also the shard as Parquet (needs pyarrow)")
    parser.add_argument("--wet", action="store_true", help="also the shard's texts as a WET file (needs warcio)")
    parser.add_argument("--only", default=None, help="run only these corpora (folder, shard, parquet, wet)")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    cleantext = [sys.executable, "-m", "cleantext", "-q"]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        pristine = Path(tmp) / "pristine"
        pristine.mkdir()
        folder, shard, folder_mb, shard_mb = build(args.bench, pristine, args.files, args.shard_mb)
        corpora = [("folder", folder, folder_mb), ("shard", shard, shard_mb)]
        if args.parquet:
            parquet = build_parquet(shard, pristine)
            print(f"parquet: {parquet.stat().st_size / 1e6:.1f} MB file ({shard_mb:.1f} MB of records)")
            corpora.append(("parquet", parquet, shard_mb))
        if args.wet:
            wet, wet_mb = build_wet(shard, pristine, args.shard_mb)
            print(f"wet: {wet.stat().st_size / 1e6:.1f} MB file ({wet_mb:.1f} MB of text)")
            corpora.append(("wet", wet, wet_mb))
        if args.only:
            corpora = [c for c in corpora if c[0] in args.only.split(",")]
        print(
            f"corpora: {args.files} files ({folder_mb:.1f} MB), shard {shard.stat().st_size / 1e6:.1f} MB gzip ({shard_mb:.1f} MB JSONL)"
        )
        print(
            f"{'corpus':8} {'-j':>3} {'fix s':>8} {'MB/s':>6} {'peak MB':>8} {'again s':>8} {'unchanged':>9} {'check s':>8} {'check rc':>8}"
        )
        for jobs in args.jobs.split(","):
            for name, source, megabytes in corpora:
                target = Path(tmp) / f"run-{jobs}-{source.name}"
                if source.is_dir():
                    shutil.copytree(source, target)
                else:
                    shutil.copy2(source, target)
                _, fix_s, fix_mb = measure([*cleantext, "-j", jobs, "-i", str(target)])
                before = fingerprint(target)
                _, again_s, _ = measure([*cleantext, "-j", jobs, "-i", str(target)])
                unchanged = fingerprint(target) == before
                check_rc, check_s, _ = measure([*cleantext, "-j", jobs, "--check", str(target)])
                print(
                    f"{name:8} {jobs:>3} {fix_s:8.1f} {megabytes / fix_s:6.2f} {fix_mb:8.0f} {again_s:8.1f} "
                    f"{unchanged!s:>9} {check_s:8.1f} {check_rc:8}",
                    flush=True,
                )
                shutil.rmtree(target) if target.is_dir() else os.unlink(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
