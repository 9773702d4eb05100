"""Running the cleaner over many inputs: in order, in parallel, with reports.

Text files and HTML pages are cleaned sixteen per task; shards (JSONL,
Parquet, WARC: see ``cleantext.formats``) are read in the main process and
cleaned in chunks of documents. Either way results come back in input order
whatever the number of worker processes, so output and reports do not depend
on ``-j``. A task that raises, or whose worker dies (the out-of-memory
killer), becomes an error report for its files; the run goes on.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import itertools
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cleantext import copies, formats
from cleantext.config import Config, UserPatternError
from cleantext.discovery import STDIN, Selection, Skipped, discover, display
from cleantext.engine import Removal, clean_and_explain, split_lines
from cleantext.pool import Executor, clear_stop, stop_requested
from cleantext.reading import InputError, Stamp, TooLarge, cannot_read, open_binary, read_bytes
from cleantext.report import FileReport, Location, Output, encode, render_removals
from cleantext.rewrite import Rewrite, WritePolicy, remove_stale_temporary_files, write_atomically
from cleantext.stream import clean_stream, read_lines, text_blocks

#: Documents at least this large are cleaned section by section (see
#: ``cleantext.stream``), so that memory follows the section, not the
#: document: text files and standard input by reading them twice, in the main
#: process, writing as they go; a JSONL record from its text in memory.
#: Smaller ones are cleaned whole, which is faster.
STREAM_MIN_BYTES = 4 << 20
#: Files handed to a worker at a time: one message per file would cost about as
#: much as cleaning a small file.
FILES_PER_TASK = 16


@dataclass(frozen=True)
class Mode:
    """What to do with each document, and how to report it."""

    print_text: bool = False
    check: bool = False
    diff: bool = False
    explain: bool = False
    in_place: bool = False
    #: Write cleaned copies under this folder instead (``--output-dir``); inputs are not touched.
    output_dir: str | None = None
    output_format: str = "text"
    statistics: bool = False
    policy: WritePolicy = dataclasses.field(default_factory=WritePolicy)

    def findings(self, location: Location, removals: Sequence[Removal]) -> str:
        if self.statistics:
            return ""
        return render_removals(location, removals, self.output_format, self.check, self.explain)


@dataclass(frozen=True)
class Job:
    """One named input with the settings that govern it."""

    path: str
    config: Config
    selection: Selection = dataclasses.field(default_factory=Selection)
    field: str = "text"
    #: Read every input in this format (a ``formats`` name), whatever its name: for standard input.
    input_format: str | None = None


def _diff_lines(text: str) -> list[str]:
    """Lines with their endings, split only at ``\\n`` as the cleaner splits them."""
    return [content + ending for content, ending in split_lines(text)]


def render_diff(location: Location, original: str, cleaned: str) -> str:
    """A unified diff that ``patch`` and ``git apply`` take, with no-newline markers where they belong."""
    lines = []
    # An absolute path is labelled as git labels it (a/tmp/x.txt), so that git apply run from the
    # root takes the patch as it takes one of a relative path.
    name = str(location).lstrip("/")
    for line in difflib.unified_diff(
        _diff_lines(original), _diff_lines(cleaned), fromfile=f"a/{name}", tofile=f"b/{name}"
    ):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


# ---- worker side --------------------------------------------------------------

_WORKER_STATE: dict[str, Any] = {}


def _init_worker(configs: Sequence[Config], mode: Mode) -> None:
    # Configs travel once per worker, not once per task: a learned
    # boilerplate list can be large.
    _WORKER_STATE["configs"] = configs
    _WORKER_STATE["mode"] = mode


class Interrupted(Exception):
    """The run was asked to stop; every file is either untouched or completely rewritten."""


#: A file to clean in a worker: its format's name, its path, its config's index, and where its
#: copy goes (``--output-dir``).
FileTask = tuple[str, str, int, str | None]


def _clean_document(text: str, location: Location, config: Config, mode: Mode, report: FileReport) -> str:
    """Clean one document; its counts and findings go to ``report``. Returns the cleaned text.

    Raises UserPatternError when a user pattern runs too long on it.
    """
    if len(text) < STREAM_MIN_BYTES:
        result = clean_and_explain(text, config)
        cleaned, removed = result.text, Counter(r.code for r in result.removals)
        findings = mode.findings(location, result.removals)
    else:  # section by section, keeping of each section's removals only its findings and counts
        parts, removed, rendered = [], Counter[str](), []
        for piece in clean_stream(lambda: text_blocks(text), config):
            parts.append(piece.text)
            removed.update(r.code for r in piece.removals)
            rendered.append(mode.findings(location, piece.removals))
        cleaned, findings = "".join(parts), "".join(rendered)
    report.count(removed, cleaned != text)
    if mode.diff and cleaned != text:
        findings += render_diff(location, text, cleaned)
    if findings:
        report.stdout.append(encode(findings))
    return cleaned


def _clean_file(task: FileTask) -> FileReport:
    """A file that is one document: read whole, cleaned, and written back if it changed (or copied)."""
    format_name, path, config_index, destination = task
    fmt = formats.by_name(format_name)
    config, mode = _WORKER_STATE["configs"][config_index], _WORKER_STATE["mode"]
    report = FileReport(display(path), fmt.name)
    if mode.in_place and fmt.extracted:
        return report.fail(f"{fmt.name.upper()} is not rewritten in place (the result is text); left as it is")
    # Large text is streamed by the main process; a diff needs both versions whole.
    streamed = fmt is formats.TEXT and not mode.diff
    try:
        data, stamp = read_bytes(path, limit=STREAM_MIN_BYTES if streamed else None)
    except TooLarge:  # a compressed file that holds more than its size said: the main process streams it
        report.too_large = path
        return report
    except InputError as exc:
        return report.fail(str(exc))
    try:
        report.input_bytes = len(data)
        text = formats.module_of(fmt).document(data)
        cleaned = _clean_document(text, Location(report.path, extracted=fmt.extracted), config, mode, report)
        if mode.print_text:
            report.stdout.append(cleaned.encode("utf-8"))
        if destination is not None:  # a complete cleaned corpus: unchanged files are copied too
            copy = cleaned.encode("utf-8") if cleaned != text or fmt.extracted else data
            write_atomically(path, copy, destination=destination, compress=not fmt.extracted, within=mode.output_dir)
        if mode.in_place and cleaned != text:
            notice = write_atomically(path, cleaned.encode("utf-8"), stamp, mode.policy)
            if notice:
                report.notice(notice)
            report.rewritten = True
    except (InputError, UserPatternError) as exc:
        return report.fail(str(exc))
    return report


#: A chunk of a shard to clean in a worker: the shard's format and name, the chunk, and the config's index.
ChunkTask = tuple[str, str, formats.Chunk, int]


def _clean_chunk(task: ChunkTask) -> tuple[FileReport, Any]:
    """Consecutive documents of a shard: their counts, findings and problems, and the piece to write.

    Parsing and re-encoding happen here, in the worker, so that the main
    process only reads and writes.
    """
    format_name, name, chunk, config_index = task
    fmt = formats.by_name(format_name)
    module = formats.module_of(fmt)
    config: Config = _WORKER_STATE["configs"][config_index]
    mode: Mode = _WORKER_STATE["mode"]
    part = FileReport(name, fmt.name, input_bytes=chunk.size, unit=fmt.unit)
    try:
        docs = module.documents(chunk)
    except InputError as exc:  # a record cut short: the shard is not written
        return part.fail(str(exc)), module.passed_through(chunk)
    cleaned: list[str | None] = []
    for doc in docs:
        if doc.problem:
            part.record_errors.append((doc.number, f"{doc.problem}; passed through unchanged"))
        new = None
        if doc.text is not None:
            try:
                new = _clean_document(doc.text, Location(name, doc.number, uri=doc.uri), config, mode, part)
            except UserPatternError as exc:
                part.record_errors.append((doc.number, f"{exc}; passed through unchanged"))
        cleaned.append(None if new == doc.text else new)
    return part, module.rebuild(chunk, docs, cleaned)


def _failed_chunk(task: ChunkTask, message: str) -> tuple[FileReport, Any]:
    """A chunk whose task failed: its documents go out as they came, and its shard is not rewritten."""
    format_name, name, chunk, _ = task
    module = formats.module_of(formats.by_name(format_name))
    return FileReport(name, format_name).fail(message), module.passed_through(chunk)


def _clean_shard(
    fmt: formats.Format,
    field: str,
    config_index: int,
    path: str,
    destination: str | None,
    mode: Mode,
    executor: Executor,
    output: Output,
) -> FileReport:
    """A file of many documents, chunk by chunk: the workers clean, this process reads and writes in order."""
    name = display(path)
    report = FileReport(name, fmt.name, unit=fmt.unit)
    try:
        shard = formats.module_of(fmt).open_shard(path, field)
    except InputError as exc:
        return report.fail(str(exc))
    except OSError as exc:
        return report.fail(exc.strerror or str(exc))
    try:
        stamp = None if path == STDIN else Stamp.of(path)
    except OSError as exc:
        shard.close()
        return report.fail(exc.strerror or str(exc))
    rewrite: Rewrite | None = None
    completed = False
    try:
        if mode.in_place or destination is not None:
            rewrite = Rewrite(
                path,
                stamp,
                policy=mode.policy,
                destination=destination,
                compress=not shard.compresses_itself,
                within=mode.output_dir,
            )
            if rewrite.notice:
                report.notice(rewrite.notice)
            shard.start_writing(rewrite)
        failed = False
        stored_bytes: deque[int] = deque()

        def tasks() -> Iterator[ChunkTask]:
            for chunk in shard.chunks():
                stored_bytes.append(chunk.stored_bytes)
                yield fmt.name, name, chunk, config_index

        for part, piece in executor.map(_clean_chunk, tasks(), _failed_chunk):
            failed = failed or part.error
            report.merge(part)
            output.progress.advance(stored_bytes.popleft(), part.documents)
            for findings in part.stdout:
                output.findings(findings)
            if mode.print_text:
                for block in shard.printable(piece):
                    output.text(block)
            if rewrite is not None:
                shard.write(piece)
        if rewrite is not None and not failed:
            shard.finish_writing()
        completed = _end_of_shard(report, failed)
    except InputError as exc:
        report.fail(str(exc))
    finally:
        shard.close()
        _finish_rewrite(rewrite, report, keep=completed and _worth_writing(report, destination))
    return report


# ---- orchestration -----------------------------------------------------------


def _failed_file(task: FileTask, message: str) -> FileReport:
    format_name, path, _, _ = task
    return FileReport(display(path), format_name).fail(message)


def _format_of_kind(kind: str) -> formats.Format:
    return formats.TEXT if kind == "large-text" else formats.by_name(kind)


def _end_of_shard(report: FileReport, failed: bool) -> bool:
    """After a shard's last chunk: count what was not reported one by one; whether it was read through."""
    report.close_records()
    report.interrupted = stop_requested()
    return not report.interrupted and not failed


