"""CTX: heuristics that judge a short line by its neighbours (see ``heuristics.py``)."""

from cleantext.rule import Rule, Status

SANDWICHED_FRAGMENT = Rule(
    code="CTX001",
    name="sandwiched-fragment",
    why=(
        "A short fragment whose nearest non-blank neighbours on both sides were removed. "
        "Menus, link lists and footers come in runs, and the entries that no phrase rule "
        "knows sit between ones that it does; body text does not sit alone between junk."
    ),
    example="Home / Breaking News / Weather / Leave a Reply: Weather goes with its neighbours",
)

EDGE_FRAGMENT = Rule(
    code="CTX002",
    name="edge-fragment",
    why=(
        "A fragment of at most three words between a removed line and the top or bottom "
        "edge of the document. Feed footers and page furniture trail off into stubs such "
        "as a desk name or a language code; a headline is longer and stays."
    ),
    example="a last line 'InfoDesk' after a removed feed footer",
)

COMMENT_THREAD = Rule(
    code="CTX003",
    name="comment-thread",
    why=(
        "The text of a reader comment: a line between two comment stamps (COMMENT007) at most "
        "ten non-blank lines apart. Blog software prints a stamp with every comment, so what "
        "lies between two close stamps is one comment, not the article; a post's own stamp, "
        "with a permalink or a comment count, does not count. Preview, like COMMENT007, which "
        "it needs: some corpora keep reader comments."
    ),
    example="'Great post, thanks!' between 'Posted by: Ana at May 2, 2005 9:10 AM' and the next stamp",
    status=Status.PREVIEW,
)


RULES = (
    SANDWICHED_FRAGMENT,
    EDGE_FRAGMENT,
    COMMENT_THREAD,
)
