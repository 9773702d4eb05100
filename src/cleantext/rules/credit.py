"""CREDIT: syndication, reporting, source, contact and platform credits."""

from cleantext.rule import Rule, Status, one_of

_UPPER_NAME = r"(?-i:\p{Lu})[\w.'’-]*"
_WIRES = one_of(
    r"news service",
    r"news agency",
    r"wire service",
    r"newswire",
    r"news wire",
    r"reuters",
    r"associated press",
    r"ap",
    r"afp",
    r"dpa",
    r"ansa",
    r"efe",
    r"upi",
    r"bloomberg(?: news)?",
    r"xinhua",
    r"pti",
    r"ians",
    r"kyodo",
    r"yonhap",
    r"tass",
    r"agencies",
    r"news desk",
    r"press association",
    r"pa media",
    r"apa",
    r"sda",
    r"kna",
    r"epd",
    r"kathpress",
    r"lusa",
    r"europa press",
    r"ag[eê]ncia brasil",
    r"agence france-presse",
    r"tribune news service",
)

RULES = (
    Rule(
        code="CREDIT001",
        name="news-service-credit",
        why=(
            "A syndication credit naming the wire or news service the story came from. Useful "
            "metadata, but not article text; switch the CREDIT set off to keep credits."
        ),
        example="(New York Times News Service)",
        pattern=r"[(\[]?\s*(?:[-–—]\s*)?(?:(?:with|by|from|via|source|quelle|mit)\s*:?\s*)?(?:the )?(?:[\w.&'’-]+\s){0,5}"
        + _WIRES
        + r"(?:\s*(?:/|,|and|und|&)\s*(?:[\w.&'’-]+\s){0,3}"
        + _WIRES
        + r")*(?:\s*[)\]])?\.?",
    ),
    Rule(
        code="CREDIT002",
        name="reporting-credit",
        why=(
            "The reporting, writing and editing credits that close a wire story. Opt-in: the conventions "
            "differ on whether such a credit belongs to the article. Of the lines it removed on the public "
            "benchmarks, one gold kept 3 of 28, another 25 of 53, a third 9 of 9, and readability keeps "
            "them; `--extend-select CREDIT002` removes them."
        ),
        example="(Reporting by Jane Doe; Editing by John Roe)",
        status=Status.OPT_IN,
        pattern=one_of(
            r"\(?(?:additional |further )?(?:reporting|writing|editing|research|translation|translated|compiled|produced|graphics|fact-checking) by\s"
            + _UPPER_NAME
            + r".{0,300}\)?",
            r"\(?[^.!?]{1,200}\bcontributed (?:to )?(?:this |the )?(?:report|reporting|story|article)(?: from [^.!?]{1,80})?\.?\)?",
            r"\(?(?:associated press|ap|reuters|afp) (?:writers?|reporters?|correspondents?|researchers?) .{1,300}\)?",
            r"(?:mit material von|mit agenturmaterial|material:) .{1,100}",
            r"avec (?:l['’])?afp\.?",
            r"con informaci[oó]n de .{1,100}",
            r"com informa[cç][oõ]es d[aoe]s? .{1,100}",
            r"(?:edited|written) by\s" + _UPPER_NAME + r"[^.!?]{0,80}",
        ),
    ),
    Rule(
        code="CREDIT003",
        name="source-line",
        why="A 'Source:' line naming where the item came from.",
        example="SOURCE: News agencies",
        pattern=one_of(
            r"(?:source|quelle|fuente|fonte|źródło|originalbeitrag)\s*:\s*[^.!?\d]{1,80}",
            r"quellen und inspiration:?.{0,120}",
        ),
    ),
    Rule(
        code="CREDIT004",
        name="contact-credit",
        why="How to reach the author or newsroom: a footer, not part of the reporting.",
        example="Write to Jane Doe at jane.doe@example.com",
        pattern=one_of(
            r"(?:write to|email|e-mail|contact|reach) (?:the (?:author|reporter|writer)s?|[\w.'’ -]{1,60}) (?:at|on|via) .{1,250}",
            r"[^.!?]{1,80} (?:can|may) be reached at .{1,250}",
            r"have a (?:news )?tip\?.{0,250}",
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            r"[\w.+-]+\[at\][\w-]+(?:\.[\w-]+)+",
        ),
    ),
    Rule(
        code="CREDIT005",
        name="platform-credit",
        why="The blog platform or theme credit of a page footer.",
        example="Proudly powered by WordPress",
        pattern=one_of(
            r"(?:proudly |powdered |blog |site |(?:blog )?comments )?powered by .{1,40}",
            r"(?:bloggen auf|blog at|website (?:powered )?by) wordpress\.com\.?",
            r"theme:? .{1,40} by .{1,40}",
            r"(?:erstelle|create) (?:eine kostenlose website oder blog|a free website or blog).{0,40}",
            r"(?:web ?site|site|theme) (?:designed|developed|built) by .{1,40}",
        ),
    ),
    Rule(
        code="CREDIT006",
        name="author-box",
        why=(
            "Author box headings and links to an author's other posts. On by default: of the lines it "
            "removed on the public benchmarks, the golds kept 16 of 261, and only one of three keeps an "
            "`About me` or `About the author` heading, which on most pages heads a sidebar box."
        ),
        example="View all posts by Becky",
        pattern=one_of(
            r"(?:view|see|read) all (?:posts|articles|stories|entries) by .{1,60}",
            r"view (?:my )?(?:complete )?profile",
            r"member since \d{1,2}/\d{2,4}",
            r"(?:more|other) (?:articles|stories|posts) (?:by|from) .{1,60}",
            r"alle (?:beitr[aä]ge|artikel) von .{1,60}",
            r"about the author",
            r"[uü]ber den autor(?:in)?",
            r"[uü]ber mich",
            r"mehr [uü]ber mich",
            r"about me",
            r"[àa] propos de l['’]auteur",
            r"sobre el autor",
            r"sobre o autor",
            r"sull['’]autore",
        ),
    ),
)
