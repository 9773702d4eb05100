"""Running the cleaner over many inputs: which files, in which order, done how, reported in order.

Text files and HTML pages are cleaned sixteen per task by the workers
(``cleantext.tasks``, through ``cleantext.pool``); shards, large text and
standard input are read by the main process (``cleantext.flows``), their
documents cleaned by the workers chunk by chunk. Either way results come
back in input order whatever the number of worker processes, so output and
reports do not depend on ``-j``. A task that raises, or whose worker dies
(the out-of-memory killer), becomes an error report for its files; the run
goes on.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from cleantext import copies, formats, tasks
from cleantext.config import Config
from cleantext.discovery import STDIN, Selection, Skipped, discover, display
from cleantext.flows import clean_large_text_file, clean_shard, clean_stdin_text
from cleantext.matcher import prepare_scan_caches
from cleantext.pool import Executor, clear_stop, stop_requested
from cleantext.reading import InputError, read_bytes
from cleantext.report import FileReport, Output
from cleantext.rewrite import remove_stale_temporary_files
from cleantext.tasks import Mode, clean_file, failed_file, init_worker

#: Files handed to a worker at a time: one message per file would cost about as
#: much as cleaning a small file.
FILES_PER_TASK = 16


@dataclass(frozen=True)
class Job:
    """One named input with the settings that govern it."""

    path: str
    config: Config
    selection: Selection = dataclasses.field(default_factory=Selection)
    field: str = "text"
    #: Read every input in this format (a ``formats`` name), whatever its name: for standard input.
    input_format: str | None = None
    #: No kind of text was chosen (``config.text`` is the default): the files of a whole-page format
    #: (WARC/WET) are then cleaned in page mode, the rest as ``config`` says.
    default_text: bool = False

    def config_for(self, fmt: formats.Format) -> Config:
        """The config a file of format ``fmt`` is cleaned with."""
        if self.default_text and fmt.whole_pages:
            return dataclasses.replace(self.config, text="page")
        return self.config


class Interrupted(Exception):
    """The run was asked to stop; every file is either untouched or completely rewritten."""


def _format_of_kind(kind: str) -> formats.Format:
    return formats.TEXT if kind == "large-text" else formats.by_name(kind)


def input_kind(job: Job, path: str) -> str:
    """How an input is read: its format's name ("text", "jsonl", ...), or "large-text" for text to stream."""
    fmt = formats.by_name(job.input_format) if job.input_format else formats.format_of(path)
    if fmt is not formats.TEXT:
        return fmt.name
    try:
        large = path != STDIN and os.path.isfile(path) and os.path.getsize(path) >= tasks.STREAM_MIN_BYTES
    except OSError:  # reported when the file is read
        large = False
    return "large-text" if large else "text"


def documents(job: Job, report: Callable[[str, bool], None]) -> Iterator[str]:
    """Every document under a job's input: text files whole, each document of a shard, HTML as text.

    What cannot be read (an error) and what discovery passes over (a notice)
    is said through ``report(message, is_error)``.
    """
    for path in discover(job.path, job.selection):
        if isinstance(path, Skipped):
            report(f"cleantext: {display(path.path)}: {path.reason}", False)
            continue
        fmt = _format_of_kind(input_kind(job, path))
        module = formats.module_of(fmt)
        try:
            if fmt.is_shard:
                shard = module.open_shard(path, job.field)
                try:
                    for chunk in shard.chunks():
                        yield from (doc.text for doc in module.documents(chunk) if doc.text is not None)
                finally:
                    shard.close()
            else:
                yield module.document(read_bytes(path)[0])
        except InputError as exc:
            report(f"cleantext: {display(path)}: {exc}; skipped", True)


@dataclass
class RunResult:
    reports: list[FileReport]
    #: Named inputs that gave no file to clean (an empty folder, every file excluded), with why.
    empty_inputs: list[str]
    notices: list[str]


def _discovered(job: Job, mode: Mode) -> Iterator[str | Skipped]:
    """What discovery finds under a job's input, less the files under the ``--output-dir`` folder.

    Those are never inputs, even when the output folder lies inside an input folder.
    """
    for path in discover(job.path, job.selection):
        if mode.output_dir is None or isinstance(path, Skipped) or not copies.inside(path, mode.output_dir):
            yield path


def _is_repeat(path: str, seen: set[str] | None) -> bool:
    """Whether an earlier job took ``path`` already (``seen``: None when there is one job)."""
    if seen is None:
        return False
    key = os.path.abspath(path) if path != STDIN else path
    if key in seen:
        return True
    seen.add(key)
    return False


def _check_copies(jobs: Sequence[Job], mode: Mode) -> list[str]:
    """Check every copy of an ``--output-dir`` run before any is written (see ``cleantext.copies``)."""
    assert mode.output_dir is not None
    layout = copies.Layout(mode.output_dir, several=len(jobs) > 1)

    def inputs() -> Iterator[tuple[str, str, formats.Format]]:
        seen: set[str] | None = set() if len(jobs) > 1 else None
        for job in jobs:
            for path in _discovered(job, mode):
                if not isinstance(path, Skipped) and not _is_repeat(path, seen):
                    yield job.path, path, _format_of_kind(input_kind(job, path))

    return copies.check(layout, [job.path for job in jobs], inputs)


