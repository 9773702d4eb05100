"""Running the cleaner over many inputs: in order, in parallel, with reports.

Text files and HTML pages are cleaned one per task; JSONL shards are streamed in chunks of
records. Either way results come back in input order whatever the number of
worker processes, so output and reports do not depend on ``-j``.
"""

from __future__ import annotations

import difflib
import gzip
import itertools
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from cleantext.config import Config
from cleantext.corpus import (
    STDIN,
    InputError,
    Rewrite,
    Stamp,
    decode_text,
    discover,
    is_html,
    is_jsonl,
    open_binary,
    read_bytes,
    read_records,
    replace_field,
    write_atomically,
)
from cleantext.engine import Explanation, Removal, clean_and_explain
from cleantext.html import extract_text
from cleantext.rule import rule_set_of
from cleantext.stream import clean_stream, read_lines

#: Records per task when a JSONL shard is cleaned: large enough to amortise
#: the hand-over to a worker, small enough to keep memory flat.
JSONL_CHUNK_RECORDS = 512
#: A task also ends once its records hold this many bytes, so that memory
#: stays bounded by bytes in flight however large the records are.
JSONL_CHUNK_BYTES = 2_000_000
#: Tasks in flight per worker; bounds memory while keeping workers busy.
TASKS_PER_WORKER = 4
#: Text files at least this large are cleaned section by section in the main
#: process, writing as they go (see ``cleantext.stream``): memory does not
#: grow with the file. Smaller ones are read whole, which is faster.
STREAM_MIN_BYTES = 64 << 20
#: Files handed to a worker at a time: one message per file would cost about as
#: much as cleaning a small file.
FILES_PER_TASK = 16

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Mode:
    """What to do with each document; every mode renders the same Explanation."""

    print_text: bool = False
    check: bool = False
    diff: bool = False
    explain: bool = False
    in_place: bool = False


@dataclass(frozen=True)
class Job:
    """One named input with the settings that govern it."""

    path: str
    config: Config
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    field: str = "text"
    jsonl: bool = False  # read every input as JSONL, whatever its name (for standard input)
    html: bool = False  # read every input as HTML, whatever its name


@dataclass
class FileReport:
    path: str
    kind: str  # "text" or "jsonl"
    documents: int = 0
    changed_documents: int = 0
    removed_by_code: Counter[str] = field(default_factory=Counter)
    stdout: list[bytes] = field(default_factory=list)  # for text files: what to print, in order
    stderr: list[str] = field(default_factory=list)
    error: bool = False
    rewritten: bool = False
    interrupted: bool = False  # a JSONL shard left unfinished (and so unchanged) by a stop request

    def fail(self, problem: str) -> FileReport:
        """Record a problem with this file (it is left as it was) and return the report."""
        self.stderr.append(f"cleantext: {self.path}: {problem}")
        self.error = True
        return self

    def count(self, result: Explanation, original: str) -> None:
        self.documents += 1
        self.changed_documents += result.text != original
        self.removed_by_code.update(r.code for r in result.removals)

    def merge(self, part: FileReport) -> None:
        """Add the counts and messages of a part of this file (a chunk of a JSONL shard)."""
        self.documents += part.documents
        self.changed_documents += part.changed_documents
        self.removed_by_code.update(part.removed_by_code)
        self.stderr += part.stderr

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "documents": self.documents,
            "changed_documents": self.changed_documents,
            "rewritten": self.rewritten,
            "error": self.error,
            "removed": dict(sorted(self.removed_by_code.items())),
        }


def render_removals(location: str, removals: Sequence[Removal], mode: Mode) -> list[str]:
    """The check and explain lines for some removals."""
    lines: list[str] = []
    if mode.check:
        lines += [f"{location}:{r.line_number}: {r.code} {r.name}\n" for r in removals]
    if mode.explain:
        lines += [f"{location}:{r.line_number}: {r.code} {r.name}: {r.reason}: {r.line!r}\n" for r in removals]
    return lines


def render_findings(location: str, result: Explanation, original: str, mode: Mode) -> bytes:
    """The check, explain and diff lines for one document."""
    lines = render_removals(location, result.removals, mode)
    if mode.diff and result.text != original:
        diff = list(
            difflib.unified_diff(
                original.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{location}",
                tofile=f"b/{location}",
            )
        )
        if diff and not diff[-1].endswith("\n"):
            diff[-1] += "\n\\ No newline at end of file\n"
        lines += diff
    return "".join(lines).encode("utf-8")


# ---- worker side --------------------------------------------------------------

_WORKER_STATE: dict[str, Any] = {}


