"""The document scan decides nothing: with it and without it, every removal is the same."""

from __future__ import annotations

import os
import string
import threading
import time
import tomllib
import warnings
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import REGISTRY, Config, cache, document, engine, heuristics, scan, translation
from cleantext import matcher as matching
from cleantext.prefilter import Dispatch
from conftest import BENCH, PROSE_AFTER, PROSE_BEFORE, RULE_FIXTURES, needs_bench

pytestmark = pytest.mark.skipif(not scan.available(), reason="Hyperscan is not installed (the fast extra)")

#: The configs the tests clean with: the rules of each, as a whole-page text and with user patterns.
CONFIGS = {
    "default": Config(),
    "page": Config(text="page"),
    "auto, hard": Config(text="auto", cut="hard"),
    "preview and user patterns": Config(
        preview=True, extra_phrases=("Read more", "Sign up"), extra_patterns=(r"photo: .*", r"(?:[a-z]+\d)+ only")
    ),
}


@pytest.fixture(scope="module")
def matchers() -> dict[str, tuple[matching.Matcher, matching.Matcher]]:
    """Per config, a matcher without the scan and one with its database built."""
    pairs = {}
    for name, config in CONFIGS.items():
        fast = matching.build_matcher(config, scan=True)
        assert fast.scan is not None and fast.scan.build()
        pairs[name] = (matching.build_matcher(config, scan=False), fast)
    return pairs


def assert_same_decisions(text: str, pair: tuple[matching.Matcher, matching.Matcher]) -> None:
    lines = document.split_lines(text)
    slow, fast = pair
    assert engine.judge_lines(lines, fast) == engine.judge_lines(lines, slow)


_FIXTURE_LINES = sorted(
    {
        line
        for rule in REGISTRY.values()
        if rule.pattern is not None
        for kind in ("remove", "keep")
        for line in tomllib.loads((RULE_FIXTURES / f"{rule.code}.toml").read_text(encoding="utf-8"))[kind]
    }
)
# Lines near the rules' own: their fixtures, changed at the edges, in case, in their letters.
_noise = st.text(st.sampled_from(" -•|.:,!?()[]©0123456789aZéßſK\u00a0\u2028\t"), max_size=4)
_near_rule_line = st.builds(
    lambda before, line, after, case: before + getattr(line, case)() + after,
    _noise,
    st.sampled_from(_FIXTURE_LINES),
    _noise,
    st.sampled_from(["__str__", "upper", "lower", "title"]),
)
_document = st.lists(
    _near_rule_line | st.sampled_from([PROSE_BEFORE, PROSE_AFTER, "", "Menu", "en"]) | st.text(max_size=60),
    max_size=50,
).map("\n".join)


@pytest.mark.parametrize("name", CONFIGS)
@given(text=_document)
def test_generated_documents_get_the_same_removals_with_the_scan(
    matchers: dict[str, tuple[matching.Matcher, matching.Matcher]], name: str, text: str
) -> None:
    assert_same_decisions(text, matchers[name])


@needs_bench
@pytest.mark.parametrize("name", CONFIGS)
def test_benchmark_texts_get_the_same_removals_with_the_scan(
    matchers: dict[str, tuple[matching.Matcher, matching.Matcher]], name: str
) -> None:
    from scoring import SETS, read_set

    texts = [
        record.get(view) or ""
        for set_name in SETS
        for record in read_set(BENCH / f"{set_name}.jsonl.gz")
        for view in ("recall", "readability", "page")
    ]
    assert len(texts) > 9000
    step = 1 if name == "default" else 3  # every text in the default config, a third in the others
    for text in texts[::step]:
        assert_same_decisions(text, matchers[name])


def test_every_fixture_line_is_proposed_the_rules_that_match_it(
    matchers: dict[str, tuple[matching.Matcher, matching.Matcher]],
) -> None:
    fast = matchers["preview and user patterns"][1]
    assert fast.scan is not None
    keys = [heuristics.line_key(line) for line in _FIXTURE_LINES]
    proposals = fast.scan.proposals(keys)
    assert proposals is not None
    for n, key in enumerate(keys):
        matching = [r for r, rule in enumerate(fast.rules) if len(key) <= 400 and key and rule.fullmatch(key)]
        assert set(matching) <= set(proposals.get(n, [])), key


def _hits(expressions: list[str | None], lines: list[str]) -> list[set[int]]:
    """For each expression, the lines it matches, by one scan of them joined."""
    assert None not in expressions
    database = scan.compile_database([e for e in expressions if e is not None])
    found: list[set[int]] = [set() for _ in expressions]
    for line, expr in scan.lines_matched(
        database, translation.scanned_bytes(lines), scan._hyperscan().Scratch(database)
    ):
        found[expr].add(line)
    return found


