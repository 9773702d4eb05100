"""Throughput: clean() in one process, the command over files and JSONL, the floor, and peers.

    python benchmarks/throughput.py [--bench ../shared/bench] [--mb 50] [--runs 3] [--peer-mb 3] [--view-mb 10]

Builds a corpus of at least --mb MB from the benchmark views' `recall` text
(repeated), then measures in one run, as medians of --runs:

- clean() MB/s in one process, default config;
- the command over a folder of files and over a JSONL shard, -j 1 and -j 2
  (cleaned text written to a file), with the peak memory of its largest process;
- the floor: reading, JSON-decoding, JSON-encoding and writing the same JSONL
  without cleaning, and the command's speed as a share of it;
- jusText and trafilatura on the same text (lines wrapped as <p>), on the
  first --peer-mb MB, as peers;
- per view (``recall`` and whole-page ``page``, --view-mb MB of dragnet and
  CleanEval each): CPU MB/s of clean(), of page mode (``--text page``), of
  C4's line rules and of jusText on the same text, and the ratios; and
  clean() as it is without Hyperscan (the per-line prefilter);
- start-up: a fresh process's import and first clean() of one page, and the
  command on that one file.

The phrase rules' scan database is built (or loaded from the cache) before
anything is timed, as a long job has it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import c4_lines, justext_text, trafilatura_text
from commands import measure
from scoring import SETS, read_set

import cleantext
from cleantext import engine
from cleantext import matcher as matching

_FLOOR = """
import json, sys
with open(sys.argv[1], "rb") as source, open(sys.argv[2], "wb") as out:
    for line in source:
        out.write(json.dumps(json.loads(line), ensure_ascii=False).encode("utf-8") + b"\\n")
"""


def corpus(bench: Path, megabytes: float) -> list[str]:
    texts = [r.get("recall") or "" for name in SETS for r in read_set(bench / f"{name}.jsonl.gz")]
    texts = [t for t in texts if t.strip()]
    out, size = [], 0
    for text in cycle(texts):
        out.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            return out
    raise AssertionError("unreachable")


def view_texts(bench: Path, view: str, megabytes: float) -> list[str]:
    """About ``megabytes`` of one view of dragnet and CleanEval, half from each."""
    out: list[str] = []
    for name in ("dragnet", "cleaneval"):
        size = 0
        for record in read_set(bench / f"{name}.jsonl.gz"):
            text = record.get(view) or ""
            out.append(text)
            size += len(text.encode("utf-8"))
            if size >= megabytes * 1e6 / 2:
                break
    return out


def cpu_speed(clean: Callable[[str], object], texts: list[str], runs: int) -> float:
    """MB of ``texts`` per CPU second of ``clean`` over them."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    # CPU time: the machines are shared, and CPU time is what the cleaner costs.
    return size / median_seconds(lambda: [clean(t) for t in texts], runs, time.process_time)


def prepare(configs: list[cleantext.Config]) -> None:
    """Build each config's matcher, and its scan database, before anything is timed; say which path matches."""
    for config in configs:
        matcher = matching.matcher_for(config)
        start = time.perf_counter()
        built = matcher.scan is not None and matcher.scan.build()
        seconds = time.perf_counter() - start
        how = f"Hyperscan document scan (database ready in {seconds:.2f} s)" if built else "per-line prefilter"
        print(f"# phrase rules of text={config.text!r}: {how}")


@contextlib.contextmanager
def per_line_prefilter() -> Iterator[None]:
    """clean() as it is without Hyperscan: matchers without the document scan (the engine's, which it
    takes its matchers from)."""
    original = engine.matcher_for
    engine.matcher_for = functools.lru_cache(maxsize=None)(lambda config: matching.build_matcher(config, scan=False))
    try:
        yield
    finally:
        engine.matcher_for = original


def view_rows(bench: Path, megabytes: float, runs: int) -> None:
    page_mode = cleantext.Config(text="page")
    prepare([cleantext.Config(), page_mode])
    print(f"{'view':8} {'system':34} {'MB/s (CPU)':>10} {'/ C4':>7} {'/ jusText':>9}")
    for view in ("recall", "page"):
        texts = view_texts(bench, view, megabytes)
        speeds = {
            "clean()": cpu_speed(cleantext.clean, texts, runs),
            "c4_lines": cpu_speed(lambda t: c4_lines(t, {}), texts, runs),
        }
        if view == "page":
            speeds["clean(), page mode"] = cpu_speed(lambda t: cleantext.clean(t, page_mode), texts, runs)
        with per_line_prefilter():
            speeds["clean(), per-line prefilter"] = cpu_speed(cleantext.clean, texts, runs)
            if view == "page":
                speeds["page mode, per-line prefilter"] = cpu_speed(
                    lambda t: cleantext.clean(t, page_mode), texts, runs
                )
        try:  # jusText is slow: a tenth of the text, once
            speeds["justext_text"] = cpu_speed(lambda t: justext_text(t, {"lang": "en"}), texts[::10], 1)
        except ImportError as exc:
            print(f"# skipped jusText: {exc}")
        for system, speed in speeds.items():
            justext = f"{speed / speeds['justext_text']:9.1f}" if "justext_text" in speeds else ""
            print(f"{view:8} {system:34} {speed:10.2f} {speed / speeds['c4_lines']:7.2f} {justext}")
    print()