def _init_worker(configs: Sequence[Config], mode: Mode) -> None:
    # Configs travel once per worker, not once per task: a learned
    # boilerplate list can be large.
    _WORKER_STATE["configs"] = configs
    _WORKER_STATE["mode"] = mode


def _init_pool_worker(configs: Sequence[Config], mode: Mode) -> None:
    _init_worker(configs, mode)
    # A worker finishes the task it has; stopping is the main process's call
    # (see request_stop), so a signal to the whole process group never cuts a
    # task, or the pool's bookkeeping, in half.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Interrupted(Exception):
    """The run was asked to stop; every file is either untouched or completely rewritten."""


_STOP = threading.Event()


def request_stop() -> None:
    """Ask a run in progress to stop after the tasks already handed out (safe from a signal handler)."""
    _STOP.set()


def _display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _task_context(task: tuple[str, int], kind: str) -> tuple[str, Config, Mode, FileReport]:
    path, config_index = task
    return path, _WORKER_STATE["configs"][config_index], _WORKER_STATE["mode"], FileReport(_display_name(path), kind)


def _clean_text_file(task: tuple[str, int]) -> FileReport:
    path, config, mode, report = _task_context(task, "text")
    try:
        data, stamp = read_bytes(path)
        text = decode_text(data)
    except InputError as exc:
        return report.fail(str(exc))
    result = _clean_whole(text, config, mode, report)
    if mode.in_place and result.text != text:
        try:
            write_atomically(path, result.text.encode("utf-8"), stamp)
        except InputError as exc:
            return report.fail(str(exc))
        except OSError as exc:
            return report.fail(f"cannot rewrite: {exc.strerror or exc}")
        report.rewritten = True
    return report


def _clean_large_text_file(path: str, config: Config, mode: Mode, out: IO[bytes]) -> FileReport:
    """A text file too large to read whole: two passes over it, output written as it is made."""
    report = FileReport(path, "text")
    try:
        stamp = Stamp.of(path)
        rewrite = Rewrite(path, stamp) if mode.in_place else None
    except InputError as exc:
        return report.fail(str(exc))
    except OSError as exc:
        return report.fail(exc.strerror or str(exc))

    def open_lines() -> Iterator[list[tuple[str, str]]]:
        with open(path, "rb") as handle:
            yield from read_lines(handle)

    try:
        for piece in clean_stream(open_lines, config):
            if _STOP.is_set():
                report.interrupted = True
                break
            report.removed_by_code.update(r.code for r in piece.removals)
            out.write("".join(render_removals(path, piece.removals, mode)).encode("utf-8"))
            if mode.print_text:
                out.write(piece.text.encode("utf-8"))
            if rewrite is not None:
                rewrite.out.write(piece.text.encode("utf-8"))
        if Stamp.of(path) != stamp:
            raise InputError("changed while being read; left as it is")
    except (InputError, OSError) as exc:
        _finish_rewrite(rewrite, report, keep=False)
        return report.fail(str(exc) if isinstance(exc, InputError) else f"cannot read: {exc.strerror or exc}")
    report.documents = 1
    report.changed_documents = int(bool(report.removed_by_code))
    _finish_rewrite(rewrite, report, keep=bool(report.changed_documents) and not report.interrupted)
    return report


def _finish_rewrite(rewrite: Rewrite | None, report: FileReport, keep: bool) -> None:
    """Put the new version in place if ``keep``, else drop it; on failure the file stays as it was."""
    if rewrite is None:
        return
    if not keep:
        rewrite.discard()
        return
    try:
        rewrite.commit()
    except InputError as exc:
        report.fail(str(exc))
        return
    report.rewritten = True


def _clean_html_file(task: tuple[str, int]) -> FileReport:
    """An HTML page: its extracted text, cleaned. The page itself is never rewritten."""
    path, config, mode, report = _task_context(task, "html")
    if mode.in_place:
        return report.fail("HTML is not rewritten in place (the result is text); left as it is")
    try:
        data, _ = read_bytes(path)
    except InputError as exc:
        return report.fail(str(exc))
    _clean_whole(extract_text(data), config, mode, report)
    return report


def _clean_document(text: str, location: str, config: Config, mode: Mode, report: FileReport) -> Explanation:
    """Clean one document; its counts and findings go to ``report``."""
    result = clean_and_explain(text, config)
    report.count(result, text)
    report.stdout.append(render_findings(location, result, text, mode))
    return result


def _clean_whole(text: str, config: Config, mode: Mode, report: FileReport) -> Explanation:
    """Clean one file's text as a single document; its counts, findings and text go to ``report``."""
    result = _clean_document(text, report.path, config, mode, report)
    if mode.print_text:
        report.stdout.append(result.text.encode("utf-8"))
    return result


