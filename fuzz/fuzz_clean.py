"""Coverage-guided fuzzing of the cleaner, the HTML path and the JSONL reader with atheris.

    pip install atheris && python fuzz/fuzz_clean.py -atheris_runs=200000

Every input is checked against the invariants the test suite states: kept
lines are input lines in order, cleaning twice changes nothing, the
explanation accounts for every line, and nothing raises.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from cleantext import clean, clean_and_explain, clean_html
    from cleantext.document import split_lines
    from cleantext.formats.jsonl import read_records


def _lines(text: str) -> list[str]:
    """Line contents without their endings, split by the cleaner's own line model."""
    return [content for content, _ in split_lines(text)]


def check_text(text: str) -> None:
    result = clean_and_explain(text)
    remaining = iter(_lines(text))
    assert all(line in remaining for line in _lines(result.text)), "kept lines out of order"
    assert clean(result.text) == result.text, "not idempotent"
    lines_in, lines_out = len(split_lines(text)), len(split_lines(result.text))
    assert lines_out + len(result.removals) + len(result.dropped_blank_lines) == lines_in, "lines unaccounted for"


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    which = provider.ConsumeIntInRange(0, 2)
    if which == 0:
        check_text(provider.ConsumeUnicodeNoSurrogates(len(data)))
    elif which == 1:
        clean_html(provider.ConsumeBytes(len(data)))
    else:
        for record in read_records(provider.ConsumeBytes(len(data)).splitlines(keepends=True), "text"):
            if record.text is not None:
                check_text(record.text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