_FIRST_CLEAN = """
import sys, time
start = time.perf_counter()
import cleantext
text = open(sys.argv[1], encoding="utf-8").read()
cleantext.clean(text)
print(time.perf_counter() - start)
"""


def startup_rows(bench: Path, runs: int) -> None:
    """Fresh processes: import and the first clean() of one benchmark page, and the command on that one file."""
    text = next(r["page"] for r in read_set(bench / "dragnet.jsonl.gz") if len(r.get("page") or "") > 5000)
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(text, encoding="utf-8")
        first = [
            float(
                subprocess.run(
                    [sys.executable, "-c", _FIRST_CLEAN, str(one)], capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(runs)
        ]
        command_seconds, peak = command(
            [sys.executable, "-m", "cleantext", "--check", str(one)], Path(tmp) / "out", runs
        )
    print(
        f"fresh process, one {len(text.encode()) / 1e3:.0f} kB page: import + first clean() {statistics.median(first):.3f} s,"
        f" `cleantext --check one.txt` {command_seconds:.3f} s (peak {peak:.0f} MB); medians of {runs} runs"
    )
    print()


def median_seconds(action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)


def command(args: list[str], output: Path, runs: int) -> tuple[float, float]:
    """Median seconds and the largest peak RSS (MB) of one process over the runs."""
    seconds, peaks = [], []
    for _ in range(runs):
        code, elapsed, peak = measure(args, output)
        if code not in (0, 1):
            raise SystemExit(f"command failed ({code}): {' '.join(args)}")
        seconds.append(elapsed)
        peaks.append(peak)
    return statistics.median(seconds), max(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-mb", type=float, default=3)
    parser.add_argument("--view-mb", type=float, default=10)
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    startup_rows(args.bench, args.runs)
    view_rows(args.bench, args.view_mb, args.runs)

    texts = corpus(args.bench, args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents, {megabytes:.1f} MB (recall view, repeated); medians of {args.runs} runs")
    rows: list[tuple[str, float, float | None]] = []

    cleantext.clean("warm up")  # compiling the rules is not part of the throughput
    seconds = median_seconds(lambda: [cleantext.clean(t) for t in texts], args.runs)
    rows.append(("clean() one process", megabytes / seconds, None))

    peer_texts, size = [], 0.0
    for text in texts:
        peer_texts.append(text)
        size += len(text.encode("utf-8")) / 1e6
        if size >= args.peer_mb:
            break
    clean_peer = median_seconds(lambda: [cleantext.clean(t) for t in peer_texts], args.runs)
    rows.append((f"clean() on the peers' {size:.1f} MB", size / clean_peer, None))
    for name, peer in (("jusText (lines as <p>)", justext_text), ("trafilatura (lines as <p>)", trafilatura_text)):
        try:
            peer_seconds = median_seconds(lambda p=peer: [p(t, {"lang": "en"}) for t in peer_texts], 1)  # type: ignore[misc]
        except ImportError as exc:
            print(f"# skipped {name}: {exc}")
            continue
        rows.append((f"{name} on the same {size:.1f} MB", size / peer_seconds, None))

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "files"
        folder.mkdir()
        for i, text in enumerate(texts):
            sub = folder / f"{i // 1000:04}"
            sub.mkdir(exist_ok=True)
            (sub / f"{i:07}.txt").write_text(text, encoding="utf-8")
        shard = root / "shard.jsonl"
        with shard.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        shard_mb = shard.stat().st_size / 1e6
        sink = root / "out"

        floor = median_seconds(
            lambda: subprocess.run([sys.executable, "-c", _FLOOR, str(shard), str(sink)], check=True), args.runs
        )
        rows.append(("floor: JSONL read, decode, encode, write", shard_mb / floor, None))
        run = [sys.executable, "-m", "cleantext", "-q"]
        for jobs in ("1", "2"):
            seconds, peak = command([*run, "-j", jobs, str(folder)], sink, args.runs)
            rows.append((f"command, folder of {len(texts)} files, -j {jobs}", megabytes / seconds, peak))
            seconds, peak = command([*run, "-j", jobs, str(shard)], sink, args.runs)
            rows.append((f"command, JSONL shard {shard_mb:.0f} MB, -j {jobs}", shard_mb / seconds, peak))

    floor_speed = next(speed for name, speed, _ in rows if name.startswith("floor"))
    print(f"{'what':52} {'MB/s':>8} {'x floor':>8} {'peak MB':>8}")
    for name, speed, peak in rows:
        ratio = f"{speed / floor_speed:8.3f}" if "JSONL" in name or name.startswith("floor") else " " * 8
        print(f"{name:52} {speed:8.2f} {ratio} {'' if peak is None else f'{peak:8.0f}'}")
    by_name = {name: speed for name, speed, _ in rows}
    j1 = next(v for k, v in by_name.items() if "JSONL" in k and k.endswith("-j 1"))
    j2 = next(v for k, v in by_name.items() if "JSONL" in k and k.endswith("-j 2"))
    print(f"JSONL -j 2 / -j 1: {j2 / j1:.2f}")
    for key, value in by_name.items():
        if key.startswith(("jusText", "trafilatura")):
            ours = next(v for k, v in by_name.items() if k.startswith("clean() on the peers"))
            print(f"clean() / {key.split(' on ')[0]}: {ours / value:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
