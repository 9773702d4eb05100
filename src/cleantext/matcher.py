"""The compiled phrase rules of one config, and which of them match a line.

A ``Matcher`` holds the enabled rules (built-in and the user's), the
per-line prefilter that proposes the rules worth trying on a key
(``cleantext.prefilter``) and, with Hyperscan, the document scan behind it
(``cleantext.scan``); a proposed rule is always confirmed by its own pattern,
so either gives the same matches. It also says which passes the config
enables.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from cleantext import heuristics
from cleantext.cache import compile_pattern
from cleantext.config import USER_RULE_CODE, Config, UserPatternError
from cleantext.prefilter import Dispatch
from cleantext.rule import Shape, Zone
from cleantext.rules import REGISTRY
from cleantext.rules import context as context_rules
from cleantext.rules import page as page_rules
from cleantext.scan import DocumentScan, available

USER_RULE_NAME = "user-pattern"


LEARNED_RULE_NAME = "learned-boilerplate"


#: How long a user pattern may take on one line before the document is given up
#: on (UserPatternError): a pattern that backtracks would otherwise hang the run.
USER_PATTERN_SECONDS = 1.0


#: A matcher remembers which rules match each short key it has seen (menu items, share buttons,
#: footers: on whole-page text about a third of the lines recur within a page or across pages), at
#: most this many keys of at most this many characters, forgetting them all when full.
KNOWN_KEYS_MAX = 1 << 12


KNOWN_KEY_MAX_CHARS = 80


_FLAGS = regex.IGNORECASE | regex.UNICODE


@dataclass(frozen=True)
class PatternRule:
    code: str
    name: str
    zone: Zone
    source: str
    #: Seconds one match may take: set for user patterns, whose cost nobody has measured.
    timeout: float | None = None
    #: Whether a line that reads as prose is removed only where the rule's phrase opens a sentence
    #: (``Shape.PHRASE``); a user's pattern says exactly what it removes, and is not guarded.
    guarded: bool = False
    #: The compiled pattern's ``fullmatch``, with the time limit bound in when there is one: one call on
    #: the hot path. The pattern is compiled when it is first tried: the prefilter tries few rules on a
    #: short document, and compiling them all would take most of a one-file command's time.
    fullmatch: Callable[[str], object] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fullmatch", self._compile_and_match)

    def _compile_and_match(self, key: str) -> object:
        match = compile_pattern(self.source, _FLAGS).fullmatch
        compiled = match if self.timeout is None else functools.partial(match, timeout=self.timeout)
        object.__setattr__(self, "fullmatch", compiled)
        return compiled(key)


@dataclass(frozen=True)
class Matcher:
    """The enabled phrase rules of one config, compiled and indexed."""

    rules: tuple[PatternRule, ...]
    dispatch: Dispatch
    boilerplate: frozenset[str]
    sandwiched_fragments: bool
    edge_fragments: bool
    comment_threads: bool
    #: "extract", "page" or "auto" (see ``Config.text``), and how page mode cuts.
    text: str = "extract"
    page_cut: heuristics.PageCut = heuristics.CUTS["balanced"]
    outside_blocks: bool = False
    short_passages: bool = False
    teaser_lists: bool = False
    below_comment_forms: bool = False
    repeated_menu_lines: bool = False
    #: Proposes the rules for a whole document at once when Hyperscan is installed (see
    #: ``cleantext.scan``); ``dispatch`` serves until its database is built, and where it has none.
    scan: DocumentScan | None = field(default=None, compare=False, repr=False)
    #: Key -> the indices of the rules that match it (see ``KNOWN_KEYS_MAX``). Matching is a
    #: function of the key alone, so a remembered answer is the answer: it saves time, not changes it.
    known: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def is_learned(self, key: str) -> bool:
        """Whether the line is on the config's list of learned boilerplate."""
        return bool(self.boilerplate) and heuristics.normalize_for_repeats(key) in self.boilerplate

    def matching(self, keys: Sequence[str]) -> list[list[PatternRule]]:
        """For each key, the rules whose pattern matches it as a whole, in rule order."""
        found = self.matches_of(keys)
        return [found.get(n, []) for n in range(len(keys))]

    def matches_of(self, keys: Sequence[str]) -> dict[int, list[PatternRule]]:
        """Position in ``keys`` -> the rules whose pattern matches that key as a whole, in rule order.

        Positions come in order; keys no rule matches are left out. Raises UserPatternError when a
        user pattern takes too long on a line.
        """
        try:
            proposals = self.scan.proposals(keys) if self.scan is not None else None
            if proposals is None:
                return self._dispatched(keys)
            rules = self.rules
            found: dict[int, list[PatternRule]] = {}
            for n, proposed in proposals.items():
                key = keys[n]
                if matched := [r for r in proposed if rules[r].fullmatch(key)]:
                    if found_rules := [rules[r] for r in self._guarded(key, matched)]:
                        found[n] = found_rules
            return found
        except TimeoutError:
            raise UserPatternError(
                f"a user pattern took more than {USER_PATTERN_SECONDS:g} s on one line "
                "(it backtracks: rewrite it without nested or overlapping repeats)"
            ) from None
        except (MemoryError, RecursionError):  # only a user pattern can recurse without end, as (?R) does
            raise UserPatternError(
                "a user pattern ran out of memory on one line (does it recurse, as (?R) does?)"
            ) from None

    def _guarded(self, key: str, matched: Sequence[int]) -> tuple[int, ...]:
        """The matched rules (indices) that may remove ``key``: the prose guard of ``Shape.PHRASE`` rules."""
        rules = self.rules
        if not heuristics.reads_as_prose(key) or not any(rules[r].guarded for r in matched):
            return tuple(matched)
        return tuple(
            r for r in matched if not rules[r].guarded or heuristics.phrase_opens_sentence(key, rules[r].fullmatch)
        )

    def _dispatched(self, keys: Sequence[str]) -> dict[int, list[PatternRule]]:
        """``matches_of`` by the per-line prefilter, remembering the answers for short keys."""
        rules, known = self.rules, self.known
        answers: list[tuple[int, ...] | None] = [known.get(key) for key in keys]
        unknown = [n for n, answer in enumerate(answers) if answer is None]
        fresh = [keys[n] for n in unknown]
        for n, key, proposed in zip(unknown, fresh, self.dispatch.candidates(fresh), strict=True):
            # A list made into a tuple: quicker than a generator on the hot path.
            found = tuple([r for r in proposed if rules[r].fullmatch(key)]) if proposed else ()
            found = answers[n] = self._guarded(key, found) if found else found
            if len(key) <= KNOWN_KEY_MAX_CHARS:
                if len(known) >= KNOWN_KEYS_MAX:
                    known.clear()
                known[key] = found
        return {n: [rules[r] for r in answer] for n, answer in enumerate(answers) if answer}


