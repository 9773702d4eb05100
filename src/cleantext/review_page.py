"""The review page of ``cleantext report``: one HTML file whose style, script and charts are inline.

It shows the exact counts of the run (per rule set, per rule, with each
rule's doc) and what ``cleantext.review`` sampled: removals in their
context, and whole documents. Every text of the input is HTML-escaped, and
the page's Content-Security-Policy lets only its own script and style run
(by their hashes) and fetch nothing, so a document holding markup can only
ever show as text.

The sample is rendered within byte budgets, the examples a round at a
time (every rule's first, then every rule's second, ...), so that the page
stays under ``PAGE_LIMIT`` bytes whatever the corpus and however many
rules fire.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import IO, Any

from cleantext.config import LEARNED_RULE_CODE, USER_RULE_CODE
from cleantext.report import FileReport, Output, Progress, summarise
from cleantext.review import LINE_CHARS, DocumentView, Example, ReviewSample, ReviewSettings, ShownLine
from cleantext.rewrite import write_new_file
from cleantext.rule import rule_set_of
from cleantext.rules import REGISTRY, RULE_SETS

PAGE_LIMIT = 5_000_000
EXAMPLES_BUDGET = 2_500_000
DOCUMENTS_BUDGET = 1_500_000
#: Inputs, settings and errors listed at most (a run can name thousands of files, and fail on as many).
LISTED = 50
#: One colour per rule set, in RULE_SETS order, told apart on light and dark backgrounds.
_PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#8c8cff", "#17becf", "#bcbd22",
)  # fmt: skip
_SPECIAL = {
    USER_RULE_CODE: ("user-pattern", "A line matched by the settings' extra phrases or patterns."),
    LEARNED_RULE_CODE: ("learned-boilerplate", "A line listed by 'cleantext learn' for this corpus."),
}


@dataclass(frozen=True)
class PageFacts:
    """What the page's header says of the run."""

    inputs: tuple[str, ...]
    settings: tuple[str, ...]  # one line per distinct config the inputs were cleaned with


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _name(code: str) -> str:
    return REGISTRY[code].name if code in REGISTRY else _SPECIAL.get(code, ("unknown", ""))[0]


def _summary(code: str) -> str:
    return REGISTRY[code].summary if code in REGISTRY else _SPECIAL.get(code, ("", ""))[1]


def _lines(n: int) -> str:
    return f"{n:,} line" + ("" if n == 1 else "s")


def _sets_of(codes: Sequence[str]) -> str:
    return " ".join(sorted({rule_set_of(c) for c in codes}))


def _line(line: ShownLine, focus: bool = False, page: bool = False) -> str:
    text = _e(line.text) + ("…" if line.cut else "")
    number = f'<span class="n">{line.number}</span>'
    if line.code is None:
        shade = "article" if page and line.text.strip() else "kept"
        return f'<li class="{shade}">{number}<span>{text}</span></li>'
    title = _e(f"{line.code} {_name(line.code)}: {line.reason}" if line.reason else f"{line.code} {_name(line.code)}")
    classes = f"removed s-{_e(rule_set_of(line.code))}" + (" focus" if focus else "")
    return (
        f'<li class="{classes}" title="{title}">{number}<del>{text}</del><span class="code">{_e(line.code)}</span></li>'
    )


def _example(example: Example) -> str:
    code = example.removal.code or ""
    lines = "".join(_line(line, focus=line.number == example.removal.number) for line in example.lines)
    return (
        f'<div class="example" data-rules="{_e(code)}" data-sets="{_e(rule_set_of(code))}">'
        f'<div class="where">{_e(example.where)} · line {example.removal.number}</div>'
        f'<ol class="lines">{lines}</ol></div>'
    )


def _document(view: DocumentView) -> str:
    codes = sorted(view.codes)
    shown = view.lines()
    lines = "".join(_line(line, page=view.page) for line in shown)
    hidden = view.total_lines - len(shown)
    more = f'<p class="note">… {hidden:,} more lines not shown</p>' if hidden > 0 else ""
    what = f"{view.removed_lines:,} of {_lines(view.total_lines)} removed" + (f" ({', '.join(codes)})" if codes else "")
    mode = " · page mode: the article blocks are shaded" if view.page else ""
    return (
        f'<details class="doc" data-rules="{_e(" ".join(codes))}" data-sets="{_e(_sets_of(codes))}">'
        f"<summary><b>{_e(view.where)}</b> — {_e(what)}{mode}</summary>"
        f'<ol class="lines">{lines}</ol>{more}</details>'
    )


def _within_budget(pieces: Sequence[Sequence[str]], budget: int) -> tuple[list[list[str]], int]:
    """Of each list of pieces, those that fit in ``budget`` bytes taken a round at a time; and how many did not."""
    kept: list[list[str]] = [[] for _ in pieces]
    used = left_out = 0
    for round_ in range(max(map(len, pieces), default=0)):
        for i, group in enumerate(pieces):
            if round_ >= len(group):
                continue
            size = len(group[round_].encode("utf-8", "surrogatepass"))
            if used + size > budget:
                left_out += 1
                continue
            used += size
            kept[i].append(group[round_])
    return kept, left_out