def assert_translations_take_what_regex_takes(patterns: list[str], characters: list[str]) -> None:
    """Each pattern's translation matches every one of ``characters`` that the pattern matches."""
    expressions = [translation.expression(p) for p in patterns]
    for source, hits in zip(patterns, _hits(expressions, characters), strict=True):
        pattern = regex.compile(source, regex.IGNORECASE | regex.UNICODE)
        missed = [c for n, c in enumerate(characters) if n not in hits and pattern.fullmatch(c)]
        assert not missed, f"{source}: {missed[:5]}"


_CATEGORIES = [r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", r"[^\w\s]", r"[^\W\d]", r"[\w.'-]", r"[^\S\t]"]


def test_each_class_the_translation_makes_holds_every_character_regex_takes_for_it() -> None:
    # Every ASCII character but the newline, which no key holds; the translation reads every other
    # character alike, as a run of bytes from 0x80 up (bar those of ASCII_CASES), so a sample of them
    # across the lengths of UTF-8 and the surrogates is enough.
    others = [*range(0x80, 0x110000, 257), 0x80, 0x7FF, 0x800, 0xD800, 0xDFFF, 0xFFFF, 0x10000, 0x10FFFF]
    characters = [chr(c) for c in range(128) if c != 10] + [chr(c) for c in others] + list(translation.ASCII_CASES)
    assert_translations_take_what_regex_takes(_CATEGORIES, characters)


def test_letters_match_in_every_case_regex_matches_them_in() -> None:
    # Each letter of the rules' patterns, against every character that has another case.
    letters = sorted(
        {c for rule in REGISTRY.values() if rule.pattern for c in rule.pattern if c.isalpha()}
        | set(string.ascii_letters)
        | set("\u0130\u0131\u017f\u212a\u00c5\u212b\u03c2\u03a3\u1e9e\u00df")
    )
    # A set takes a character in every case, as a letter does: one set per letter, one range, and negated.
    cased = [chr(c) for c in range(0x110000) if chr(c).lower() != chr(c).upper()]
    cased += ["\u017f", "\u212a", "\u0130", "\u0131", "\u1e9e"]  # long s, Kelvin, dotted and dotless i, capital ß
    patterns = [regex.escape(c) for c in letters] + [f"[{regex.escape(c)}]" for c in letters] + ["[a-z]", "[^a-z]"]
    patterns += [f"[^{regex.escape(c)}]" for c in letters]  # a negated set leaves out no more than regex does
    assert_translations_take_what_regex_takes(patterns, cased)


def test_a_pattern_with_no_translation_is_proposed_by_the_per_line_prefilter() -> None:
    # An empty match and regex's fuzzy matching have no translation.
    patterns = [r"(?:menu)?", r"(?:subscribe){e<=1}", r"share this"]
    assert [translation.expression(p) is None for p in patterns] == [True, True, False]
    assert translation.expression(r"(a)\1") is None  # the parser cannot tell how wide the back-reference is
    document_scan = scan.DocumentScan(patterns, 400, start_after=0, background=False)
    keys = ["menu", "subscrbe", "Share this", "nothing"]
    # The prefilter indexes the optional word; the fuzzy one it cannot read, so it is tried on every line.
    assert document_scan.proposals(keys) == {0: [0, 1], 1: [1], 2: [1, 2], 3: [1]}


def test_a_key_that_is_not_valid_utf8_is_scanned_as_any_other() -> None:
    document_scan = scan.DocumentScan([r"share this", r"bad . byte"], 400, start_after=0, background=False)
    assert document_scan.proposals(["share this", "bad \udce9 byte"]) == {0: [0], 1: [1]}


def test_long_and_empty_keys_get_no_proposals() -> None:
    document_scan = scan.DocumentScan([r"[a ]+"], 20, start_after=0, background=False)
    assert document_scan.proposals(["a a", "", "a" * 21, "aa"]) == {0: [0], 3: [0]}


def test_the_database_is_compiled_after_enough_keys_then_loaded_from_the_cache() -> None:
    patterns = [r"breaking news", r"leave a reply"]
    first = scan.DocumentScan(patterns, 400, start_after=5, background=False)
    assert first.proposals(["Breaking News", "text"]) is None  # 2 keys seen
    assert not first.ready
    assert first.proposals(["a", "b", "Leave a Reply"]) == {2: [1]}  # 5 keys: compiled
    assert first.ready and first._path.is_file()
    second = scan.DocumentScan(patterns, 400, start_after=2, background=False)
    assert second.proposals(["Leave a Reply"]) is None  # a short job does not look in the cache
    assert second.proposals(["Leave a Reply"]) == {0: [1]}  # 2 keys: loaded from the cache


def _fresh_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patterns that no cache holds yet: an empty cache folder of the test's own."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return [r"breaking news", r"leave a reply"]


def _held_compile(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the database's compile wait until the returned event is set (for at most 10 s)."""
    release = threading.Event()
    real_compile = scan.compile_database

    def held(expressions: list[str]) -> object:
        release.wait(10)
        return real_compile(expressions)

    monkeypatch.setattr(scan, "compile_database", held)
    return release


def test_the_database_is_compiled_in_a_thread_while_the_per_line_prefilter_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document_scan = scan.DocumentScan(_fresh_patterns(tmp_path, monkeypatch), 400, start_after=1)
    compiling = _held_compile(monkeypatch)  # held until the test has seen the per-line prefilter serve
    assert document_scan.proposals(["Leave a Reply"]) is None  # the build started, and nothing waits for it
    assert not document_scan.ready and document_scan._building
    compiling.set()
    deadline = time.monotonic() + 30
    while not document_scan.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert document_scan.proposals(["Leave a Reply"]) == {0: [1]}
    assert document_scan._path.is_file()


def test_a_worker_forked_during_the_build_takes_the_database_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document_scan = scan.DocumentScan(_fresh_patterns(tmp_path, monkeypatch), 400, start_after=1)
    compiling = _held_compile(monkeypatch)
    document_scan.prepare_cache()  # as the command does before its workers fork
    child = os.fork()
    if child == 0:  # the child: its copy of the build never ends; the parent's cache file serves it
        code = 1
        try:
            monkeypatch.setattr(scan, "compile_database", lambda expressions: os._exit(3))  # never compile here
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if document_scan.proposals(["Leave a Reply"]) == {0: [1]}:
                    code = 0
                    break
                time.sleep(0.01)
        finally:
            os._exit(code)
    compiling.set()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert document_scan._path.is_file() and not document_scan.ready  # written for the workers, not held here


def test_a_broken_cache_file_is_compiled_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    document_scan = scan.DocumentScan([r"breaking news"], 400, start_after=0, background=False)
    document_scan._path.write_bytes(b"[0]\nnot a database")
    assert document_scan.proposals(["Breaking News"]) == {0: [0]}
    assert document_scan._path.read_bytes() != b"[0]\nnot a database"


def test_an_unwritable_cache_only_costs_the_next_compile_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    monkeypatch.setattr(scan, "_WARNED_OF_CACHE", threading.Event())
    with pytest.warns(RuntimeWarning, match="cannot be written: the rules' scan database is kept in memory"):
        document_scan = scan.DocumentScan([r"breaking news"], 400, start_after=0, background=False)
        assert document_scan.proposals(["Breaking News"]) == {0: [0]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = scan.DocumentScan([r"leave a reply"], 400, start_after=0, background=False)
        assert again.proposals(["Leave a Reply"]) == {0: [0]}


def test_without_hyperscan_the_matcher_dispatches_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "_hyperscan", lambda: None)  # as when its import fails
    monkeypatch.setattr(matching, "_document_scan", matching._document_scan.__wrapped__)  # a scan of its own
    matcher = matching.build_matcher(Config(), scan=True)
    assert matcher.scan is not None and not matcher.scan.build()
    keys = ["Leave a Reply", PROSE_BEFORE, "Share this"]
    assert matcher.scan.proposals(keys) is None
    found = matcher.matching(keys)
    assert found[0] and not found[1] and found[2]
    assert found == matching.build_matcher(Config(), scan=False).matching(keys)


def test_the_scan_and_the_prefilter_propose_alike_for_the_fixture_lines() -> None:
    # The per-line prefilter proposes more rules; both propose every rule that matches.
    patterns = [rule.pattern for rule in REGISTRY.values() if rule.pattern]
    document_scan = scan.DocumentScan(patterns, 400, start_after=0, background=False)
    keys = [heuristics.line_key(line) for line in _FIXTURE_LINES]
    proposed = document_scan.proposals(keys)
    assert proposed is not None
    compiled = [regex.compile(p, regex.IGNORECASE) for p in patterns]
    dispatched = Dispatch(patterns, 400).candidates(keys)
    for n, key in enumerate(keys):
        matching = {r for r, pattern in enumerate(compiled) if key and pattern.fullmatch(key)}
        assert matching <= set(proposed.get(n, [])) and matching <= set(dispatched[n])
    assert sum(map(len, proposed.values())) < sum(map(len, dispatched))
