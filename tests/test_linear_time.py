"""Time grows linearly with input, whatever the input: compared as ratios within one run.

Each case is timed at two sizes, four times apart; the slower of the per-byte
times must stay within a small factor of the faster. A rule that backtracks
catastrophically shows up as a ratio in the tens or hundreds.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable

import pytest
import regex

from cleantext import REGISTRY, Config, clean
from cleantext import matcher as matching
from conftest import RULE_FIXTURES

GROWTH = 4
#: Allowed growth of time per byte from the small to the large size. Linear
#: work stays near 1; noise on a shared machine stays well under this.
MAX_PER_BYTE_RATIO = 3.0
EVERYTHING = Config(preview=True)


def per_byte_seconds(make: Callable[[int], str], size: int, config: Config = EVERYTHING) -> float:
    text = make(size)
    known = matching.matcher_for(config).known
    best = float("inf")
    for _ in range(3):  # the minimum of three runs is the least noisy estimate
        known.clear()  # the lines' matches are worked out each time, not remembered from the last run
        start = time.perf_counter()
        clean(text, config)
        best = min(best, time.perf_counter() - start)
    return best / len(text)


def assert_linear(make: Callable[[int], str], size: int, config: Config = EVERYTHING) -> None:
    small = per_byte_seconds(make, size, config)
    large = per_byte_seconds(make, size * GROWTH, config)
    assert large / small < MAX_PER_BYTE_RATIO, f"time per byte grew {large / small:.1f}x"


def _near_misses(rule_code: str) -> list[str]:
    """Lines that start like the rule's remove cases but go on and fail late."""
    cases = tomllib.loads((RULE_FIXTURES / f"{rule_code}.toml").read_text(encoding="utf-8"))["remove"]
    return [line + " x" * 150 + " ." for line in cases] + [(line + " ") * 40 for line in cases]


PATTERN_RULES = [r for r in REGISTRY.values() if r.pattern is not None]


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=lambda r: r.code)
def test_no_rule_backtracks_on_long_near_misses(rule: object) -> None:
    # The pattern alone, on keys up to the length the engine lets rules see.
    pattern = regex.compile(rule.pattern, regex.IGNORECASE)  # type: ignore[attr-defined]
    for line in _near_misses(rule.code):  # type: ignore[attr-defined]
        for key in (line[:100], line[:400]):
            start = time.perf_counter()
            pattern.fullmatch(key)
            # 400 characters in under 50 ms: far above linear work, far below a blow-up.
            assert time.perf_counter() - start < 0.05, (rule.code, key[:40])  # type: ignore[attr-defined]


_PROSE = "The council met on Tuesday to discuss the budget for the year ahead."


