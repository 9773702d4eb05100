"""The inputs the main process reads itself: shards, large text files and standard input.

A shard (JSONL, Parquet, WARC) is read and written here chunk by chunk
while the workers clean the chunks, in order. A text too large to hold is
cleaned section by section (``cleantext.stream``), read twice, its output
written as it is made; standard input is spooled to a temporary file once
it is large. Either way a rewrite is put in place only when the input was
read through and something changed (a copy, always).
"""

from __future__ import annotations

import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterator

from cleantext import formats, tasks
from cleantext.config import Config, UserPatternError
from cleantext.discovery import STDIN, display
from cleantext.pool import Executor, stop_requested
from cleantext.reading import InputError, Stamp, cannot_read, open_binary, read_lines
from cleantext.report import FileReport, Location, Output, encode
from cleantext.rewrite import Rewrite
from cleantext.stream import Piece, clean_stream
from cleantext.tasks import ChunkTask, Mode, clean_chunk, clean_document, failed_chunk, review_sample


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


def clean_shard(
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
            rewrite = Rewrite(path, stamp, mode.policy, destination, not shard.compresses_itself, mode.output_dir)
            if rewrite.notice:
                report.notice(rewrite.notice)
            shard.start_writing(rewrite)
        failed = _clean_chunks(
            shard, (fmt.name, name, config_index), report, mode, executor, output, rewrite is not None
        )
        if rewrite is not None and not failed:
            shard.finish_writing()
        completed = _end_of_shard(report, failed)
    except InputError as exc:
        report.fail(str(exc))
    finally:
        shard.close()
        _finish_rewrite(rewrite, report, keep=completed and _worth_writing(report, destination))
    return report


def _clean_chunks(
    shard: formats.Shard,
    names: tuple[str, str, int],
    report: FileReport,
    mode: Mode,
    executor: Executor,
    output: Output,
    writing: bool,
) -> bool:
    """Hand a shard's chunks to the workers; print, write and report what comes back, in order.

    ``names``: the format's, the shard's and the config's index, as a chunk's task names them.
    Returns whether a chunk failed.
    """
    failed = False
    stored_bytes: deque[int] = deque()

    def chunk_tasks() -> Iterator[ChunkTask]:
        for chunk in shard.chunks():
            stored_bytes.append(chunk.stored_bytes)
            yield names[0], names[1], chunk, names[2]

    for part, piece in executor.map(clean_chunk, chunk_tasks(), failed_chunk):
        failed = failed or part.error
        report.merge(part)
        output.progress.advance(stored_bytes.popleft(), part.documents)
        for findings in part.stdout:
            output.findings(findings)
        if mode.print_text:
            for block in shard.printable(piece):
                output.text(block)
        if writing:
            shard.write(piece)
    return failed


def _put_out(piece: Piece, location: Location, mode: Mode, output: Output, rewrite: Rewrite | None) -> None:
    """A piece of a large text as it is made: its findings, and its text printed or written."""
    output.findings(encode(mode.findings(location, piece.removals)))
    if mode.print_text:
        output.text(piece.text.encode("utf-8"))
    if rewrite is not None:
        rewrite.write(piece.text.encode("utf-8"))


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

    streamed = review_sample(report, mode.review).streamed(str(location)) if mode.review is not None else None

    def stoppable() -> Iterator[list[tuple[str, str]]]:
        for block in open_lines() if streamed is None else streamed.read(open_lines()):
            if stop_requested():  # in either pass: a stop request acts within a block
                raise _Stopped
            yield block

    try:
        if mode.in_place or destination is not None:
            rewrite = Rewrite(path, stamp, policy=mode.policy, destination=destination, within=mode.output_dir)
        for piece in clean_stream(stoppable, config):
            report.removed_by_code.update(r.code for r in piece.removals)
            if streamed is not None:
                streamed.add(piece.removals, piece.text)
            _put_out(piece, location, mode, output, rewrite)
        if stamp is not None and Stamp.of(path) != stamp:
            raise InputError("changed while being read; left as it is")
        if streamed is not None:
            streamed.done()
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


def clean_large_text_file(path: str, destination: str | None, config: Config, mode: Mode, output: Output) -> FileReport:
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


def clean_stdin_text(config: Config, mode: Mode, output: Output, fmt: formats.Format) -> FileReport:
    """Standard input: spooled to a temporary file once it is large, then read twice like a large file."""
    with tempfile.SpooledTemporaryFile(max_size=tasks.STREAM_MIN_BYTES) as spool:
        while block := sys.stdin.buffer.read(1 << 20):
            spool.write(block)
        size = spool.tell()
        spool.seek(0)
        if mode.diff and size > tasks.DIFF_MAX_BYTES:
            return FileReport("<stdin>", fmt.name, input_bytes=size).fail(tasks.too_large_to_diff())
        if fmt is not formats.TEXT or size < tasks.STREAM_MIN_BYTES or mode.diff:  # a diff needs it whole
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
        cleaned = clean_document(text, Location(report.path, extracted=fmt.extracted), config, mode, report)
    except (InputError, UserPatternError) as exc:
        return report.fail(str(exc))
    if mode.print_text:
        report.stdout.append(cleaned.encode("utf-8"))
    return report
