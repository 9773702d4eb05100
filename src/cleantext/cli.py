"""The ``cleantext`` command: print, check, diff, explain or fix files, folders and JSONL shards."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from cleantext import __version__, configfile, formats, learn, scan
from cleantext.command import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_JUNK_FOUND,
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    add_input_options,
    add_rule_options,
    add_running_options,
    check_jobs,
    error,
    execute,
    jobs_of,
    progress_for,
    settle_input_format,
    whole_page_formats,
)
from cleantext.config import ConfigError
from cleantext.discovery import STDIN, display
from cleantext.report import FORMATS, Output
from cleantext.report_command import main_report
from cleantext.rewrite import WritePolicy
from cleantext.rules import REGISTRY, RULE_SETS
from cleantext.runner import Job, documents
from cleantext.tasks import Mode

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_JUNK_FOUND", "EXIT_OK", "EXIT_OUTPUT_CLOSED", "main"]


def _add_mode_options(mode: argparse.ArgumentParser) -> None:
    mode.add_argument("-i", "--in-place", action="store_true", help="rewrite files that change, atomically")
    mode.add_argument(
        "--output-dir",
        metavar="DIR",
        help="write a cleaned copy of every input file under DIR (the tree mirrored); inputs stay as they are",
    )
    mode.add_argument("--check", action="store_true", help="write nothing; list removals; exit 1 if any")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of what would be removed")
    mode.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    mode.add_argument("--statistics", action="store_true", help="count removals per rule instead of listing them")
    mode.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    mode.add_argument("--list-formats", action="store_true", help="list the input formats and exit")
    mode.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings that govern each PATH, and where each comes from",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        allow_abbrev=False,
        description="Remove boilerplate lines (navigation, promotion, share buttons, footers) from article text. "
        "'cleantext learn --help' describes learning a corpus's own boilerplate.",
        epilog="Exit codes: 0 done (nothing found, or fixed); 1 --check found junk; 2 an error (a file that "
        "cannot be cleaned, bad settings, nothing to clean); 130 stopped by a signal; 141 standard output closed.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="PATH", help="text files, folders or JSONL shards; '-' reads standard input"
    )
    _add_mode_options(parser.add_argument_group("what to do (default: print the cleaned text)"))  # type: ignore[arg-type]
    rules = parser.add_argument_group("which rules run")
    add_rule_options(rules)  # type: ignore[arg-type]
    inputs = parser.add_argument_group("inputs")
    add_input_options(inputs)  # type: ignore[arg-type]
    safety = parser.add_argument_group("safety of --in-place")
    safety.add_argument(
        "--follow-links", action="store_true", help="rewrite named symbolic links whose target is outside this folder"
    )
    safety.add_argument(
        "--skip-hardlinked",
        action="store_true",
        help="leave files with several hard links alone instead of splitting them",
    )
    run_opts = parser.add_argument_group("running")
    add_running_options(run_opts)  # type: ignore[arg-type]
    run_opts.add_argument(
        "--output-format",
        choices=FORMATS,
        default="text",
        help="json: one JSON document; jsonl: a JSON object per line; github: workflow annotations",
    )
    parser.add_argument(
        "--format", choices=("text", "markdown"), default="text", help="format of --list-rules and --list-formats"
    )
    parser.add_argument("--version", action="version", version=_version())
    return parser


def _version() -> str:
    """The version, and which way the phrase rules are proposed: by the document scan or line by line."""
    hyperscan = scan.version()
    path = (
        f"the document scan, Hyperscan {hyperscan}"
        if hyperscan
        else f"the per-line prefilter; Hyperscan is not installed: pip install '{scan.FAST_EXTRA}'"
    )
    return f"%(prog)s {__version__} (phrase rules found by {path})"


def _learn_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext learn",
        allow_abbrev=False,
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
    add_input_options(parser)
    return parser


def _list_rules(fmt: str, out: TextIO) -> None:
    rules = list(REGISTRY.values())
    if fmt == "markdown":
        out.write("| code | name | set | status | where | shape | what it removes |\n|---|---|---|---|---|---|---|\n")
        for r in rules:
            shape = r.shape if r.pattern is not None else "—"
            out.write(f"| `{r.code}` | {r.name} | {r.rule_set} | {r.status} | {r.where} | {shape} | {r.summary} |\n")
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        out.write(f"{r.code:<11} {r.name:<{width}} {r.rule_set:<8} {r.status!s:<8} {r.summary}\n")
    out.write(f"{len(rules)} rules in {len(RULE_SETS)} rule sets\n")


def _list_formats(fmt: str, out: TextIO) -> None:
    if fmt == "markdown":
        out.write(formats.markdown_table())
        return
    width = max(len(f.name) for f in formats.FORMATS)
    for f in formats.FORMATS:
        names = " ".join(f.suffixes + tuple(f"{s}.(compressed)" for s in f.compressed_suffixes))
        if f.compressions:
            names += " (" + " ".join(f.compressions) + ")"
        out.write(f"{f.name:<{width}} {names:<56} {f.document}\n")


def _show_settings(jobs: list[tuple[Job, configfile.Layered]], out: TextIO) -> None:
    whole_pages = whole_page_formats()
    for job, settings in jobs:
        config, selection = job.config, job.selection
        out.write(f"{display(job.path)}\n  settings file: {settings.file.source or 'none found'}\n")
        values = {
            "select": list(config.select),
            "ignore": list(config.ignore),
            "preview": config.preview,
            "text": config.text,
            "cut": config.cut,
            "extra-phrases": list(config.extra_phrases),
            "extra-patterns": list(config.extra_patterns),
            "boilerplate": f"{len(config.boilerplate)} lines",
            "include": list(selection.include) or f"(default) {formats.default_include_words()}",
            "exclude": list(selection.exclude),
            "field": job.field,
        }
        for key, value in values.items():
            source = settings.sources.get(key, "default")
            if key == "text" and job.default_text:
                source += f"; {whole_pages} files, whole pages: 'page'"
            out.write(f"  {key} = {value!r}  ({source})\n")
        out.write(f"  rules enabled: {len(config.enabled_codes)} of {len(REGISTRY)}\n")


def _quiet_exit_on_closed_output() -> int:
    """The reader of standard output went away (``| head``): stop quietly, as ``cat`` would."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # a captured stdout in tests has no descriptor to replace
    return EXIT_OUTPUT_CLOSED


