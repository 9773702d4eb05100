"""What the command's subcommands share: their common options, settings per input, and a run with its exit code.

``cleantext`` (``cleantext.cli``) and ``cleantext report``
(``cleantext.report_command``) read the same inputs with the same settings
and run them the same way; only what they make of the run differs.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cleantext import cache, configfile, formats, learn
from cleantext.config import CUT_NAMES, TEXT_KINDS
from cleantext.copies import PlanError
from cleantext.discovery import STDIN, Selection, discover, display
from cleantext.pool import request_stop
from cleantext.report import Output, Progress
from cleantext.runner import Interrupted, Job, RunResult, run
from cleantext.tasks import Mode

EXIT_OK = 0
EXIT_JUNK_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
#: As a program killed by SIGPIPE would end (128 + 13): the reader of standard output went away.
EXIT_OUTPUT_CLOSED = 141


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _globs(value: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in value.split(",") if g.strip())


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include",
        type=_globs,
        metavar="GLOBS",
        help=f"files a folder contributes (default: {formats.default_include_words()})",
    )
    parser.add_argument("--exclude", type=_globs, metavar="GLOBS", help="files to leave out")
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude to files named on the command line too (for pre-commit)",
    )
    parser.add_argument("--field", metavar="NAME", help="the JSONL field holding the text (default: text)")
    parser.add_argument(
        "--input-format",
        choices=[fmt.name for fmt in formats.FORMATS],
        help="read inputs in this format whatever their names (for '-'; see --list-formats)",
    )
    parser.add_argument("--jsonl", action="store_true", help="the same as --input-format jsonl")
    parser.add_argument("--html", action="store_true", help="the same as --input-format html")
    parser.add_argument(
        "--config", metavar="PATH", help="settings file (default: cleantext.toml or pyproject.toml found upward)"
    )


def add_running_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: all cores)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on standard error")


def check_jobs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")


def whole_page_formats() -> str:
    """The formats whose files are whole pages, cleaned in page mode unless a kind of text is chosen."""
    return ", ".join(fmt.name.upper() for fmt in formats.FORMATS if fmt.whole_pages)


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--select", type=_codes, metavar="CODES", help="rule codes or sets to run, replacing the settings' selection"
    )
    parser.add_argument("--extend-select", type=_codes, metavar="CODES", help="rule codes or sets to run as well")
    parser.add_argument(
        "--ignore", type=_codes, metavar="CODES", help="rule codes or sets to skip, added to the settings' ignore"
    )
    parser.add_argument("--extend-ignore", type=_codes, metavar="CODES", help="the same as --ignore")
    parser.add_argument("--preview", action="store_true", default=None, help="also run rules whose status is preview")
    parser.add_argument("--boilerplate", metavar="FILE", help="also remove the lines listed by 'cleantext learn'")
    parser.add_argument(
        "--text",
        choices=TEXT_KINDS,
        default=None,
        help="what the documents are: extract (extractor output; the default), page (whole-page text: only "
        "the article blocks stay), auto (page for the documents that look like whole pages)",
    )
    parser.add_argument(
        "--cut", choices=CUT_NAMES, default=None, help="how hard page mode cuts (default: balanced; see the README)"
    )


def _flags(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags give, by the settings file's key names (None: not given)."""
    return {key: getattr(args, key.replace("-", "_"), None) for key in configfile.KEYS}


def _job(
    path: str,
    args: argparse.Namespace,
    load: Callable[[Path], configfile.FileSettings],
    read_boilerplate: Callable[[str], frozenset[str]],
) -> tuple[Job, configfile.Layered]:
    """The settings for one named input: its settings file, overridden or extended by flags."""
    found = Path(args.config) if args.config else configfile.find(path if path != STDIN else ".")
    settings = configfile.Layered(load(found) if found else configfile.FileSettings(), _flags(args))
    # `cleantext learn` has no rule flags: it reads documents, and runs no rule.
    config = settings.config(read_boilerplate, rules=hasattr(args, "select"))
    selection = Selection(
        include=tuple(settings.pick("include", ())),
        exclude=tuple(settings.pick("exclude", ())),
        base=str(settings.file.source.parent) if settings.file.source else None,
        force_exclude=bool(args.force_exclude),
        default_include=formats.default_include(),
    )
    job = Job(
        path=path,
        config=config,
        selection=selection,
        field=settings.pick("field", "text"),
        input_format=args.input_format,
        default_text=settings.sources.get("text") == "default",
    )
    return job, settings