@functools.lru_cache(maxsize=32)
def matcher_for(config: Config) -> Matcher:
    # Memoised by config value; compiling is pure, so results never depend on
    # which configs were used before.
    return build_matcher(config, scan=available())


@functools.lru_cache(maxsize=32)
def _document_scan(patterns: tuple[str, ...]) -> DocumentScan:
    # Configs that differ only in what is not a pattern (the kind of text, the cut) share one database.
    return DocumentScan(patterns, heuristics.MAX_JUNK_LINE_CHARS)


def prepare_scan_caches(configs: Sequence[Config]) -> None:
    """Have the scan databases of ``configs`` in the cache for workers about to fork, without waiting
    (see ``DocumentScan.prepare_cache``)."""
    if available():  # only the patterns: this process builds no matcher, which its workers would inherit
        for config in configs:
            _document_scan(tuple(rule.source for rule in _pattern_rules(config))).prepare_cache()


def _pattern_rules(config: Config) -> list[PatternRule]:
    """The phrase rules ``config`` enables, then its user patterns (compiled when first tried)."""
    rules = [
        PatternRule(r.code, r.name, r.zone, r.pattern, guarded=r.shape is Shape.PHRASE)
        for r in REGISTRY.values()
        if r.pattern and config.is_enabled(r.code)
    ]
    # Each user pattern is a rule of its own: joined into one, a pattern's
    # inline flags or comments would reach into the next.
    phrases = [regex.escape(p.strip()) for p in config.extra_phrases]
    for source in ([("|".join(phrases))] if phrases else []) + list(config.extra_patterns):
        rules.append(PatternRule(USER_RULE_CODE, USER_RULE_NAME, Zone.ANYWHERE, source, USER_PATTERN_SECONDS))
    return rules


def build_matcher(config: Config, *, scan: bool) -> Matcher:
    """The matcher of ``config``, with or without the document scan (the two decide alike)."""
    rules = _pattern_rules(config)
    cut = heuristics.CUTS[config.cut]
    if not config.is_enabled(
        page_rules.SMALL_BLOCK_BELOW.code
    ):  # then no block is too small: every block below the largest stays
        cut = dataclasses.replace(cut, below_block_share=0.0)
    patterns = [rule.source for rule in rules]
    return Matcher(
        rules=tuple(rules),
        dispatch=Dispatch(patterns, heuristics.MAX_JUNK_LINE_CHARS),
        scan=_document_scan(tuple(patterns)) if scan else None,
        boilerplate=config.boilerplate,
        sandwiched_fragments=config.is_enabled(context_rules.SANDWICHED_FRAGMENT.code),
        edge_fragments=config.is_enabled(context_rules.EDGE_FRAGMENT.code),
        comment_threads=config.is_enabled(context_rules.COMMENT_THREAD.code),
        text=config.text,
        page_cut=cut,
        outside_blocks=config.is_enabled(page_rules.OUTSIDE_BLOCK.code),
        short_passages=config.is_enabled(page_rules.SHORT_PASSAGE.code),
        teaser_lists=config.is_enabled(page_rules.TEASER_LIST.code),
        below_comment_forms=config.is_enabled(page_rules.BELOW_COMMENT_FORM.code),
        repeated_menu_lines=config.is_enabled(page_rules.REPEATED_MENU_LINE.code),
    )