def _set_chart(by_set: list[tuple[str, int]]) -> str:
    """Removed lines per rule set, as horizontal bars."""
    top = max((n for _, n in by_set), default=1)
    rows = []
    for i, (rule_set, n) in enumerate(by_set):
        y, width = i * 24, max(1, round(480 * n / top))
        rows.append(
            f'<g class="s-{_e(rule_set)}"><title>{_e(rule_set)}: {_e(RULE_SETS.get(rule_set, ""))}</title>'
            f'<text x="0" y="{y + 13}">{_e(rule_set)}</text><rect x="90" y="{y + 2}" width="{width}" height="14"/>'
            f'<text x="{96 + width}" y="{y + 13}">{n:,}</text></g>'
        )
    height = max(24 * len(by_set), 24)
    return (
        f'<svg class="chart" role="img" aria-label="lines removed per rule set" viewBox="0 0 660 {height}" '
        f'width="660" height="{height}">{"".join(rows)}</svg>'
    )


def _rule_rows(removed: Counter[str], sampled: set[str]) -> str:
    """A row per rule that removed lines: its count and bar, its summary, links to its doc and samples."""
    top = max(removed.values(), default=1)
    rows = []
    for code, n in removed.most_common():
        rule_set = rule_set_of(code)
        bar = (
            f'<svg class="bar" width="160" height="10"><rect width="{max(1, round(160 * n / top))}" height="10"/></svg>'
        )
        rows.append(
            f'<tr class="rule-row s-{_e(rule_set)}" data-rule="{_e(code)}" data-set="{_e(rule_set)}">'
            f'<td><button data-filter-rule="{_e(code)}">{_e(code)}</button></td><td>{_e(_name(code))}</td>'
            f'<td class="count">{n:,}</td><td>{bar}</td>'
            f'<td>{_e(_summary(code))} <a href="#doc-{_e(code)}">doc</a>'
            + (f' · <a href="#ex-{_e(code)}">samples</a>' if code in sampled else "")
            + "</td></tr>"
        )
    return (
        '<table class="rules"><thead><tr><th>rule</th><th>name</th><th>lines</th><th></th><th>what it removes</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _rule_doc(code: str) -> str:
    rule_set = rule_set_of(code)
    rule = REGISTRY.get(code)
    head = f'<section class="ruledoc s-{_e(rule_set)}" id="doc-{_e(code)}" data-rule="{_e(code)}" data-set="{_e(rule_set)}">'
    if rule is None:
        return f"{head}<h3>{_e(code)} {_e(_name(code))}</h3><p>{_e(_summary(code))}</p></section>"
    return (
        f"{head}<h3>{_e(code)} {_e(rule.name)}</h3><p>{_e(rule.why)}</p><p>Example:</p><pre>{_e(rule.example)}</pre>"
        f'<p class="muted">set {_e(rule_set)} ({_e(RULE_SETS.get(rule_set, ""))}) · acts: {_e(rule.where)} · '
        f"status: {_e(rule.status)} · since {_e(rule.since)}</p></section>"
    )


def _totals(summary: dict[str, Any], sample: ReviewSample) -> str:
    removed: dict[str, int] = summary["removed"]
    share = (
        f"{100 * sample.removed_bytes / sample.text_bytes:.1f}% of {sample.text_bytes:,}" if sample.text_bytes else "0"
    )
    items = [
        ("files", summary["files"], f"files ({summary['files_with_junk']} with junk)"),
        ("documents", summary["documents"], f"documents ({summary['changed_documents']} changed)"),
        ("lines", sum(removed.values()), "lines removed"),
        ("bytes", sample.removed_bytes, f"bytes removed ({share})"),
        ("errors", summary["errors"], "files with errors"),
    ]
    cells = "".join(f'<li id="total-{key}"><b>{value:,}</b>{_e(label)}</li>' for key, value, label in items)
    return f'<ul class="totals">{cells}</ul>'


def _filters(by_set: list[tuple[str, int]]) -> str:
    sets = "".join(
        f'<button class="set s-{_e(s)}" data-filter-set="{_e(s)}" title="{_e(RULE_SETS.get(s, ""))}">{_e(s)} {n:,}</button>'
        for s, n in by_set
    )
    return (
        f'<div class="filters">{sets}<button id="clear">all</button>'
        '<input id="search" type="search" placeholder="search the samples" aria-label="search the samples">'
        '<span id="shown" class="muted"></span></div>'
    )


def _style() -> str:
    css = resources.files("cleantext").joinpath("assets/review.css").read_text(encoding="utf-8")
    order = [*RULE_SETS, "USER"]
    colours = "".join(f".s-{s} {{ --c: {_PALETTE[i % len(_PALETTE)]}; }}\n" for i, s in enumerate(order))
    return css + colours


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


def render(sample: ReviewSample, summary: dict[str, Any], facts: PageFacts, errors: Sequence[str]) -> str:
    """The whole page, as text."""
    removed: Counter[str] = Counter(summary["removed"])
    by_set_counts: Counter[str] = Counter()
    for code, n in removed.items():
        by_set_counts[rule_set_of(code)] += n
    by_set = sorted(by_set_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    codes = [code for code, _ in removed.most_common()]
    examples, examples_left_out = _within_budget(
        [[_example(e) for e in sample.examples(c)] for c in codes], EXAMPLES_BUDGET
    )
    documents, documents_left_out = _within_budget([[_document(d)] for d in sample.documents()], DOCUMENTS_BUDGET)
    groups = "".join(
        f'<section class="rule-examples" id="ex-{_e(code)}"><h3>{_e(code)} {_e(_name(code))} — '
        f"{_lines(removed[code])} removed; {len(shown)} shown</h3>{''.join(shown)}</section>"
        for code, shown in zip(codes, examples, strict=True)
        if shown
    )
    left_out = examples_left_out + documents_left_out
    body = (
        "<main><h1>cleantext review</h1>"
        + _header(facts, sample)
        + "<h2>Summary</h2>"
        + _totals(summary, sample)
        + (
            f"<h2>Errors</h2><ul class='errors'>{_items(errors, LISTED, 'all on standard error')}</ul>"
            if errors
            else ""
        )
        + "<h2>Removed lines per rule set</h2>"
        + _set_chart(by_set)
        + _filters(by_set)
        + "<h2>Rules</h2>"
        + _rule_rows(removed, {code for code, shown in zip(codes, examples, strict=True) if shown})
        + "<h2>Sampled removals</h2><p class='muted'>Struck lines are removed (the rule and reason on hover); "
        + "plain lines are kept.</p>"
        + (groups or ("<p>No removal is shown.</p>" if removed else "<p>Nothing was removed.</p>"))
        + "<h2>Sampled documents</h2>"
        + "".join(piece for group in documents for piece in group)
        + (f"<p class='note'>{left_out} sampled items left out to keep the page small.</p>" if left_out else "")
        + "<h2>Rule docs</h2>"
        + "".join(_rule_doc(code) for code in codes)
        + "</main>"
    )
    return _html(body)


def _cut(text: str) -> str:
    return text if len(text) <= LINE_CHARS else text[:LINE_CHARS] + "…"


def _items(texts: Sequence[str], most: int, rest: str = "") -> str:
    """List items of the first ``most`` texts, and one that counts the rest (``rest``: where they are)."""
    shown = "".join(f"<li>{_e(_cut(text))}</li>" for text in texts[:most])
    if len(texts) <= most:
        return shown
    return shown + f"<li>… and {len(texts) - most:,} more{f' ({_e(rest)})' if rest else ''}</li>"


def _header(facts: PageFacts, sample: ReviewSample) -> str:
    settings = sample.settings
    inputs = ", ".join(f"<code>{_e(_cut(p))}</code>" for p in facts.inputs[:LISTED])
    if len(facts.inputs) > LISTED:
        inputs += f" and {len(facts.inputs) - LISTED:,} more"
    return (
        f"<p>Inputs: {inputs}</p><ul class='muted'>{_items(facts.settings, LISTED)}</ul>"
        f"<p class='muted'>Counts are over the whole input. Samples: up to {settings.examples_per_rule} removals per "
        f"rule and {settings.documents} documents, chosen by seed {settings.seed} (the same input, settings and seed "
        "give the same page).</p>"
    )


def _html(body: str) -> str:
    style = _style()
    script = resources.files("cleantext").joinpath("assets/review.js").read_text(encoding="utf-8")
    policy = (
        f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>cleantext review</title><style>{style}</style></head><body>{body}<script>{script}</script></body></html>\n"
    )


class ReviewOutput(Output):
    """A run's output as the review page: nothing printed as it goes; the page written at the end."""

    def __init__(
        self,
        destination: str,
        out: IO[bytes],
        progress: Progress,
        quiet: bool,
        facts: PageFacts,
        settings: ReviewSettings,
    ) -> None:
        # The mode renders no findings (``Mode.review``): nothing is printed until the page.
        super().__init__("text", statistics=False, out=out, progress=progress, quiet=quiet)
        self.destination = destination
        self.facts = facts
        self.sample = ReviewSample(settings)
        self.size = 0  # bytes of the page written
        self.summary: dict[str, Any] | None = None  # the run's counts, once the page is written

    def file_done(self, report: FileReport) -> None:
        # A file's sample joins the run's at once: the reports the run keeps hold counts only.
        if report.review is not None:
            self.sample.merge(report.review)
            report.review = None
        super().file_done(report)

    def finish(self, reports: Sequence[FileReport], notices: Sequence[str]) -> None:
        errors = [f"{r.path}: {problem}" for r in reports for problem in r.errors]
        # A lone surrogate (from a JSON escape) cannot be UTF-8: it shows as a replacement character.
        self.summary = summarise(reports)
        page = render(self.sample, self.summary, self.facts, errors).encode("utf-8", "replace")
        self.size = len(page)
        if self.destination == "-":
            self.out.write(page)
            self.out.flush()
        else:
            write_new_file(self.destination, page)
