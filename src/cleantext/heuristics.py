"""Line features and the context heuristics that phrase rules cannot express.

The thresholds follow two observations from the extraction literature. From
trafilatura: article text comes in sentences, so a line that is long and ends
like a sentence is body, while short unpunctuated lines are where menus,
buttons and stubs live. From jusText: a short block cannot be judged alone,
only by its neighbours; one wedged between two boilerplate blocks, or between
boilerplate and the edge of the page, is boilerplate too, while one between
body paragraphs (a sub-heading) is body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

#: A line with at least this many words that ends like a sentence is prose.
#: Prose lines bound the top and bottom zones and are never judged by context.
PROSE_MIN_WORDS = 10

#: A line of at most this many words, not ending like a sentence, is a
#: fragment: something context may remove (a menu entry, a stub, a label).
FRAGMENT_MAX_WORDS = 8

#: Fragments between a document edge and a removed line are removed only up
#: to this many words: a one- or two-word stub (``InfoDesk``, ``en``) goes,
#: while a headline above a removed byline stays.
EDGE_FRAGMENT_MAX_WORDS = 3

#: Two comment stamps at most this many non-blank lines apart frame one reader
#: comment: blog software prints a stamp with every comment, and a comment is
#: a few paragraphs. A longer stretch between stamps may hold a whole post.
COMMENT_MAX_LINES = 10

#: Phrase rules never look at lines longer than this: boilerplate is short,
#: and the cap keeps every pattern's work per line bounded.
MAX_JUNK_LINE_CHARS = 400

#: Characters a sentence (or a quoted or bracketed one) ends with, the full-width
#: forms of Chinese and Japanese included.
SENTENCE_END_CHARS = frozenset(".!?…:;\"'”’»)]。！？」』）")

#: Chinese and Japanese are written without spaces between words: this many of
#: their characters count as one word.
CJK_CHARS_PER_WORD = 2
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# List bullets, table pipes and the triangles of collapsible widgets
# ("► April (3)") that scrapers put around a line's real text.
_BULLETS = "-*•·–—>|►▼▶◄"


#: The characters ``str.isspace`` takes, which ``str.strip`` removes (a test checks the list).
WHITE_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_LEADING = _BULLETS + WHITE_SPACE
_TRAILING = "|" + WHITE_SPACE


def line_key(line: str) -> str:
    """The part of a line that rules look at: no surrounding blanks, bullets or pipes.

    Plain string operations, not a pattern: the work stays linear in the
    line's length whatever the line holds.
    """
    key = line.strip()
    if key[:1] in _BULLETS:
        key = key.lstrip(_LEADING)
    if key[-1:] == "|":
        key = key.rstrip(_TRAILING)
    return key


def line_keys(lines: list[str]) -> list[str]:
    """``line_key`` of every line: most lines need only stripping, which is done for all at once."""
    keys = [line.strip() for line in lines]
    for n in [n for n, key in enumerate(keys) if key and (key[0] in _BULLETS or key[-1] == "|")]:
        keys[n] = line_key(keys[n])
    return keys


def has_more_words_than(text: str, n: int) -> bool:
    # Splits off at most n + 1 words: the cost stays bounded on long lines.
    words = len(text.split(None, n))
    if words > n or text.isascii():
        return words > n
    return words + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD > n


def ends_like_sentence(text: str) -> bool:
    return text[-1:] in SENTENCE_END_CHARS


def is_prose(text: str) -> bool:
    """A long line that ends like a sentence: the body of an article."""
    return ends_like_sentence(text) and has_more_words_than(text, PROSE_MIN_WORDS - 1)


def is_fragment(text: str) -> bool:
    """A short line that does not end like a sentence: judged by its neighbours."""
    return not ends_like_sentence(text) and not has_more_words_than(text, FRAGMENT_MAX_WORDS)


# A post's own stamp links to the post and its discussion; a reader comment's does not.
_POST_LINKS = regex.compile(r"permalink|trackback|\bcomments? ?\(\d|\b\d+ comments?\b", regex.IGNORECASE)


def is_post_stamp(text: str) -> bool:
    """A stamp that closes a blog post (``Posted by Kim at 9:12 PM | Permalink``), not a reader comment."""
    return _POST_LINKS.search(text) is not None


_NOT_WORD_OR_SPACE = regex.compile(r"[^\w\s]+")
_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")


def normalize_for_repeats(line: str) -> str:
    """The form under which lines count as the same across documents (as CCNet does).

    Lower case, every number a 0, punctuation dropped, white space folded: so
    ``© 2019 Example Ltd.`` and ``© 2020 Example Ltd`` are one line.
    """
    text = _DIGITS.sub("0", line.lower())
    return _SPACES.sub(" ", _NOT_WORD_OR_SPACE.sub(" ", text)).strip()


#: A line of at least this many words that breaks off mid-sentence can be wrapped text (see
#: ``may_wrap``): never a fragment, so context leaves it alone.
WRAPPED_MIN_WORDS = FRAGMENT_MAX_WORDS + 1

#: Text wrapped at a fixed width (plain-text pages, ``<pre>`` and ``<br>`` blocks, mail archives)
#: has lines of at most about 80 characters; longer lines are not wrapped text.
WRAPPED_MAX_CHARS = 100


def may_wrap(text: str) -> bool:
    """Whether a line can be a sentence wrapped at a fixed width, going on in a later line.

    Wrapped prose breaks off mid-sentence, and most of its words are in
    lower case: a list of titles is mostly capitalised words.
    """
    return (
        len(text) <= WRAPPED_MAX_CHARS
        and not ends_like_sentence(text)
        and has_more_words_than(text, WRAPPED_MIN_WORDS - 1)
        and _mostly_lower_case(text)
    )


def may_continue(text: str) -> bool:
    """Whether a line can go on with a wrapped sentence (see ``may_wrap``).

    It starts in lower case, most of its words are, and it is as long as a
    wrapped line or it is the short end of a paragraph, finishing a sentence.
    The second of ``tags 5:00 PM 0 A Look Back`` and ``nostalgia 21 Funny
    Food Ads From the 1900s`` is not: most of its words are capitalised.
    """
    return (
        text[:1].islower()
        and (ends_like_sentence(text) or has_more_words_than(text, WRAPPED_MIN_WORDS - 1))
        and _mostly_lower_case(text)
    )


#: A hard-wrapped line that breaks off a sentence holds at least this many characters (text wrapped
#: at 60 to 80 columns); a shorter line without an end mark is a heading, a label or a menu entry.
WRAP_MIN_CHARS = 40

#: A wrapped line is at least this share of the next one's width: wrapping fills each line but the last.
WRAP_MIN_WIDTH_SHARE = 0.7


def continues(above: str, below: str) -> bool:
    """Whether line ``below`` goes on with the sentence that line ``above`` breaks off: hard-wrapped text.

    Both are whole lines, white space and all. ``above`` has no end mark, is as wide as wrapped text
    is (``WRAP_MIN_CHARS`` to ``WRAPPED_MAX_CHARS``) and not much narrower than ``below``, the two
    stand at the same indent, and ``below`` is no list item and starts in lower case, or ``above``
    ends with a comma or a hyphen, or ``above`` is mostly in lower case (``... the IETF Trust's
    Legal`` / ``Provisions Relating to ...``): a sentence that runs on, not a list of titles.
    """
    if len(above) < WRAP_MIN_CHARS:  # most lines asked about: before any copy is made
        return False
    upper, lower = above.rstrip(), below.rstrip()
    upper_text, lower_text = upper.lstrip(), lower.lstrip()
    if not lower_text or not WRAP_MIN_CHARS <= len(upper) <= WRAPPED_MAX_CHARS:
        return False
    if len(upper) - len(upper_text) != len(lower) - len(lower_text) or len(upper) < WRAP_MIN_WIDTH_SHARE * len(lower):
        return False
    if ends_like_sentence(upper_text) or is_table_row(upper) or _LIST_ITEM.match(lower_text):
        return False
    return lower_text[:1].islower() or upper_text[-1] in ",-" or _mostly_lower_case(upper_text)


_LIST_ITEM = regex.compile(r"(?:[-*+•·–—]|\d{1,3}[.)]|[a-z][.)])\s")
_LIST_MARKER_FIRST = frozenset("-*+•·–—0123456789abcdefghijklmnopqrstuvwxyz")


def is_list_item(line: str) -> bool:
    """Whether a line (as it stands, not its key) opens with a list marker: ``- ``, ``+ ``, ``2. ``, ``b) ``."""
    text = line.lstrip()
    return text[:1] in _LIST_MARKER_FIRST and _LIST_ITEM.match(text) is not None


def may_join(above: str, below: str) -> bool:
    """Whether two consecutive lines may be parts of one thing: a wrapped sentence or two table rows.

    Lines that are (see ``Document.joins_next``) are judged together: a rule removes one only
    where it removes the other too.
    """
    return continues(above, below) or (is_table_row(above) and is_table_row(below))


def is_table_row(content: str) -> bool:
    """A row of a pipe or Markdown table (``| a | b |``, ``|---|---|``) or of a tab-aligned one."""
    text = content.strip()
    return (text[:1] == "|" and text.count("|") >= 2) or is_tab_row(text)


def is_tab_row(content: str) -> bool:
    """A row of a tab-aligned table: cells with a tab between them."""
    return "\t" in content.strip()


_TABLE_RULE = regex.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*")


def is_table_rule(content: str) -> bool:
    """The rule line under a Markdown table's header row: ``|---|:---:|``."""
    return "---" in content and _TABLE_RULE.fullmatch(content) is not None


