"""Accuracy of cleantext and its peers on the public benchmarks in ../shared/bench.

    python benchmarks/accuracy.py [--sets a,b] [--views recall,readability,page] [--systems ...]
                                  [--limit N] [--jobs 2] [--markdown FILE]

Prints, for every set, view and system: macro token P/R/F1, pooled bodyKept
and junkRem, with% / w/o-left% for the partial-gold set, and MB/s (one
process). The scoring follows ../shared/bench/README.md (see scoring.py).
Peers that are not installed (jusText) are skipped with a note; they are
benchmark dependencies, not cleantext's.

``cleantext_without_comments`` is cleantext with reader comments removed
too (``--preview --ignore META001,META002,META005``); ``cleantext_page``,
``_page_gentle`` and ``_page_hard`` are page mode at its three cuts
(``--text page --cut ...``), ``cleantext_auto`` is ``--text auto``, and
``cleantext_page_learned`` is page mode with the boilerplate ``cleantext learn``
finds in the set's own page view (as a user learns on the corpus they clean). Text peers: identity;
jusText and trafilatura run on the view's lines wrapped as <p>; C4's line
rules. HTML peers: trafilatura (default and
favor_precision) and jusText on the page's HTML, against clean_html.
"""

from __future__ import annotations

import argparse
import datetime
import html as html_escape
import importlib.util
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import SETS, LineLabeler, Score, format_row, header, read_set

import cleantext
from cleantext.learn import learn

TEXT_VIEWS = ("recall", "readability", "page")
JUSTEXT_LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "pl": "Polish", "ru": "Russian", "nl": "Dutch",
}  # fmt: skip
# C4's line filter, as datatrove states it: terminal punctuation, three words, no policy boilerplate.
C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def _wrapped(text: str) -> str:
    """The view's non-blank lines as paragraphs of one HTML article, for the HTML extractors."""
    paragraphs = "\n".join(f"<p>{html_escape.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return f"<html><head><title></title></head><body><article>{paragraphs}</article></body></html>"


def _stoplist(record: dict[str, Any]) -> Any:
    import justext

    try:
        return justext.get_stoplist(JUSTEXT_LANGUAGES.get(record.get("lang") or "en", "English"))
    except ValueError:
        return justext.get_stoplist("English")


def identity(text: str, record: dict[str, Any]) -> str:
    return text


def cleantext_text(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text)


# Reader comments go too: the preview rules on but for the date, time-stamp
# and byline ones, as the README's recipe has it.
WITHOUT_COMMENTS = cleantext.Config(preview=True, ignore=("META001", "META002", "META005"))


def cleantext_without_comments(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, WITHOUT_COMMENTS)


# Page mode at each cut, and ``auto`` (page mode where a document looks like a whole page).
PAGE_CONFIGS = {cut: cleantext.Config(text="page", cut=cut) for cut in ("gentle", "balanced", "hard")}
AUTO = cleantext.Config(text="auto")


def cleantext_page(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, PAGE_CONFIGS["balanced"])


def cleantext_page_gentle(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, PAGE_CONFIGS["gentle"])


def cleantext_page_hard(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, PAGE_CONFIGS["hard"])


def cleantext_auto(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, AUTO)


# Page mode with the set's learned boilerplate: ``evaluate`` learns it from the set's page view
# before the worker processes start, so that they inherit it.
LEARNED_PAGE_CONFIG: dict[str, cleantext.Config] = {}


def cleantext_page_learned(text: str, record: dict[str, Any]) -> str:
    return cleantext.clean(text, LEARNED_PAGE_CONFIG["config"])


def justext_text(text: str, record: dict[str, Any]) -> str:
    import justext

    if not text.strip():
        return ""
    paragraphs = justext.justext(_wrapped(text).encode("utf-8"), _stoplist(record), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_text(text: str, record: dict[str, Any]) -> str:
    import trafilatura

    if not text.strip():
        return ""
    return trafilatura.extract(_wrapped(text), include_comments=False, include_tables=True, deduplicate=False) or ""


def c4_lines(text: str, record: dict[str, Any]) -> str:
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        lowered = stripped.lower()
        if not stripped.endswith((".", "?", "!", '"', "'")) or stripped.endswith("..."):
            continue
        if len(stripped.split()) < 3 or "javascript" in lowered or any(p in lowered for p in C4_POLICY):
            continue
        kept.append(line)
    return "\n".join(kept)


def trafilatura_html(page: str, record: dict[str, Any]) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True) or ""


def trafilatura_html_precision(page: str, record: dict[str, Any]) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True, favor_precision=True) or ""


def justext_html(page: str, record: dict[str, Any]) -> str:
    import justext

    return "\n".join(p.text for p in justext.justext(page, _stoplist(record)) if not p.is_boilerplate)


def cleantext_html(page: str, record: dict[str, Any]) -> str:
    return cleantext.clean_html(page)