def _files(job: Job, seen: set[str] | None, result: RunResult, output: Output, mode: Mode) -> Iterator[str]:
    """The files of one job; what is passed over is said as it is met. ``seen`` drops repeats across jobs."""
    found = 0
    skipped = 0
    folders: set[str] = set()
    for path in _discovered(job, mode):
        if isinstance(path, Skipped):
            skipped += 1
            message = f"cleantext: {display(path.path)}: {path.reason}"
            result.notices.append(message)
            output.progress.message(message)
            continue
        found += 1
        if _is_repeat(path, seen):
            continue
        if mode.in_place and path != STDIN:
            folder = os.path.dirname(path) or "."
            if folder not in folders:
                folders.add(folder)
                _remove_stale_temporary_files(folder, result, output)
        yield path
    if not found and not (skipped and not os.path.isdir(job.path)):
        result.empty_inputs.append(job.path)


def _remove_stale_temporary_files(folder: str, result: RunResult, output: Output) -> None:
    for message in remove_stale_temporary_files(folder):
        result.notices.append(message)
        output.progress.message(message)


def _destination(layout: copies.Layout | None, named: str, path: str, fmt: formats.Format) -> str | None:
    return None if layout is None else layout.destination(named, path, fmt)


def run(jobs: Sequence[Job], mode: Mode, workers: int, output: Output) -> RunResult:
    """Clean every input of every job; write output and messages in input order."""
    clear_stop()
    configs = list(dict.fromkeys(job.config_for(fmt) for job in jobs for fmt in formats.FORMATS))
    if workers > 1:  # before the workers fork: they take the database from the cache when it is built
        prepare_scan_caches(configs)
    executor = Executor(workers, init_worker, (configs, mode))
    result = RunResult([], [], [])
    layout = copies.Layout(mode.output_dir, several=len(jobs) > 1) if mode.output_dir else None
    if mode.output_dir is not None:
        for message in _check_copies(jobs, mode):
            result.notices.append(message)
            output.progress.message(message)
    seen: set[str] | None = set() if len(jobs) > 1 else None
    ended_without_newline = False  # the last printed text did not end its last line
    try:
        for job in jobs:
            paths = _files(job, seen, result, output, mode)
            for kind, group in itertools.groupby(paths, key=lambda p: input_kind(job, p)):
                fmt = _format_of_kind(kind)
                where = functools.partial(_destination, layout, job.path, fmt=fmt)
                config_index = configs.index(job.config_for(fmt))
                for report in _reports(kind, group, job, config_index, where, mode, executor, output):
                    if report.too_large is not None:  # a worker found a compressed file holding a large text
                        path = report.too_large
                        report = clean_large_text_file(path, where(path), job.config, mode, output)
                    if report.interrupted:
                        raise Interrupted
                    ended_without_newline = _print(report, mode, output, ended_without_newline)
                    result.reports.append(report)
        if stop_requested():
            raise Interrupted
    except Interrupted:
        executor.close()
        raise
    except BaseException:
        executor.close(abort=True)
        raise
    executor.close()
    return result


def _reports(
    kind: str,
    group: Iterable[str],
    job: Job,
    index: int,
    where: Callable[[str], str | None],
    mode: Mode,
    executor: Executor,
    output: Output,
) -> Iterator[FileReport]:
    """The reports of a run of inputs of one kind, cleaned the way that kind is (``index``: the job's config)."""
    fmt = _format_of_kind(kind)
    if fmt.is_shard:
        return (clean_shard(fmt, job.field, index, path, where(path), mode, executor, output) for path in group)
    if job.path == STDIN:  # read here: workers have no standard input
        return iter([clean_stdin_text(job.config, mode, output, fmt)])
    if kind == "large-text" and not mode.diff:  # a diff needs both versions whole
        return (clean_large_text_file(path, where(path), job.config, mode, output) for path in group)
    tasks = ((fmt.name, path, index, where(path)) for path in group)
    return executor.map(clean_file, tasks, failed_file, FILES_PER_TASK)


def _print(report: FileReport, mode: Mode, output: Output, ended_without_newline: bool) -> bool:
    """Print what a report holds for standard output, and count it; whether the last text ended its last line."""
    for chunk in report.stdout:
        if not mode.print_text:
            output.findings(chunk)
            continue
        if ended_without_newline and chunk:  # texts printed one after another stay apart
            output.text(b"\n")
        output.text(chunk)
        ended_without_newline = bool(chunk) and not chunk.endswith(b"\n")
    output.file_done(report)
    streamed = _format_of_kind(report.kind).is_shard  # a shard's progress is counted chunk by chunk
    output.progress.advance(0 if streamed else report.input_bytes, 0 if streamed else report.documents, 1)
    report.stdout = []
    return ended_without_newline