def _clean_jsonl_chunk(task: tuple[str, int, list[bytes], str, int]) -> tuple[FileReport, bytes]:
    """Consecutive lines of a shard: their counts, findings and messages, and the lines to write.

    Parsing and re-encoding happen here, in the worker, so that the main
    process only reads and writes bytes.
    """
    name, first_number, lines, field, config_index = task
    config: Config = _WORKER_STATE["configs"][config_index]
    mode: Mode = _WORKER_STATE["mode"]
    part = FileReport(name, "jsonl")
    out: list[bytes] = []
    for record in read_records(lines, field, first_number):
        line = record.raw
        if record.problem:
            part.stderr.append(f"cleantext: {name}:{record.number}: {record.problem}; passed through unchanged")
        if record.text is not None:
            result = _clean_document(record.text, f"{name}:{record.number}", config, mode, part)
            if result.text != record.text:
                line = replace_field(record.raw, field, result.text, record.parsed)
        out.append(line)
    return part, b"".join(out)


# ---- orchestration -----------------------------------------------------------


def _map_batch(func: Callable[[T], R], tasks: list[T]) -> list[R]:
    return [func(task) for task in tasks]


class _Executor:
    """Maps a function over tasks in order, in this process or in a pool of workers."""

    def __init__(self, jobs: int, configs: Sequence[Config], mode: Mode) -> None:
        self.jobs = jobs
        _init_worker(configs, mode)
        self.pool = (
            multiprocessing.get_context("fork").Pool(jobs, initializer=_init_pool_worker, initargs=(configs, mode))
            if jobs > 1
            else None
        )

    def map(self, func: Callable[[T], R], tasks: Iterable[T], per_message: int = 1) -> Iterator[R]:
        """``func`` over ``tasks``, results in task order; a worker gets ``per_message`` tasks at a time."""
        if self.pool is None:
            for task in tasks:
                if _STOP.is_set():
                    return
                yield func(task)
            return
        window = self.jobs * TASKS_PER_WORKER
        pending: deque[Any] = deque()
        tasks = iter(tasks)
        while batch := list(itertools.islice(tasks, per_message)):
            if _STOP.is_set():
                break
            pending.append(self.pool.apply_async(_map_batch, (func, batch)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self, abort: bool = False) -> None:
        if self.pool is None:
            return
        if abort:  # tasks may be in flight: waiting for them could hang
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


def _chunked(lines: Iterable[bytes]) -> Iterator[list[bytes]]:
    """Consecutive lines, at most JSONL_CHUNK_RECORDS or about JSONL_CHUNK_BYTES at a time."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if len(chunk) >= JSONL_CHUNK_RECORDS or size >= JSONL_CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _clean_jsonl(job: Job, config_index: int, path: str, mode: Mode, executor: _Executor, out: IO[bytes]) -> FileReport:
    name = _display_name(path)
    report = FileReport(name, "jsonl")
    rewrite: Rewrite | None = None
    try:
        stamp = None if path == STDIN else Stamp.of(path)
        rewrite = Rewrite(path, stamp, compress=path.lower().endswith(".gz")) if mode.in_place else None
        handle = open_binary(path)
    except (InputError, OSError) as exc:
        _finish_rewrite(rewrite, report, keep=False)  # a file that cannot be opened leaves no temporary one
        return report.fail(str(exc) if isinstance(exc, InputError) else exc.strerror or str(exc))

    def tasks() -> Iterator[tuple[str, int, list[bytes], str, int]]:
        first_number = 1
        for chunk in _chunked(handle):
            yield name, first_number, chunk, job.field, config_index
            first_number += len(chunk)

    completed = False
    try:
        for part, lines in executor.map(_clean_jsonl_chunk, tasks()):
            report.merge(part)
            for findings in part.stdout:
                out.write(findings)
            if mode.print_text:
                out.write(lines)
            if rewrite is not None:
                rewrite.out.write(lines)
        completed = not _STOP.is_set()
        report.interrupted = not completed
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        report.fail(f"cannot read: {exc}; left as it is")
    finally:
        handle.close()
        _finish_rewrite(rewrite, report, keep=completed and bool(report.changed_documents))
    return report


class Progress:
    """A one-line progress count on standard error, redrawn at most ten times a second.

    Shown only when there is more than one document to count.
    """

    def __init__(self, enabled: bool, stream: IO[str]) -> None:
        self.enabled = enabled
        self.stream = stream
        self.files = 0
        self.documents = 0
        self._last = 0.0

    def advance(self, report: FileReport) -> None:
        self.files += 1
        self.documents += report.documents
        now = time.monotonic()
        if self.enabled and self.documents > 1 and now - self._last > 0.1:
            self._last = now
            self.stream.write(f"\rcleantext: {self.files} files, {self.documents} documents")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.documents > 1:
            self.stream.write(f"\rcleantext: {self.files} files, {self.documents} documents\n")


def input_kind(job: Job, path: str) -> str:
    """How an input is read: "jsonl", "html", "large-text" (streamed) or "text"."""
    if job.jsonl or is_jsonl(path):
        return "jsonl"
    if job.html or is_html(path):
        return "html"
    try:
        large = path != STDIN and os.path.isfile(path) and os.path.getsize(path) >= STREAM_MIN_BYTES
    except OSError:  # reported when the file is read
        large = False
    return "large-text" if large else "text"


def documents(job: Job, err: IO[str]) -> Iterator[str]:
    """Every document under a job's input: text files whole, JSONL records one by one, HTML as text.

    A file that cannot be read is reported on ``err`` and skipped.
    """
    for path in discover([job.path], job.include, job.exclude):
        kind = input_kind(job, path)
        try:
            if kind == "jsonl":
                with open_binary(path) as handle:
                    yield from (r.text for r in read_records(handle, job.field) if r.text is not None)
            elif kind == "html":
                yield extract_text(read_bytes(path)[0])
            else:
                yield decode_text(read_bytes(path)[0])
        except (InputError, OSError) as exc:
            err.write(f"cleantext: {path}: {exc}; skipped\n")


def run(
    jobs: Sequence[Job],
    mode: Mode,
    workers: int,
    out: IO[bytes],
    err: IO[str],
    progress: Progress,
    quiet: bool = False,
) -> list[FileReport]:
    """Clean every input of every job; write output and messages in input order.

    Each rewritten file is announced as ``Fixing FILE`` unless ``quiet``.
    """
    _STOP.clear()
    configs = list(dict.fromkeys(job.config for job in jobs))
    executor = _Executor(workers, configs, mode)
    reports: list[FileReport] = []
    try:
        for job in jobs:
            index = configs.index(job.config)
            paths = discover([job.path], job.include, job.exclude)
            for kind, group in itertools.groupby(paths, key=lambda p: input_kind(job, p)):
                group_reports: Iterator[FileReport]
                if kind == "jsonl":
                    group_reports = (_clean_jsonl(job, index, path, mode, executor, out) for path in group)
                elif kind == "large-text" and not mode.diff:  # a diff needs both versions whole
                    group_reports = (_clean_large_text_file(path, job.config, mode, out) for path in group)
                else:
                    clean_file = _clean_html_file if kind == "html" else _clean_text_file
                    tasks = ((path, index) for path in group)
                    if job.path == STDIN:  # read here: workers have no standard input
                        group_reports = map(clean_file, tasks)
                    else:
                        group_reports = executor.map(clean_file, tasks, FILES_PER_TASK)
                for report in group_reports:
                    if report.interrupted:
                        raise Interrupted
                    for chunk in report.stdout:
                        out.write(chunk)
                    out.flush()
                    for message in report.stderr:
                        err.write(message + "\n")
                    if report.rewritten and not quiet:
                        err.write(f"Fixing {report.path}\n")
                    progress.advance(report)
                    report.stdout = []
                    reports.append(report)
        if _STOP.is_set():
            raise Interrupted
    except Interrupted:
        executor.close()
        progress.done()
        raise
    except BaseException:
        executor.close(abort=True)
        raise
    executor.close()
    progress.done()
    return reports


def summary_line(reports: Sequence[FileReport]) -> str:
    by_set: Counter[str] = Counter()
    for report in reports:
        for code, n in report.removed_by_code.items():
            by_set[rule_set_of(code)] += n
    files = len(reports)
    changed = sum(1 for r in reports if r.changed_documents)
    documents = sum(r.documents for r in reports)
    changed_docs = sum(r.changed_documents for r in reports)
    detail = ", ".join(f"{s} {n}" for s, n in sorted(by_set.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = sum(by_set.values())
    return (
        f"cleantext: {files} files ({changed} with junk), {documents} documents ({changed_docs} changed), "
        f"{lines} lines removed" + (f": {detail}" if detail else "")
    )


def json_report(reports: Sequence[FileReport]) -> str:
    total: Counter[str] = Counter()
    for report in reports:
        total.update(report.removed_by_code)
    document = {
        "files": [r.as_json() for r in reports],
        "summary": {
            "files": len(reports),
            "files_with_junk": sum(1 for r in reports if r.changed_documents),
            "documents": sum(r.documents for r in reports),
            "changed_documents": sum(r.changed_documents for r in reports),
            "errors": sum(1 for r in reports if r.error),
            "removed": dict(sorted(total.items())),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
