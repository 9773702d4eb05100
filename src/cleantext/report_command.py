"""``cleantext report``: clean inputs as the command would, write nothing back, and make the review page."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from cleantext import command
from cleantext.config import ConfigError
from cleantext.discovery import display
from cleantext.reading import InputError
from cleantext.review import ReviewSettings
from cleantext.review_page import PageFacts, ReviewOutput
from cleantext.rules import REGISTRY
from cleantext.runner import Job
from cleantext.tasks import Mode


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext report",
        allow_abbrev=False,
        description="Clean the inputs as 'cleantext' would, change nothing, and write one self-contained HTML "
        "page of what the cleaning removes: counts per rule set and rule, sampled removals in context, and "
        "sampled documents, with filters and a search.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="PATH", help="text files, folders or shards; '-' reads standard input"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the page to write ('-': standard output)"
    )
    sampling = parser.add_argument_group("sampling (the counts are always over the whole input)")
    for flag, default, what in (
        ("--samples", ReviewSettings.examples_per_rule, "removals shown per rule"),
        ("--documents", ReviewSettings.documents, "whole documents shown"),
        ("--seed", ReviewSettings.seed, "another seed gives another sample"),
    ):
        sampling.add_argument(flag, type=int, default=default, metavar="N", help=f"{what} (default: %(default)s)")
    command.add_rule_options(parser.add_argument_group("which rules run"))  # type: ignore[arg-type]
    command.add_input_options(parser.add_argument_group("inputs"))  # type: ignore[arg-type]
    command.add_running_options(parser.add_argument_group("running"))  # type: ignore[arg-type]
    return parser


def _describe(job: Job) -> str:
    """One line of the settings a page was made with."""
    config = job.config
    parts = [f"text: {config.text}"] + ([f"cut: {config.cut}"] if config.text != "extract" else [])
    if job.default_text:
        parts[0] += f" ({command.whole_page_formats()} files, whole pages: page)"
    parts.append(f"select: {', '.join(config.select)}")
    if config.ignore:
        parts.append(f"ignore: {', '.join(config.ignore)}")
    if config.preview:
        parts.append("preview rules on")
    if config.boilerplate:
        parts.append(f"{len(config.boilerplate)} learned lines")
    parts.append(f"{len(config.enabled_codes)} of {len(REGISTRY)} rules enabled")
    return "; ".join(parts)


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    command.check_jobs(parser, args)
    for name in ("samples", "documents"):
        if getattr(args, name) < 0:
            parser.error(f"--{name} cannot be negative")
    command.settle_input_format(parser, args)
    folder = os.path.dirname(os.path.abspath(args.output))
    if args.output != "-" and not os.path.isdir(folder):
        parser.error(f"-o {args.output}: no folder {display(folder)} to write it in")


def main_report(argv: Sequence[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    try:
        jobs = [job for job, _ in command.jobs_of(args)]
    except ConfigError as exc:
        return command.error(str(exc))
    settings = ReviewSettings(seed=args.seed, examples_per_rule=args.samples, documents=args.documents)
    facts = PageFacts(
        inputs=tuple(map(display, args.files)),
        settings=tuple(dict.fromkeys(_describe(job) for job in jobs)),
    )
    to_stdout = args.output == "-"
    progress = command.progress_for(args, jobs, quiet_stdout=not to_stdout)
    output = ReviewOutput(args.output, sys.stdout.buffer, progress, args.quiet, facts, settings)
    try:
        status = command.execute(args, jobs, Mode(review=settings), output)
    except InputError as exc:
        return command.error(f"{args.output}: {exc}")
    if not args.quiet and not to_stdout and output.summary is not None:
        summary = output.summary
        sys.stderr.write(
            f"cleantext report: wrote {display(args.output)} ({output.size / 1e6:.2f} MB): {summary['files']} files, "
            f"{summary['documents']} documents, {sum(summary['removed'].values())} lines removed\n"
        )
    return status