def _main_learn(argv: Sequence[str]) -> int:
    args = _learn_parser().parse_args(argv)
    try:
        jobs = [job for job, _ in jobs_of(args)]
    except ConfigError as exc:
        return error(str(exc))
    problems: list[str] = []

    def report(message: str, is_error: bool) -> None:
        if is_error:
            problems.append(message)
        sys.stderr.write(message + "\n")

    texts = (text for job in jobs for text in documents(job, report))
    learned = learn.learn(texts, args.min_documents, args.min_share)
    if not learned.documents:
        return error(f"no documents found in {', '.join(map(display, args.files))}; nothing learned, nothing written")
    try:
        if args.output == "-":
            learn.write_list(learned, sys.stdout, args.min_documents, args.min_share)
            sys.stdout.flush()
        else:
            with open(args.output, "w", encoding="utf-8") as out:
                learn.write_list(learned, out, args.min_documents, args.min_share)
    except BrokenPipeError:
        return _quiet_exit_on_closed_output()
    except OSError as exc:
        return error(f"{args.output}: cannot write the list: {exc.strerror or exc}")
    sys.stderr.write(f"cleantext learn: {len(learned.entries)} lines from {learned.documents} documents\n")
    return EXIT_ERROR if problems else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["learn"]:
            return _main_learn(argv[1:])
        if argv[:1] == ["report"]:
            return main_report(argv[1:])
        return _main(argv)
    except BrokenPipeError:
        return _quiet_exit_on_closed_output()


def _main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_rules or args.list_formats:
        (_list_rules if args.list_rules else _list_formats)(args.format, sys.stdout)
        sys.stdout.flush()
        return EXIT_OK
    _check_flags(parser, args)
    try:
        jobs_and_settings = jobs_of(args)
    except ConfigError as exc:
        return error(str(exc))
    if args.show_settings:
        _show_settings(jobs_and_settings, sys.stdout)
        return EXIT_OK
    return _run_and_report(args, [job for job, _ in jobs_and_settings])


def _check_flags(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse flags that contradict each other (``parser.error`` exits), and settle ``args.input_format``."""
    if args.show_settings:
        args.files = args.files or ["."]
    if not args.files:
        parser.error("no PATH given (use '-' for standard input)")
    if args.in_place and (args.check or args.diff):
        parser.error("--in-place cannot be combined with --check or --diff")
    if args.in_place and STDIN in args.files:
        parser.error("--in-place cannot rewrite standard input")
    if args.output_dir is not None and (args.in_place or args.check or args.diff):
        parser.error("--output-dir writes cleaned copies; it cannot be combined with --in-place, --check or --diff")
    if args.output_dir is not None and STDIN in args.files:
        parser.error("--output-dir takes files and folders, not standard input (redirect the output instead)")
    check_jobs(parser, args)
    settle_input_format(parser, args)
    if args.diff and args.output_format != "text":
        parser.error("--diff prints a patch; it cannot be combined with --output-format " + args.output_format)


def _mode_of(args: argparse.Namespace) -> Mode:
    report_only = args.output_format != "text" or args.statistics
    return Mode(
        print_text=not (args.check or args.diff or args.explain or args.in_place or args.output_dir or report_only),
        check=args.check,
        diff=args.diff,
        explain=args.explain,
        in_place=args.in_place,
        output_dir=args.output_dir,
        output_format=args.output_format,
        statistics=args.statistics,
        policy=WritePolicy(follow_links=args.follow_links, skip_hardlinked=args.skip_hardlinked),
    )


def _run_and_report(args: argparse.Namespace, jobs: list[Job]) -> int:
    mode = _mode_of(args)
    # A bar redrawn on the terminal that also shows findings or text would garble them.
    quiet_stdout = (args.in_place or args.output_dir) and not args.explain and args.output_format == "text"
    progress = progress_for(args, jobs, quiet_stdout)
    output = Output(args.output_format, args.statistics, sys.stdout.buffer, progress, quiet=args.quiet)
    return execute(args, jobs, mode, output)