#: A line of at least this many words, most in lower case, with sentence punctuation, reads as prose:
#: a phrase rule removes it only where the rule's phrase opens a sentence (see ``phrase_opens_sentence``).
PROSE_GUARD_MIN_WORDS = 10

#: The rule's phrase opens a sentence when at most this many words of the sentence come before it
#: (``Please note: ...``, ``Photo: ...`` ).
PHRASE_LEAD_MAX_WORDS = 2

_SENTENCE_PUNCTUATION = regex.compile(r"[.!?…,;:]")
_SENTENCE_BREAK = regex.compile(r"[.!?…:;]\s+")
_WORD_START = regex.compile(r"(?<!\S)\S")


def reads_as_prose(text: str) -> bool:
    """A sentence or more: many words, most in lower case, with sentence punctuation."""
    return (
        # A cheap test first: in ASCII, ten words take at least 19 characters.
        (len(text) >= 2 * PROSE_GUARD_MIN_WORDS - 1 or not text.isascii())
        and has_more_words_than(text, PROSE_GUARD_MIN_WORDS - 1)
        and _SENTENCE_PUNCTUATION.search(text) is not None
        and _mostly_lower_case(text)
    )


def phrase_opens_sentence(text: str, matches: Callable[[str], object]) -> bool:
    """Whether the phrase a rule finds in ``text`` opens a sentence rather than sits inside one.

    ``matches`` is the rule's full match. A rule that allows a free lead-in (``.{0,200}``) matches
    every tail of ``text`` from its first word up to the phrase: the phrase starts at the last word of
    that unbroken run. (A tail further on that matches again is another of the rule's phrases, not
    a lead-in: ``You can leave a response, or trackback ...`` starts with its phrase.) It opens a
    sentence when at most ``PHRASE_LEAD_MAX_WORDS`` words of its sentence come before it.
    """
    phrase = 0
    for word in _WORD_START.finditer(text, 1):
        if not matches(text[word.start() :]):
            break
        phrase = word.start()
    sentence = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, phrase)), default=0)
    return len(text[sentence:phrase].split()) <= PHRASE_LEAD_MAX_WORDS