def _worth_writing(report: FileReport, destination: str | None) -> bool:
    """A copy is written whole even when nothing changed; the file itself only when something did."""
    return bool(report.changed_documents) or destination is not None


def _finish_rewrite(rewrite: Rewrite | None, report: FileReport, keep: bool) -> None:
    """Put the new version in place if ``keep``, else drop it; on failure the file stays as it was."""
    if rewrite is None:
        return
    if not keep:
        rewrite.discard()
        return
    try:
        lost = rewrite.commit()
    except InputError as exc:
        report.fail(str(exc))
        return
    if lost:
        report.notice(lost)
    report.rewritten = rewrite.replaces_input


class _Stopped(Exception):
    """A stop request reached a document being read in two passes."""


def _clean_large_text(
    path: str,
    open_lines: Callable[[], Iterator[list[tuple[str, str]]]],
    stamp: Stamp | None,
    config: Config,
    mode: Mode,
    output: Output,
    destination: str | None = None,
) -> FileReport:
    """A text too large to hold: read twice (``open_lines``), output written as it is made."""
    report = FileReport(display(path), "text")
    location = Location(report.path)
    rewrite: Rewrite | None = None

    def stoppable() -> Iterator[list[tuple[str, str]]]:
        for block in open_lines():
            if stop_requested():  # in either pass: a stop request acts within a block
                raise _Stopped
            yield block

    try:
        if mode.in_place or destination is not None:
            rewrite = Rewrite(path, stamp, policy=mode.policy, destination=destination, within=mode.output_dir)
        for piece in clean_stream(stoppable, config):
            report.removed_by_code.update(r.code for r in piece.removals)
            output.findings(encode(mode.findings(location, piece.removals)))
            if mode.print_text:
                output.text(piece.text.encode("utf-8"))
            if rewrite is not None:
                rewrite.write(piece.text.encode("utf-8"))
        if stamp is not None and Stamp.of(path) != stamp:
            raise InputError("changed while being read; left as it is")
    except _Stopped:
        report.interrupted = True
    except (InputError, UserPatternError) as exc:
        report.fail(str(exc))
    except BrokenPipeError:  # the reader of standard output went away, not the file: the run ends
        if rewrite is not None:
            rewrite.discard()
        raise
    except OSError as exc:
        report.fail(str(cannot_read(exc)))
    report.documents = 1
    report.changed_documents = int(bool(report.removed_by_code))
    keep = _worth_writing(report, destination) and not report.interrupted and not report.error
    _finish_rewrite(rewrite, report, keep=keep)
    return report


