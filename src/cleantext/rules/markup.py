"""MARKUP: HTML that a scraper left in the text instead of rendering it."""

from cleantext.rule import Rule, Zone, one_of

# Element names of HTML proper, so that a title in angle brackets
# ("<The Palace: Jang Noksu>") or a placeholder ("<pip-installed packages>")
# never reads as a tag.
_ELEMENT = one_of(
    r"a",
    r"abbr",
    r"acronym",
    r"b",
    r"blockquote",
    r"body",
    r"br",
    r"center",
    r"cite",
    r"code",
    r"dd",
    r"del",
    r"div",
    r"dl",
    r"dt",
    r"em",
    r"embed",
    r"font",
    r"form",
    r"h[1-6]",
    r"head",
    r"hr",
    r"html",
    r"i",
    r"iframe",
    r"img",
    r"input",
    r"li",
    r"link",
    r"meta",
    r"noscript",
    r"object",
    r"ol",
    r"option",
    r"p",
    r"param",
    r"pre",
    r"q",
    r"s",
    r"script",
    r"select",
    r"small",
    r"span",
    r"strike",
    r"strong",
    r"style",
    r"sub",
    r"sup",
    r"table",
    r"tbody",
    r"td",
    r"th",
    r"thead",
    r"tr",
    r"u",
    r"ul",
)
_ATTRIBUTE = r"""\s+[\w:.-]+(?:\s*=\s*(?:"[^"<>]{0,300}"|'[^'<>]{0,300}'|[^\s"'<>]{1,300}))?"""
_TAG = r"</?" + _ELEMENT + r"(?:" + _ATTRIBUTE + r"){0,20}\s*/?>"
# Elements whose content is code, not text: the rest of the line is theirs.
_CODE_ELEMENT = one_of(r"script", r"style", r"iframe", r"noscript", r"object", r"embed")

RULES = (
    Rule(
        code="MARKUP001",
        name="entity-residue",
        why=(
            "A line of nothing but HTML character references (&nbsp;): the spacing of a layout "
            "table that the scraper copied instead of decoding, with no text in it."
        ),
        example="&nbsp; &nbsp;",
        pattern=r"(?:&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});?\s*)+",
    ),
    Rule(
        code="MARKUP002",
        name="tag-residue",
        why=(
            "A line of bare HTML tags, a script or embed element, an HTML comment or a CDATA "
            "marker: markup the scraper did not render. Only next to other junk, since a "
            "tutorial's code listing holds the same lines as article text."
        ),
        example='<script type="text/javascript" src="http://ads.example/ad.js"></script>',
        zone=Zone.NEAR_JUNK,
        pattern=one_of(
            r"(?:" + _TAG + r"\s*)+",
            r"<" + _CODE_ELEMENT + r"\b.{0,400}",
            r"<!--.{0,400}",
            r".{0,400}-->",
            r"(?://\s*)?<!\[CDATA\[.{0,400}",
            r"(?://\s*)?\]\]>",
        ),
    ),
)