def _blank_gaps(n: int, nl: str) -> str:
    gap = nl * (n // 3)
    return f"{_PROSE}{nl}Breaking News{nl}{gap}Breaking News{nl}{gap}Breaking News{nl}{_PROSE}{nl}"


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "one-line-without-newline": lambda n: ("Menu | Share " * (n // 13 + 1))[:n],
    "spaces-and-pipes": lambda n: (" |" * (n // 2 + 1))[:n],
    "many-near-miss-lines": lambda n: "\n".join(
        f"Copyright notice about {i} things that goes on and on without a year" for i in range(n // 70 + 1)
    ),
    "all-fragments": lambda n: "\n".join(("Home" if i % 2 else "World news") for i in range(n // 8 + 1)),
    "alternating-junk-and-prose": lambda n: "\n".join(
        ("Leave a Reply" if i % 2 else "The council met on Tuesday to discuss the budget for the year ahead.")
        for i in range(n // 50 + 1)
    ),
    # A removal, then a long gap of blank lines, again and again: the blank-line pass once kept
    # a list of the lines to keep and searched it for every blank line.
    "blank-gaps-lf": lambda n: _blank_gaps(n, "\n"),
    "blank-gaps-crlf": lambda n: _blank_gaps(n, "\r\n"),
    # What sets off each context rule, over and over.
    "sandwiched-fragments": lambda n: "\n".join(
        ["Leave a Reply", "Home", "World", "Leave a Reply", _PROSE] * (n // 60 + 1)
    ),
    "edge-fragments": lambda n: _PROSE + "\nLeave a Reply\n" + "\n".join(["Home", "More"] * (n // 10 + 1)),
    "near-junk-runs": lambda n: "\n".join(["Share this article", "Photo: Jane Doe/Reuters"] * (n // 40 + 1)),
    "comment-threads": lambda n: "\n".join(
        ["Jane says:", "June 27, 2012 at 9:30 am", "What a lovely piece of writing this was.", "Reply"] * (n // 80 + 1)
    ),
    "fixture-lines-repeated": lambda n: (
        "\n".join(line for r in PATTERN_RULES for line in _near_misses(r.code)[:1]) * (n // 50_000 + 1)
    ),
}


@pytest.mark.parametrize("case", ADVERSARIAL, ids=str)
def test_time_per_byte_stays_flat(case: str) -> None:
    assert_linear(ADVERSARIAL[case], 60_000)


def test_a_one_megabyte_line_costs_per_byte_what_a_quarter_megabyte_line_does() -> None:
    assert_linear(lambda n: "| word " * (n // 7), 250_000)


def test_a_user_pattern_that_backtracks_is_bounded_by_its_timeout() -> None:
    from cleantext import UserPatternError
    from cleantext.matcher import USER_PATTERN_SECONDS

    config = Config(extra_patterns=("(a|a)+$",))
    start = time.perf_counter()
    with pytest.raises(UserPatternError, match="took more than"):
        clean("a" * 40 + "b\n", config)
    assert time.perf_counter() - start < USER_PATTERN_SECONDS + 2


# Page mode: many blocks far apart (each outside line looks for its nearest block), many short
# passages, headline windows over and over, comment forms and parted blocks.
PAGE_CASES: dict[str, Callable[[int], str]] = {
    "blocks-between-long-menus": lambda n: "\n".join(
        [_PROSE, _PROSE, *(["Home", "World", "Sport"] * 12)] * (n // 400 + 1)
    ),
    "short-passages": lambda n: "\n".join(["Home", "The boat left early again today."] * (n // 40 + 1)),
    "headlines-over-blocks": lambda n: "\n".join(
        ["Home", "A headline of a few words", "By a writer", _PROSE, _PROSE] * (n // 200 + 1)
    ),
    # A comment form's notice after every block, and blocks parted by share bars, each far below the last.
    "comment-forms-everywhere": lambda n: "\n".join(
        [_PROSE, _PROSE, "Your email address will not be published.", "Name *"] * (n // 250 + 1)
    ),
    "blocks-past-share-bars": lambda n: "\n".join(
        [_PROSE] * 12
        + ["Share this article", "Tweet", "Pin It", *(["Home", "World"] * 18), _PROSE, _PROSE] * (n // 500)
    ),
    # Shapes of real crawled pages taken to the extreme: every line a letter, one line of it all,
    # prose and menus line by line, thousands of blocks each with the top menu printed again.
    "many-tiny-lines": lambda n: "a\n" * (n // 2),
    "one-giant-line": lambda n: (_PROSE + " ") * (n // len(_PROSE)),
    "alternating-prose-and-menus": lambda n: "\n".join([_PROSE, "Home", "Our Work"] * (n // 80 + 1)),
    "thousands-of-blocks": lambda n: "\n".join(
        ["Home", "Our Work", "Events"]
        + [_PROSE, _PROSE, "", "Our Work", "Events", "", *(["Archives", "May 2020 (4)"] * 20)] * (n // 1100 + 1)
    ),
}


@pytest.mark.parametrize("case", PAGE_CASES, ids=str)
@pytest.mark.parametrize("text", ["page", "auto"])
def test_page_mode_time_per_byte_stays_flat(case: str, text: str) -> None:
    assert_linear(PAGE_CASES[case], 60_000, Config(text=text, preview=True))