def _mostly_lower_case(text: str) -> bool:
    words = text.split()
    return 3 * sum(word[0].isupper() for word in words) <= len(words)


def word_count(text: str) -> int:
    """Words, as ``has_more_words_than`` counts them (Chinese and Japanese by characters)."""
    words = len(text.split())
    return words if text.isascii() else words + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD


def word_counts(texts: list[str]) -> list[int]:
    """``word_count`` of each text: one call for a document's lines, most of them ASCII."""
    return [len(text.split()) if text.isascii() else word_count(text) for text in texts]


# ---- page mode: the article blocks of whole-page text ---------------------------------


@dataclass(frozen=True)
class PageCut:
    """How page mode finds the article blocks of whole-page text; ``CUTS`` names three settings.

    A line is *prose* when it ends like a sentence and has ``prose_min_words``
    words, or has ``long_line_words`` whatever its end (a paragraph that a
    scraper cut before its full stop); an item of a marked list (``+ Added
    …``, ``2. Fold …``) that ends like a sentence needs only
    ``list_item_min_words``: a changelog's or a recipe's items are short
    sentences, and a menu's entries neither have markers nor end marks. Prose lines at most ``gap`` non-blank
    lines apart form a passage; a passage of ``block_min_words`` words is an
    article block (with none, the longest passage is), and blocks at most
    ``bridge`` lines apart are one. Of the ``headline_lines`` lines above a
    block, those of at most ``headline_max_words`` words stay: the headline,
    a dateline, a byline. Within a block, ``furniture_lines`` lines that
    phrase rules removed between two passages (a share bar, the tags, the
    head of the comments) part it; a part below the largest one, past a line
    a phrase rule removed, stays only with ``below_block_share`` of the
    largest part's prose words: a smaller one is a sidebar, a teaser or a
    comment (an article's own footnotes follow it with no such line between).
    Everything else goes.

    Every test looks at prose lines, which no later pass removes, and at
    distances that only shrink when lines are removed; the heads above the
    blocks are left alone by the passes after it. So a second cleaning finds
    the same blocks and heads: page mode is idempotent.
    """

    prose_min_words: int
    list_item_min_words: int
    long_line_words: int
    gap: int
    block_min_words: int
    bridge: int
    headline_lines: int
    headline_max_words: int
    below_block_share: float
    furniture_lines: int


