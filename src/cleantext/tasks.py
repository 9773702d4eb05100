"""What a worker does with a task: a batch of whole files, or a chunk of a shard's documents.

Each document is cleaned, counted and rendered for the report here, in the
worker (findings, ``--diff``), so that the main process only reads, writes
and prints. A worker's state (the configs and the mode) is set once per
worker by ``init_worker``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cleantext import formats
from cleantext.config import Config, UserPatternError
from cleantext.discovery import display
from cleantext.document import Removal
from cleantext.engine import clean_and_explain, is_whole_page
from cleantext.reading import InputError, TooLarge, read_bytes
from cleantext.report import FileReport, Location, encode, render_diff, render_removals
from cleantext.review import Floor, ReviewSample, ReviewSettings
from cleantext.rewrite import WritePolicy, write_atomically
from cleantext.stream import clean_stream, text_blocks

#: Documents at least this large are cleaned section by section (see
#: ``cleantext.stream``), so that memory follows the section, not the
#: document: text files and standard input by reading them twice, in the main
#: process, writing as they go; a JSONL record from its text in memory.
#: Smaller ones are cleaned whole, which is faster.
STREAM_MIN_BYTES = 4 << 20
#: ``--diff`` needs a document's two versions whole, so it takes none larger than this (as a JSONL
#: record may be no larger): the command reports it and goes on, instead of holding a bomb.
DIFF_MAX_BYTES = 64 << 20


def too_large_to_diff() -> str:
    return f"too large to diff (over {DIFF_MAX_BYTES >> 20} MB of text); --check lists its removals"


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
    #: ``cleantext report``: sample removals and documents for the review page; nothing is printed.
    review: ReviewSettings | None = None

    def findings(self, location: Location, removals: Sequence[Removal]) -> str:
        if self.statistics or self.review is not None:
            return ""
        return render_removals(location, removals, self.output_format, self.check, self.explain)


_WORKER_STATE: dict[str, Any] = {}


def init_worker(configs: Sequence[Config], mode: Mode) -> None:
    # Configs travel once per worker, not once per task: a learned
    # boilerplate list can be large.
    _WORKER_STATE["configs"] = configs
    _WORKER_STATE["mode"] = mode
    # The run's floor (``review.Floor``): made anew with each run, so that no run sees another's.
    _WORKER_STATE["review_floor"] = Floor(mode.review) if mode.review is not None else None


#: A file to clean in a worker: its format's name, its path, its config's index, and where its
#: copy goes (``--output-dir``).
FileTask = tuple[str, str, int, str | None]


def clean_document(text: str, location: Location, config: Config, mode: Mode, report: FileReport) -> str:
    """Clean one document; its counts and findings go to ``report``. Returns the cleaned text.

    Raises UserPatternError when a user pattern runs too long on it.
    """
    if len(text) < STREAM_MIN_BYTES:
        result = clean_and_explain(text, config)
        cleaned, removed = result.text, Counter(r.code for r in result.removals)
        findings = mode.findings(location, result.removals)
        if mode.review is not None:
            page = functools.partial(_cleaned_as_page, text, config)
            review_sample(report, mode.review).add_document(str(location), text, cleaned, result.removals, page)
    else:  # section by section, keeping of each section's removals only its findings and counts
        parts, removed, rendered = [], Counter[str](), []
        streamed = review_sample(report, mode.review).streamed(str(location)) if mode.review is not None else None
        blocks = (lambda: text_blocks(text)) if streamed is None else (lambda: streamed.read(text_blocks(text)))
        for piece in clean_stream(blocks, config):
            parts.append(piece.text)
            removed.update(r.code for r in piece.removals)
            rendered.append(mode.findings(location, piece.removals))
            if streamed is not None:
                streamed.add(piece.removals, piece.text)
        cleaned, findings = "".join(parts), "".join(rendered)
        if streamed is not None:
            streamed.done()
    report.count(removed, cleaned != text)
    if mode.diff and cleaned != text:
        findings += render_diff(location, text, cleaned)
    if findings:
        report.stdout.append(encode(findings))
    return cleaned


def review_sample(report: FileReport, settings: ReviewSettings) -> ReviewSample:
    """The report's review sample, with this process's floor for the run."""
    return report.sample(settings, _WORKER_STATE.get("review_floor"))


def _cleaned_as_page(text: str, config: Config) -> bool:
    """Whether ``text`` was cleaned in page mode (for the review page, which shades its article blocks)."""
    return config.text == "page" or (config.text == "auto" and is_whole_page(text, config))


def clean_file(task: FileTask) -> FileReport:
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
        data, stamp = read_bytes(path, limit=STREAM_MIN_BYTES if streamed else DIFF_MAX_BYTES if mode.diff else None)
    except TooLarge:  # more than its size said (compressed): the main process streams it, or it is no diff
        if mode.diff:
            return report.fail(too_large_to_diff())
        report.too_large = path
        return report
    except InputError as exc:
        return report.fail(str(exc))
    try:
        report.input_bytes = stamp.size if stamp is not None else len(data)  # as stored, as the bar's total
        text = formats.module_of(fmt).document(data)
        cleaned = clean_document(text, Location(report.path, extracted=fmt.extracted), config, mode, report)
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


def failed_file(task: FileTask, message: str) -> FileReport:
    format_name, path, _, _ = task
    return FileReport(display(path), format_name).fail(message)


#: A chunk of a shard to clean in a worker: the shard's format and name, the chunk, and the config's index.
ChunkTask = tuple[str, str, formats.Chunk, int]


def clean_chunk(task: ChunkTask) -> tuple[FileReport, Any]:
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
                new = clean_document(doc.text, Location(name, doc.number, uri=doc.uri), config, mode, part)
            except UserPatternError as exc:
                part.record_errors.append((doc.number, f"{exc}; passed through unchanged"))
        cleaned.append(None if new == doc.text else new)
    return part, module.rebuild(chunk, docs, cleaned)


def failed_chunk(task: ChunkTask, message: str) -> tuple[FileReport, Any]:
    """A chunk whose task failed: its documents go out as they came, and its shard is not rewritten."""
    format_name, name, chunk, _ = task
    module = formats.module_of(formats.by_name(format_name))
    return FileReport(name, format_name).fail(message), module.passed_through(chunk)
