"""PAGE: whole-page text, where menus, link lists and footers stand around the article (``text="page"``).

These rules run only in page mode (see ``heuristics.PageCut``): they find
the article block or blocks and remove what lies outside. They have no
pattern: a line's place among prose lines decides, not its words.
"""

from cleantext.rule import Rule

OUTSIDE_BLOCK = Rule(
    code="PAGE001",
    name="outside-article-block",
    why=(
        "A line of whole-page text that stands outside every article block: a run of prose lines "
        "(sentences of eight words or more) with the short lines among them, and the headline "
        "just above. Menus, link lists, sidebars and footers stand on their own lines around the "
        "article, and few of their neighbours are prose."
    ),
    example="'Sports' and 'Contact us' in the menu above the article's first paragraph",
)

SHORT_PASSAGE = Rule(
    code="PAGE002",
    name="short-passage",
    why=(
        "Prose lines that form a passage too short to be an article block, away from the blocks "
        "that are: a teaser in a sidebar, a one-sentence promotion, a footer's sentence."
    ),
    example="'Get the best of our journalism delivered to your inbox every morning.' in a sidebar",
)

TEASER_LIST = Rule(
    code="PAGE003",
    name="teaser-list",
    why=(
        "A 'related' heading inside an article block or in the head above one (PROMO006) and the "
        "short lines under it, up to the next prose line or a sub-heading set off above it: the headlines of other "
        "articles that a page sets between or after its paragraphs. The heading says what the "
        "lines are; in the default mode it goes only next to other junk, since an author's own "
        "further reading is written the same way."
    ),
    example="'Related Posts' and the three headlines under it, between two paragraphs of a page",
)

BELOW_COMMENT_FORM = Rule(
    code="PAGE004",
    name="below-comment-form",
    why=(
        "What follows a comment form's notice (COMMENT003: 'Your email address will not be "
        "published') below an article block: the form's fields, the page's footer and sidebars, and "
        "the comments some themes print under the form. Blog software prints the form after the "
        "post, and only on a post's own page, so the article ends above it."
    ),
    example="'Name *', 'Recent Posts' and the footer under 'Your email address will not be published.'",
)

SMALL_BLOCK_BELOW = Rule(
    code="PAGE005",
    name="small-block-below",
    why=(
        "Prose below the article's own (the largest block, or part of a block that three lines the "
        "phrase rules removed divide), much smaller than it, with a line the rules removed between the "
        "two (a share bar, a 'Related' heading, a footer line): a sidebar, a teaser or a comment. An "
        "article's own footnotes follow it directly."
    ),
    example="an author's note of 40 words under the share bar, below an article of 600",
)

REPEATED_MENU_LINE = Rule(
    code="PAGE006",
    name="repeated-menu-line",
    why=(
        "A short line inside an article block that repeats one of the menu above the first block "
        "(which page mode removes), with no figure in it: the site's menu printed again, between or below the "
        "paragraphs. A date or a count the article repeats from the top stays."
    ),
    example="'Our Work' below the article, when the menu at the top of the page has 'Our Work' too",
)


RULES = (
    OUTSIDE_BLOCK,
    SHORT_PASSAGE,
    TEASER_LIST,
    BELOW_COMMENT_FORM,
    SMALL_BLOCK_BELOW,
    REPEATED_MENU_LINE,
)