#: The knob of page mode, from keeping the most article to removing the most junk (see the README's
#: table of what each gives on the benchmark sets). ``hard`` looks as far above a block for its
#: headline as ``balanced``: with three lines, a byline, a date and a share bar hid a news headline
#: (page view, hard: bodyKept +0.6 aeb, +1.3 dragnet, +1.0 cleaneval for -0.004, -0.002, 0 F1).
CUTS = {
    "gentle": PageCut(
        prose_min_words=6, list_item_min_words=3, long_line_words=30, gap=8, block_min_words=15, bridge=40, headline_lines=8,
        headline_max_words=20, below_block_share=0.25, furniture_lines=3,
    ),
    "balanced": PageCut(
        prose_min_words=8, list_item_min_words=4, long_line_words=30, gap=6, block_min_words=20, bridge=30, headline_lines=6,
        headline_max_words=20, below_block_share=0.5, furniture_lines=3,
    ),
    "hard": PageCut(
        prose_min_words=10, list_item_min_words=5, long_line_words=30, gap=3, block_min_words=50, bridge=8, headline_lines=6,
        headline_max_words=20, below_block_share=1.0, furniture_lines=3,
    ),
}  # fmt: skip

#: A line of a page's furniture (a menu entry, a widget's label) has at most this many words.
FURNITURE_MAX_WORDS = 4
#: Page mode takes this many short lines in a row inside a block, each repeating a line of the menu
#: above the first block, for the menu printed again (``PAGE006``); one alone may be a sub-heading.
REPEATED_MENU_MIN_LINES = 2

#: ``text="auto"`` takes a document for whole-page text by the furniture around its article (see
#: ``page.looks_like_a_page``): page mode would remove at least this many of its lines ...
AUTO_MIN_OUTSIDE_LINES = 5
#: ... and above or below the article's passage stand at least this many short lines (of at most
#: ``FURNITURE_MAX_WORDS`` words), and at least this many lines there that the rules know ...
AUTO_MIN_FURNITURE = 12
AUTO_MIN_KNOWN = 3
#: ... or, with fewer known lines, at least this many short lines and this many on each side: menus
#: above the article and more below, which long lists in extractor output rarely make on both sides.
#: Set to take extractor output for a page rarely (see the README's figures): a page taken for
#: extractor output keeps its junk, but extractor output taken for a page may lose lines of the article.
AUTO_MIN_FURNITURE_UNKNOWN = 30
AUTO_MIN_FURNITURE_EACH_SIDE = 8