def jobs_of(args: argparse.Namespace) -> list[tuple[Job, configfile.Layered]]:
    """One job per named input; each settings file and boilerplate list is read once, however many name it."""
    load = functools.cache(configfile.load)
    read_boilerplate = functools.cache(learn.load_list)
    return [_job(path, args, load, read_boilerplate) for path in args.files]


def error(message: str) -> int:
    sys.stderr.write(f"cleantext: error: {message}\n")
    return EXIT_ERROR


def _stop_gracefully(signum: int, frame: object) -> None:
    # Finish the files in hand, start no new ones: every file ends up either
    # untouched or completely rewritten, and no temporary file is left.
    request_stop()


def input_bytes(jobs: Sequence[Job]) -> int | None:
    """The size of every file the jobs will read, for the progress bar's ETA; None with standard input."""
    total = 0
    for job in jobs:
        for path in discover(job.path, job.selection):
            if path == STDIN:
                return None
            if isinstance(path, str):
                try:
                    total += os.path.getsize(path)
                except OSError:
                    continue  # reported when it is read
    return total


def settle_input_format(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Set ``args.input_format`` from --input-format, --jsonl or --html; refuse two different ones."""
    named = [name for name, given in (("jsonl", args.jsonl), ("html", args.html)) if given]
    if args.input_format:
        named.append(args.input_format)
    if len(set(named)) > 1:
        parser.error("--input-format, --jsonl and --html name one format; they exclude each other")
    args.input_format = named[0] if named else None


def progress_for(args: argparse.Namespace, jobs: Sequence[Job], quiet_stdout: bool) -> Progress:
    """The progress bar: on a terminal, unless -q, and not where it would garble what standard output shows."""
    show_bar = not args.quiet and sys.stderr.isatty() and (quiet_stdout or not sys.stdout.isatty())
    return Progress(show_bar, sys.stderr, input_bytes(jobs) if show_bar else None)


def execute(args: argparse.Namespace, jobs: list[Job], mode: Mode, output: Output) -> int:
    """Run the jobs (a stop request finishes the files in hand) and write the closing report; the exit code."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_gracefully)
        signal.signal(signal.SIGINT, _stop_gracefully)
    progress = output.progress
    # One plain file is not worth starting worker processes for; a shard of many documents is.
    single_file = (
        len(args.files) == 1 and os.path.isfile(args.files[0]) and not formats.format_of(args.files[0]).is_shard
    )
    workers = 1 if single_file else args.jobs
    try:
        with cache.for_one_run() as warning:
            if warning:
                progress.message(warning)
            result = run(jobs, mode, workers, output)
    except PlanError as exc:
        progress.close()
        return error(f"--output-dir: {exc}")
    except Interrupted:
        progress.close()
        sys.stderr.write("cleantext: stopped; every file is either as it was or completely cleaned\n")
        return EXIT_INTERRUPTED
    finally:
        progress.close()
    for path in result.empty_inputs:
        include = ", ".join(jobs[0].selection.include) or formats.default_include_words()
        sys.stderr.write(f"cleantext: {display(path)}: no files to clean (looked for {include}; see --include)\n")
    output.finish(result.reports, result.notices)
    return _exit_code(result, mode)


def _exit_code(result: RunResult, mode: Mode) -> int:
    if result.empty_inputs or any(r.error for r in result.reports):
        return EXIT_ERROR
    if mode.check and any(r.removed_by_code for r in result.reports):
        return EXIT_JUNK_FOUND
    return EXIT_OK
