"""The ``cleantext`` command: print, check, diff, explain or fix files, folders and JSONL shards."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from cleantext import __version__, configfile, learn
from cleantext.config import Config, ConfigError
from cleantext.corpus import STDIN, is_jsonl
from cleantext.rules import REGISTRY, RULE_SETS
from cleantext.runner import (
    Interrupted,
    Job,
    Mode,
    Progress,
    documents,
    json_report,
    request_stop,
    run,
    summary_line,
)

EXIT_OK = 0
EXIT_JUNK_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _globs(value: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in value.split(",") if g.strip())


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include", type=_globs, metavar="GLOBS", help="files a folder contributes (default: *.txt,*.jsonl,*.jsonl.gz)"
    )
    parser.add_argument("--exclude", type=_globs, metavar="GLOBS", help="files to leave out")
    parser.add_argument("--field", metavar="NAME", help="the JSONL field holding the text (default: text)")
    parser.add_argument("--jsonl", action="store_true", help="read inputs as JSONL whatever their names (for '-')")
    parser.add_argument("--html", action="store_true", help="read inputs as HTML whatever their names (for '-')")
    parser.add_argument(
        "--config", metavar="PATH", help="settings file (default: cleantext.toml or pyproject.toml found upward)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Remove boilerplate lines (navigation, promotion, share buttons, footers) from article text. "
        "'cleantext learn --help' describes learning a corpus's own boilerplate.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="PATH", help="text files, folders or JSONL shards; '-' reads standard input"
    )
    mode = parser.add_argument_group("what to do (default: print the cleaned text)")
    mode.add_argument("-i", "--in-place", action="store_true", help="rewrite files that change, atomically")
    mode.add_argument("--check", action="store_true", help="write nothing; list removals; exit 1 if any")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of what would be removed")
    mode.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    mode.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    rules = parser.add_argument_group("which rules run (override the settings file)")
    rules.add_argument(
        "--select", type=_codes, metavar="CODES", help="comma-separated rule codes or sets to run (default: ALL)"
    )
    rules.add_argument("--ignore", type=_codes, metavar="CODES", help="comma-separated rule codes or sets to skip")
    rules.add_argument("--preview", action="store_true", default=None, help="also run rules whose status is preview")
    rules.add_argument("--boilerplate", metavar="FILE", help="also remove the lines listed by 'cleantext learn'")
    inputs = parser.add_argument_group("inputs")
    _add_input_options(inputs)  # type: ignore[arg-type]
    run_opts = parser.add_argument_group("running")
    run_opts.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: all cores)"
    )
    run_opts.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on standard error")
    run_opts.add_argument(
        "--output-format",
        choices=("text", "json"),
        default="text",
        help="json: print a machine-readable report instead",
    )
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="format of --list-rules")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _learn_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext learn",
        description="List lines that recur across many documents of a corpus (its own boilerplate), for review "
        "and for 'cleantext --boilerplate FILE'.",
    )
    parser.add_argument("files", nargs="+", metavar="PATH", help="text files, folders or JSONL shards")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="where to write the list ('-': standard output)"
    )
    parser.add_argument(
        "--min-documents",
        type=int,
        default=learn.DEFAULT_MIN_DOCUMENTS,
        metavar="N",
        help=f"a line must occur in at least N documents (default {learn.DEFAULT_MIN_DOCUMENTS})",
    )
    parser.add_argument(
        "--min-share",
        type=float,
        default=learn.DEFAULT_MIN_SHARE,
        metavar="X",
        help=f"... and in at least this share of them (default {learn.DEFAULT_MIN_SHARE})",
    )
    _add_input_options(parser)
    return parser


def _list_rules(fmt: str, out: TextIO) -> None:
    rules = list(REGISTRY.values())
    if fmt == "markdown":
        out.write("| code | name | set | status | where | what it removes |\n|---|---|---|---|---|---|\n")
        for r in rules:
            out.write(f"| `{r.code}` | {r.name} | {r.rule_set} | {r.status} | {r.where} | {r.summary} |\n")
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        out.write(f"{r.code:<11} {r.name:<{width}} {r.rule_set:<8} {r.status!s:<8} {r.summary}\n")
    out.write(f"{len(rules)} rules in {len(RULE_SETS)} rule sets\n")


def _read_boilerplate(path: str) -> frozenset[str]:
    try:
        return learn.read_list(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"boilerplate list {path}: cannot read: {exc}") from None


def _jobs(args: argparse.Namespace) -> list[Job]:
    """One job per named input; each settings file and boilerplate list is read once, however many name it."""
    load = functools.cache(configfile.load)
    read_boilerplate = functools.cache(_read_boilerplate)
    return [_job(path, args, load, read_boilerplate) for path in args.files]


def _job(
    path: str,
    args: argparse.Namespace,
    load: Callable[[Path], configfile.FileSettings],
    read_boilerplate: Callable[[str], frozenset[str]],
) -> Job:
    """The settings for one named input: its settings file, overridden by flags."""
    found = Path(args.config) if args.config else configfile.find(path if path != STDIN else ".")
    settings = load(found) if found else configfile.FileSettings()
    boilerplate_path = getattr(args, "boilerplate", None) or settings.path_value("boilerplate")
    boilerplate = read_boilerplate(boilerplate_path) if boilerplate_path else frozenset()

    def pick(name: str, key: str, default: Any) -> Any:
        value = getattr(args, name, None)
        return value if value is not None else settings.get(key, default)

    config = Config(
        select=pick("select", "select", ("ALL",)),
        ignore=pick("ignore", "ignore", ()),
        preview=bool(pick("preview", "preview", False)),
        extra_phrases=settings.get("extra-phrases", ()),
        extra_patterns=settings.get("extra-patterns", ()),
        boilerplate=boilerplate,
    )
    return Job(
        path=path,
        config=config,
        include=tuple(pick("include", "include", ())),
        exclude=tuple(pick("exclude", "exclude", ())),
        field=pick("field", "field", "text"),
        jsonl=args.jsonl,
        html=args.html,
    )


def _main_learn(argv: Sequence[str]) -> int:
    parser = _learn_parser()
    args = parser.parse_args(argv)
    try:
        jobs = _jobs(args)
    except ConfigError as exc:
        parser.error(str(exc))
    texts = (text for job in jobs for text in documents(job, sys.stderr))
    learned = learn.learn(texts, args.min_documents, args.min_share)
    if args.output == "-":
        learn.write_list(learned, sys.stdout, args.min_documents, args.min_share)
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            learn.write_list(learned, out, args.min_documents, args.min_share)
    sys.stderr.write(f"cleantext learn: {len(learned.entries)} lines from {learned.documents} documents\n")
    return EXIT_OK


def _stop_gracefully(signum: int, frame: object) -> None:
    # Finish the files in hand, start no new ones: every file ends up either
    # untouched or completely rewritten, and no temporary file is left.
    request_stop()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["learn"]:
        return _main_learn(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        _list_rules(args.format, sys.stdout)
        return EXIT_OK
    if not args.files:
        parser.error("no PATH given (use '-' for standard input)")
    if args.in_place and (args.check or args.diff):
        parser.error("--in-place cannot be combined with --check or --diff")
    if args.in_place and STDIN in args.files:
        parser.error("--in-place cannot rewrite standard input")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.html and args.jsonl:
        parser.error("--html and --jsonl exclude each other")
    try:
        jobs = _jobs(args)
    except ConfigError as exc:
        parser.error(str(exc))
    report_json = args.output_format == "json"
    mode = Mode(
        print_text=not (args.check or args.diff or args.explain or args.in_place or report_json),
        check=args.check,
        diff=args.diff,
        explain=args.explain,
        in_place=args.in_place,
    )
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_gracefully)
        signal.signal(signal.SIGINT, _stop_gracefully)
    progress = Progress(enabled=not args.quiet and sys.stderr.isatty(), stream=sys.stderr)
    # One plain file is not worth starting worker processes for.
    single_file = len(args.files) == 1 and os.path.isfile(args.files[0]) and not is_jsonl(args.files[0])
    workers = 1 if single_file else args.jobs
    try:
        reports = run(jobs, mode, workers, sys.stdout.buffer, sys.stderr, progress, quiet=args.quiet)
    except Interrupted:
        sys.stderr.write("cleantext: stopped; every file is either as it was or completely cleaned\n")
        return EXIT_INTERRUPTED
    sys.stdout.flush()
    if report_json:
        sys.stdout.write(json_report(reports))
    elif not args.quiet and sum(r.documents for r in reports) > 1:
        sys.stderr.write(summary_line(reports) + "\n")
    if any(r.error for r in reports):
        return EXIT_ERROR
    if args.check and any(r.removed_by_code for r in reports):
        return EXIT_JUNK_FOUND
    return EXIT_OK
