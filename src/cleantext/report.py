"""What a run prints: findings in each output format, per-file reports, the summary and the progress bar.

Findings (check and explain lines, JSON rows, annotations) are rendered in
the workers, where the removals are; this module also holds what the main
process prints around them, so that each output format lives in one place.

Formats: ``text`` (lines for people), ``json`` (one JSON document on
standard output, streamed: removals first, then a row per file and the
summary), ``jsonl`` (a JSON object per line: removals, errors, then a
summary), ``github`` (GitHub Actions workflow annotations).
"""

from __future__ import annotations

import difflib
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from cleantext.document import Removal, split_lines
from cleantext.rule import rule_set_of
from cleantext.rules import REGISTRY

if TYPE_CHECKING:
    from cleantext.review import Floor, ReviewSample, ReviewSettings

FORMATS = ("text", "json", "jsonl", "github")
#: Record problems of one shard reported one by one; the rest are counted.
MAX_RECORD_MESSAGES = 10


@dataclass(frozen=True)
class Location:
    """Where a document stands: its file, its record in a shard, and whether lines are of extracted text.

    A WARC record is also named by its URI: ``crawl.warc.gz:7[https://example.com/a]``.
    """

    path: str  # as displayed
    record: int | None = None  # a shard's line (JSONL), row (Parquet) or record (WARC), from 1
    extracted: bool = False  # an HTML page: line numbers are those of the text extracted from it
    uri: str | None = None  # a WARC record's WARC-Target-URI

    def __str__(self) -> str:
        return (
            self.path
            + (f":{self.record}" if self.record is not None else "")
            + (f"[{self.uri}]" if self.uri is not None else "")
            + (":extracted" if self.extracted else "")
        )


@dataclass
class FileReport:
    """One input file's counts and messages; a shard's chunks are merged into one."""

    path: str  # as displayed
    kind: str  # "text", "html", or a shard's format: "jsonl", "parquet", "warc"
    documents: int = 0
    changed_documents: int = 0
    removed_by_code: Counter[str] = field(default_factory=Counter)
    stdout: list[bytes] = field(default_factory=list)  # what to print, in order
    errors: list[str] = field(default_factory=list)  # problems, each also in ``messages``
    messages: list[str] = field(default_factory=list)  # lines for standard error, in order
    record_errors: list[tuple[int, str]] = field(default_factory=list)  # a chunk's problem records: line, problem
    record_problems: int = 0  # records of a shard passed through because of a problem
    rewritten: bool = False
    interrupted: bool = False  # left unfinished (and so unchanged) by a stop request
    #: The path of a compressed text file too large to clean whole in a worker: the main process streams it.
    too_large: str | None = None
    input_bytes: int = 0  # bytes of input read, for the progress bar
    unit: str = "line"  # what a shard's record is called in its messages: "line", "row", "record"
    review: ReviewSample | None = None  # ``cleantext report``: what the review page samples of this file

    def sample(self, settings: ReviewSettings, floor: Floor | None = None) -> ReviewSample:
        """This file's review sample, begun on first use (in a worker, with the worker's floor)."""
        if self.review is None:
            from cleantext.review import ReviewSample

            self.review = ReviewSample(settings, floor=floor)
        return self.review

    @property
    def error(self) -> bool:
        return bool(self.errors)

    def fail(self, problem: str, line: int | None = None) -> FileReport:
        """Record a problem with this file (or with one ``line`` of a shard) and return the report."""
        self.errors.append(problem if line is None else f"{self.unit} {line}: {problem}")
        self.messages.append(f"cleantext: {self.path}{'' if line is None else f':{line}'}: {problem}")
        return self

    def notice(self, text: str) -> None:
        self.messages.append(f"cleantext: {self.path}: {text}")

    def count(self, removed_by_code: Counter[str], changed: bool) -> None:
        """One more document, with its removals counted per rule code."""
        self.documents += 1
        self.changed_documents += changed
        self.removed_by_code.update(removed_by_code)

    def merge(self, part: FileReport) -> None:
        """Add the counts and messages of a part of this file (a chunk of a JSONL shard)."""
        self.documents += part.documents
        self.changed_documents += part.changed_documents
        self.removed_by_code.update(part.removed_by_code)
        self.input_bytes += part.input_bytes
        self.errors += part.errors
        self.messages += part.messages
        if part.review is not None:
            self.sample(part.review.settings).merge(part.review)
        for line, problem in part.record_errors:
            self.record_problems += 1
            if self.record_problems <= MAX_RECORD_MESSAGES:
                self.fail(problem, line)

    def close_records(self) -> None:
        """After a shard's last chunk: count the record problems that were not reported one by one."""
        hidden = self.record_problems - MAX_RECORD_MESSAGES
        if hidden > 0:
            self.fail(f"{hidden} more records passed through unchanged (the first {MAX_RECORD_MESSAGES} are above)")

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "documents": self.documents,
            "changed_documents": self.changed_documents,
            "rewritten": self.rewritten,
            "errors": self.errors,
            "removed": dict(sorted(self.removed_by_code.items())),
        }


