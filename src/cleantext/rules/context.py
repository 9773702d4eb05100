"""CTX: heuristics that judge a short line by its neighbours (see ``heuristics.py``)."""

from cleantext.rule import Rule

RULES = (
    Rule(
        code="CTX001",
        name="sandwiched-fragment",
        why=(
            "A short fragment whose nearest non-blank neighbours on both sides were removed. "
            "Menus, link lists and footers come in runs, and the entries that no phrase rule "
            "knows sit between ones that it does; body text does not sit alone between junk."
        ),
        example="Home / Breaking News / Weather / Leave a Reply: Weather goes with its neighbours",
    ),
    Rule(
        code="CTX002",
        name="edge-fragment",
        why=(
            "A fragment of at most three words between a removed line and the top or bottom "
            "edge of the document. Feed footers and page furniture trail off into stubs such "
            "as a desk name or a language code; a headline is longer and stays."
        ),
        example="a last line 'InfoDesk' after a removed feed footer",
    ),
)