TEXT_SYSTEMS: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "identity": identity,
    "cleantext": cleantext_text,
    "cleantext_without_comments": cleantext_without_comments,
    "cleantext_page": cleantext_page,
    "cleantext_page_gentle": cleantext_page_gentle,
    "cleantext_page_hard": cleantext_page_hard,
    "cleantext_auto": cleantext_auto,
    "cleantext_page_learned": cleantext_page_learned,
    "justext_text": justext_text,
    "trafilatura_text": trafilatura_text,
    "c4_lines": c4_lines,
}
HTML_SYSTEMS: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "cleantext_html": cleantext_html,
    "trafilatura_html": trafilatura_html,
    "trafilatura_html_precision": trafilatura_html_precision,
    "justext_html": justext_html,
}
NEEDS = {"justext_text": "justext", "justext_html": "justext"}


def _run_page(task: tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]) -> list[tuple[str, str, str, float, str]]:
    """(view, system, source, seconds, output) for every system and view asked for, on one page."""
    record, views, systems = task
    out = []
    for system in systems:
        func = TEXT_SYSTEMS.get(system) or HTML_SYSTEMS[system]
        for view in ("html",) if system in HTML_SYSTEMS else views:
            source = record.get(view) or ""
            start = time.perf_counter()
            try:
                result = func(source, record)
            except Exception:  # a peer failing on a page scores as empty output, as the reference does
                result = ""
            out.append((view, system, source, time.perf_counter() - start, result))
    return out


def _warm_up() -> None:
    # Compiling the rules and importing trafilatura happen once per process;
    # they are not charged to the first page's time.
    for config in (None, WITHOUT_COMMENTS, AUTO, *PAGE_CONFIGS.values()):
        cleantext.clean("warm up", config)
    import trafilatura  # noqa: F401


def evaluate(
    dataset_path: Path, views: tuple[str, ...], systems: tuple[str, ...], limit: int, jobs: int
) -> dict[tuple[str, str], Score]:
    records = list(read_set(dataset_path, limit))
    if "cleantext_page_learned" in systems:
        learned = learn(record.get("page") or "" for record in records).boilerplate()
        LEARNED_PAGE_CONFIG["config"] = cleantext.Config(text="page", boilerplate=learned)
    scores: dict[tuple[str, str], Score] = {}
    tasks = [(r, views, systems) for r in records]
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_warm_up) as pool:
        for record, results in zip(records, pool.imap(_run_page, tasks, chunksize=2), strict=True):
            labeler = None if record.get("gold_is_partial") else LineLabeler(record["gold"])
            for view, system, source, seconds, output in results:
                score = scores.setdefault((view, system), Score())
                score.add(record, source, output, None if view == "html" else labeler)
                score.seconds += seconds
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--views", default=",".join(TEXT_VIEWS))
    parser.add_argument("--systems", default=",".join([*TEXT_SYSTEMS, *HTML_SYSTEMS]))
    parser.add_argument("--limit", type=int, default=0, help="pages per set (0: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--markdown", type=Path, help="also write the cleantext rows as a Markdown table here")
    args = parser.parse_args()
    if not args.bench.is_dir():
        parser.error(f"benchmark data not found at {args.bench}")
    systems = []
    for system in args.systems.split(","):
        if system not in TEXT_SYSTEMS and system not in HTML_SYSTEMS:
            parser.error(f"unknown system {system!r}")
        module = NEEDS.get(system)
        if module and importlib.util.find_spec(module) is None:
            print(f"# skipped {system}: {module} is not installed (pip install {module})")
            continue
        systems.append(system)
    views = tuple(args.views.split(","))
    print(header())
    rows: list[tuple[str, str, str, int, dict[str, float | None]]] = []
    for dataset in args.sets.split(","):
        scores = evaluate(args.bench / f"{dataset}.jsonl.gz", views, tuple(systems), args.limit, args.jobs)
        for (view, system), score in sorted(scores.items()):
            row = (dataset, view, system, score.pages, score.figures())
            rows.append(row)
            print(format_row(*row), flush=True)
    if args.markdown:
        _write_markdown(args.markdown, rows, " ".join(["python", "benchmarks/accuracy.py", *sys.argv[1:]]))
    return 0


def _write_markdown(path: Path, rows: list[tuple[str, str, str, int, dict[str, float | None]]], command: str) -> None:
    def cell(value: float | None, percent: bool) -> str:
        return "" if value is None else f"{value * 100:.1f}" if percent else f"{value:.3f}"

    lines = [
        f"Measured {datetime.date.today().isoformat()} with `{command}`.",
        "",
        "| set | view | system | pages | P | R | F1 | bodyKept % | junkRem % | with % | w/o-left % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for dataset, view, system, pages, f in rows:
        if not system.startswith("cleantext") and system != "identity":
            continue
        lines.append(
            f"| {dataset} | {view} | {system} | {pages} | {cell(f['P'], False)} | {cell(f['R'], False)} | "
            f"{cell(f['F1'], False)} | {cell(f['bodyKept'], True)} | {cell(f['junkRem'], True)} | "
            f"{cell(f['with%'], True)} | {cell(f['w/o-left%'], True)} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