# ---- findings, rendered in the workers ------------------------------------------


def removal_row(location: Location, removal: Removal) -> dict[str, Any]:
    return {
        "path": location.path,
        "record": location.record,
        "uri": location.uri,
        "line": removal.line_number,
        "extracted": location.extracted,
        "code": removal.code,
        "name": removal.name,
        "rule_set": rule_set_of(removal.code),
        "reason": removal.reason,
        "text": removal.line,
    }


def _escape_annotation(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def _annotation(location: Location, removal: Removal) -> str:
    props = [f"file={_escape_annotation(location.path, True)}"]
    # A shard's record is a line of the file; a page's extracted text has no line in it.
    line = location.record if location.record is not None else None if location.extracted else removal.line_number
    if line is not None:
        props.append(f"line={line}")
    props.append(f"title={_escape_annotation(f'cleantext {removal.code} {removal.name}', True)}")
    return f"::warning {','.join(props)}::{_escape_annotation(f'{removal.reason}: {removal.line!r}')}"


def render_removals(location: Location, removals: Sequence[Removal], fmt: str, check: bool, explain: bool) -> str:
    """The findings for some removals of one document, in ``fmt``."""
    if not removals:
        return ""
    if fmt in ("json", "jsonl"):
        return "".join(json.dumps(removal_row(location, r), ensure_ascii=False) + "\n" for r in removals)
    if fmt == "github":
        return "".join(_annotation(location, r) + "\n" for r in removals)
    lines: list[str] = []
    if check:
        lines += [f"{location}:{r.line_number}: {r.code} {r.name}\n" for r in removals]
    if explain:
        lines += [f"{location}:{r.line_number}: {r.code} {r.name}: {r.reason}: {r.line!r}\n" for r in removals]
    return "".join(lines)


def encode(text: str) -> bytes:
    """Output bytes for rendered text; a lone surrogate (from a JSON escape) is shown escaped."""
    return text.encode("utf-8", "backslashreplace")


# ---- the main process's side ----------------------------------------------------


class Progress:
    """A progress bar on standard error (tqdm): bytes with rate and ETA, documents and files as they come.

    tqdm is the well-kept choice for a bar that other messages print above
    (``tqdm.write``) and that tolerates an unknown total. Off when standard
    error is not a terminal, or with -q.
    """

    def __init__(self, enabled: bool, stream: IO[str], total_bytes: int | None = None) -> None:
        self.stream = stream
        self.bar: Any = None
        self.files = 0
        self.documents = 0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                file=stream,
                desc="cleantext",
                leave=False,
                dynamic_ncols=True,
                mininterval=0.2,
            )

    def message(self, text: str) -> None:
        """Print a line on standard error, above the bar if there is one."""
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")

    def advance(self, input_bytes: int, documents: int, files: int = 0) -> None:
        self.files += files
        self.documents += documents
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.files} files, {self.documents} documents", refresh=False)
            self.bar.update(input_bytes)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class WholeWrites:
    """A raw binary stream, written chunk by chunk, every chunk whole.

    Python run unbuffered (``python -u``, or ``PYTHONUNBUFFERED=1`` as container
    images often set it) gives raw standard output, whose ``write`` may take only
    part of a large chunk, when a signal interrupts it or its reader goes away,
    and returns how much it took. The rest is written here: nothing is lost, and
    a reader that went away ends the run as ``BrokenPipeError``, as it does when
    Python buffers.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            # None: a non-blocking stream took nothing this time; try again until its reader has read.
            view = view[self.raw.write(view) or 0 :]
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


class Output:
    """Writes a run's findings, messages and closing report in the chosen format."""

    def __init__(self, fmt: str, statistics: bool, out: IO[bytes], progress: Progress, quiet: bool) -> None:
        self.fmt = fmt
        self.statistics = statistics
        self.out: IO[bytes] | WholeWrites = WholeWrites(out) if isinstance(out, io.RawIOBase) else out
        self.progress = progress
        self.quiet = quiet
        self._rows_written = False  # json: a row already stands in the list, so the next needs a comma
        if fmt == "json" and not statistics:
            self.out.write(b'{"removals": [\n')

    def findings(self, chunk: bytes) -> None:
        if not chunk or self.statistics:
            return
        if self.fmt == "json":  # rows come one per line; in one document they are a list
            rows = chunk[:-1].replace(b"\n", b",\n")
            self.out.write((b",\n" if self._rows_written else b"") + rows)
            self._rows_written = True
        else:
            self.out.write(chunk)

    def text(self, chunk: bytes) -> None:
        self.out.write(chunk)

    def file_done(self, report: FileReport) -> None:
        """The messages of one finished file, and its errors as rows or annotations."""
        for message in report.messages:
            self.progress.message(message)
        if report.rewritten and not self.quiet:
            self.progress.message(f"Fixing {report.path}")
        for problem in report.errors:
            if self.fmt == "jsonl":
                row = {"type": "error", "path": report.path, "message": problem}
                self.out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
            elif self.fmt == "github":
                self.out.write(
                    f"::error file={_escape_annotation(report.path, True)}::{_escape_annotation(problem)}\n".encode()
                )
        self.out.flush()

    def finish(self, reports: Sequence[FileReport], notices: Sequence[str]) -> None:
        """The closing report: JSON's files and summary, statistics, or the summary line on standard error."""
        summary = summarise(reports)
        if self.statistics:
            self.out.write(encode(_statistics(summary["removed"], self.fmt)))
        elif self.fmt == "json":
            files = ",\n".join(json.dumps(r.as_json(), ensure_ascii=False) for r in reports)
            tail = {"notices": list(notices), "summary": summary}
            self.out.write(
                encode(f'\n], "files": [\n{files}\n], ' + json.dumps(tail, ensure_ascii=False, indent=None)[1:] + "\n")
            )
        elif self.fmt == "jsonl":
            self.out.write(encode(json.dumps({"type": "summary", **summary}, ensure_ascii=False) + "\n"))
        self.out.flush()
        if not self.quiet and self.fmt == "text" and summary["documents"] > 1:
            self.progress.message(summary_line(reports))


def summarise(reports: Sequence[FileReport]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for report in reports:
        total.update(report.removed_by_code)
    return {
        "files": len(reports),
        "files_with_junk": sum(1 for r in reports if r.changed_documents),
        "documents": sum(r.documents for r in reports),
        "changed_documents": sum(r.changed_documents for r in reports),
        "errors": sum(1 for r in reports if r.error),
        "removed": dict(sorted(total.items())),
    }


def _statistics(removed: dict[str, int], fmt: str) -> str:
    """Removals counted per rule, most first (as ruff's --statistics)."""
    rows = sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))
    names = {code: REGISTRY[code].name if code in REGISTRY else _special_name(code) for code in removed}
    if fmt in ("json", "jsonl"):
        table = [{"code": c, "name": names[c], "rule_set": rule_set_of(c), "count": n} for c, n in rows]
        return json.dumps(table, ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n"
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{c}\t{names[c]}\n" for c, n in rows)


def _special_name(code: str) -> str:
    from cleantext.config import LEARNED_RULE_CODE

    return "learned-boilerplate" if code == LEARNED_RULE_CODE else "user-pattern"


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
