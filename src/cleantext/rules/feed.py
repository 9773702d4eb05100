"""FEED: footers and stubs that feed readers and syndication pipelines append."""

from cleantext.rule import Rule, Zone, one_of

#: Language codes feed exporters write: ISO 639-1, and the ISO 639-2 forms seen in feeds.
_LANGUAGE_CODES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv", "da", "fi", "cs", "sk", "hu", "ro", "bg",
    "el", "tr", "ar", "fa", "hi", "zh", "ja", "ko", "vi", "th", "ca", "hr", "sr", "sl", "et", "lv", "lt",
    "eng", "deu", "ger", "fra", "fre", "spa", "ita", "por", "nld", "rus",
)  # fmt: skip

RULES = (
    Rule(
        code="FEED001",
        name="feed-origin-notice",
        why="A note from the feed pipeline about how the item arrived; it describes the transport, not the story.",
        example="This is news coming in via RDF/XML",
        pattern=one_of(
            r"(?:this is )?news coming in via .{1,40}",
            r"(?:this (?:item|entry|post) (?:was )?)?(?:received|delivered) via (?:rss|atom|rdf|xml|json)(?: feed)?.{0,40}",
            r"via (?:rss|atom|rdf)(?: feed)?",
        ),
    ),
    Rule(
        code="FEED002",
        name="feed-subscribe-link",
        why="Links to the site's RSS or Atom feeds, a standard footer of blog templates.",
        example="Subscribe to: Post Comments (Atom)",
        pattern=one_of(
            r"subscribe to:?",
            r"site feed",
            r"you can follow any responses to this entry through the rss \d\.\d feed\.?.{0,200}",
            r"delivered by feedburner",
            r"subscribe to:? (?:posts|comments|post comments) \((?:atom|rss)\)",
            r"(?:posts|comments|post comments|entries) \((?:atom|rss)\)",
            r"(?:rss|atom)(?: feeds?)?",
            r"(?:full text|excerpts|comments) feed",
            r"rss feed for comments on this post\.?.{0,60}",
            r"you can follow this conversation by subscribing to the comment feed for this post\.?",
            r"subscribe in a reader",
            r"entries \(rss\)\s*(?:\||and)\s*comments \(rss\)\.?",
            r"(?:rss|atom)-feed(?: abonnieren)?",
            r"flux rss",
            r"syndication",
        ),
    ),
    Rule(
        code="FEED003",
        name="trackback-link",
        why="Trackback and pingback addresses of blog software; machine plumbing, not prose.",
        example="TrackBack URL for this entry:",
        pattern=one_of(
            r"trackback ur[il](?: for this (?:entry|post))?:?.{0,120}",
            r"trackbacks?(?: \(\d+\))?",
            r"pingbacks?(?: \(\d+\))?",
            r"(?:you can )?(?:leave a response|skip to the end and leave a response),? or trackback from your own site\.?",
            r"(?:pingback|trackback) (?:von|from|by|de)\b.{0,200}",
            r"links to this post",
            r"links zu diesem post",
            r"metaweblog",
        ),
    ),
    Rule(
        code="FEED004",
        name="desk-stub",
        why="A bare desk or source name left at the end by a feed (InfoDesk, Web Desk), with no sentence around it.",
        example="InfoDesk",
        zone=Zone.BOTTOM,
        pattern=one_of(
            r"(?:info|news|web|online|digital|city|foreign|national|metro|sports?|business) ?desk",
            r"newswire",
            r"wire(?: service)?",
            r"news agencies",
            r"agencies",
            r"staff",
            r"agency",
        ),
    ),
    Rule(
        code="FEED005",
        name="language-stub",
        why="A language code (en, de-DE) that a feed exporter wrote after the text: a field value, not a word of the article.",
        example="en",
        zone=Zone.BOTTOM,
        # Codes that are also common words or abbreviations at the end of a text (UK, ID, No, Is)
        # are left out: a last line "UK" is more likely a dateline or tag than a field value.
        pattern=one_of(*_LANGUAGE_CODES) + r"(?:[-_][a-z]{2})?",
    ),
    Rule(
        code="FEED006",
        name="wire-slug",
        why="A news-wire slug or version line (AP-US--Topic, 4th Ld-Writethru): routing data for editors.",
        example="AP-US--Trump-Impeachment, 4th Ld-Writethru",
        pattern=one_of(
            r"[A-Z]{2,3}-[A-Z]{2,4}--[\w-]{1,60}(?:,.{0,60})?",
            r".{0,80}\b\d+(?:st|nd|rd|th) ld(?:-| )writethru.{0,40}",
            r".{0,80}\bld-writethru\b.{0,40}",
        ),
    ),
)