def _clean_large_text_file(
    path: str, destination: str | None, config: Config, mode: Mode, output: Output
) -> FileReport:
    try:
        stamp = Stamp.of(path)
    except OSError as exc:
        return FileReport(display(path), "text").fail(exc.strerror or str(exc))

    def open_lines() -> Iterator[list[tuple[str, str]]]:
        with open_binary(path) as handle:
            yield from read_lines(handle)

    report = _clean_large_text(path, open_lines, stamp, config, mode, output, destination)
    report.input_bytes = stamp.size
    return report


def _clean_stdin_text(config: Config, mode: Mode, output: Output, fmt: formats.Format) -> FileReport:
    """Standard input: spooled to a temporary file once it is large, then read twice like a large file."""
    with tempfile.SpooledTemporaryFile(max_size=STREAM_MIN_BYTES) as spool:
        while block := sys.stdin.buffer.read(1 << 20):
            spool.write(block)
        size = spool.tell()
        spool.seek(0)
        if fmt is not formats.TEXT or size < STREAM_MIN_BYTES:
            return _clean_stdin_whole(spool.read(), config, mode, fmt)

        def open_lines() -> Iterator[list[tuple[str, str]]]:
            spool.seek(0)
            yield from read_lines(spool)

        report = _clean_large_text(STDIN, open_lines, None, config, mode, output)
        report.input_bytes = size
        return report


