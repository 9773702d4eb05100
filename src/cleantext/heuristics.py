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


def line_key(line: str) -> str:
    """The part of a line that rules look at: no surrounding blanks, bullets or pipes.

    Plain string operations, not a pattern: the work stays linear in the
    line's length whatever the line holds.
    """
    key = line.strip()
    start, end = 0, len(key)
    if key[:1] in _BULLETS:
        while start < end and (key[start] in _BULLETS or key[start].isspace()):
            start += 1
    if key[-1:] == "|":
        while end > start and (key[end - 1] == "|" or key[end - 1].isspace()):
            end -= 1
    return key[start:end]


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