def _clean_stdin_whole(data: bytes, config: Config, mode: Mode, fmt: formats.Format) -> FileReport:
    report = FileReport("<stdin>", fmt.name, input_bytes=len(data))
    try:
        text = formats.module_of(fmt).document(data)
        cleaned = _clean_document(text, Location(report.path, extracted=fmt.extracted), config, mode, report)
    except (InputError, UserPatternError) as exc:
        return report.fail(str(exc))
    if mode.print_text:
        report.stdout.append(cleaned.encode("utf-8"))
    return report


def input_kind(job: Job, path: str) -> str:
    """How an input is read: its format's name ("text", "jsonl", ...), or "large-text" for text to stream."""
    fmt = formats.by_name(job.input_format) if job.input_format else formats.format_of(path)
    if fmt is not formats.TEXT:
        return fmt.name
    try:
        large = path != STDIN and os.path.isfile(path) and os.path.getsize(path) >= STREAM_MIN_BYTES
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
    configs = list(dict.fromkeys(job.config for job in jobs))
    executor = Executor(workers, _init_worker, (configs, mode))
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
            index = configs.index(job.config)
            paths = _files(job, seen, result, output, mode)
            for kind, group in itertools.groupby(paths, key=lambda p: input_kind(job, p)):
                group_reports: Iterator[FileReport]
                fmt = _format_of_kind(kind)
                where = functools.partial(_destination, layout, job.path, fmt=fmt)
                if fmt.is_shard:
                    group_reports = (
                        _clean_shard(fmt, job.field, index, path, where(path), mode, executor, output) for path in group
                    )
                elif job.path == STDIN:  # read here: workers have no standard input
                    group_reports = iter([_clean_stdin_text(job.config, mode, output, fmt)])
                elif kind == "large-text" and not mode.diff:  # a diff needs both versions whole
                    group_reports = (
                        _clean_large_text_file(path, where(path), job.config, mode, output) for path in group
                    )
                else:
                    tasks = ((fmt.name, path, index, where(path)) for path in group)
                    group_reports = executor.map(_clean_file, tasks, _failed_file, FILES_PER_TASK)
                for report in group_reports:
                    if report.too_large is not None:  # a worker found a compressed file holding a large text
                        path = report.too_large
                        report = _clean_large_text_file(path, where(path), job.config, mode, output)
                    if report.interrupted:
                        raise Interrupted
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
                    output.progress.advance(
                        0 if streamed else report.input_bytes, 0 if streamed else report.documents, 1
                    )
                    report.stdout = []
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
