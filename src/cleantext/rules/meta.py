"""META: page metadata lines: stamps, reading time, view counters, bylines."""

from cleantext.rule import Rule, Status, one_of

_MONTH = one_of(
    r"jan(?:uary|uar|vier|eiro|naio)?\.?",
    r"feb(?:ruary|ruar)?\.?",
    r"f[eé]v(?:rier)?\.?",
    r"fevereiro",
    r"febbraio",
    r"mar(?:ch|s|zo|ço)?\.?",
    r"m[aä]rz",
    r"apr(?:il|ile)?\.?",
    r"avr(?:il)?\.?",
    r"abr(?:il)?\.?",
    r"may",
    r"mai",
    r"mayo",
    r"maio",
    r"maggio",
    r"june?\.?",
    r"juni",
    r"juin",
    r"junio",
    r"junho",
    r"giugno",
    r"july?\.?",
    r"juli",
    r"juillet",
    r"julio",
    r"julho",
    r"luglio",
    r"aug(?:ust)?\.?",
    r"ao[uû]t",
    r"agosto",
    r"sept?(?:ember)?\.?",
    r"septembre",
    r"septiembre",
    r"setembro",
    r"settembre",
    r"oct(?:ober)?\.?",
    r"okt(?:ober)?\.?",
    r"octobre",
    r"octubre",
    r"outubro",
    r"ottobre",
    r"nov(?:ember|embre|iembre|embro)?\.?",
    r"dec(?:ember)?\.?",
    r"dez(?:ember|embro)?\.?",
    r"d[eé]cembre",
    r"diciembre",
    r"dicembre",
)
_WEEKDAY = (
    one_of(
        r"mon(?:day)?",
        r"tue(?:s|sday)?",
        r"wed(?:nesday)?",
        r"thu(?:rs|rsday)?",
        r"fri(?:day)?",
        r"sat(?:urday)?",
        r"sun(?:day)?",
        r"montag",
        r"dienstag",
        r"mittwoch",
        r"donnerstag",
        r"freitag",
        r"samstag",
        r"sonntag",
        r"lundi",
        r"mardi",
        r"mercredi",
        r"jeudi",
        r"vendredi",
        r"samedi",
        r"dimanche",
        r"lunes",
        r"martes",
        r"mi[eé]rcoles",
        r"jueves",
        r"viernes",
        r"s[aá]bado",
        r"domingo",
        r"segunda-feira",
        r"ter[cç]a-feira",
        r"quarta-feira",
        r"quinta-feira",
        r"sexta-feira",
        r"luned[iì]",
        r"marted[iì]",
        r"mercoled[iì]",
        r"gioved[iì]",
        r"venerd[iì]",
        r"sabato",
        r"domenica",
    )
    + r"\.?,?"
)
_TIME = r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?|\s*uhr|\s*h)?(?:\s+[A-Z]{2,4})?"
_DATE = one_of(
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}",
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?)?",
    r"\d{1,2}\.?\s*(?:de\s+)?" + _MONTH + r",?\s*(?:de\s+)?\d{4}",
    _MONTH + r"\s*\d{1,2}(?:st|nd|rd|th)?,?\s*\d{4}",
)
_STAMP_LABEL = one_of(
    r"updated",
    r"last updated",
    r"last modified",
    r"published",
    r"first published",
    r"posted(?: on)?",
    r"created",
    r"modified",
    r"date",
    r"datum",
    r"aktualisiert(?: am)?",
    r"zuletzt aktualisiert(?: am)?",
    r"ver[oö]ffentlicht(?: am)?",
    r"erschienen(?: am)?",
    r"stand",
    r"letzte [äa]nderung",
    r"mis à jour(?: le)?",
    r"publi[eé](?: le)?",
    r"actualizado(?: el)?",
    r"publicado(?: el| em)?",
    r"atualizado(?: em)?",
    r"aggiornato(?: il| alle)?",
    r"pubblicato(?: il)?",
    r"\d{1,2} (?:minutes?|hours?|days?) ago",
)

RULES = (
    Rule(
        code="META001",
        name="updated-stamp",
        why="A published or updated time stamp: page metadata, not article text. Some corpora keep stamps with the article (dragnet's gold does), so this rule is preview.",
        example="Updated: Nov. 19, 2019 9:01 AM",
        status=Status.PREVIEW,
        pattern=_STAMP_LABEL
        + r"\s*:?\s*(?:on |at |um |le |el |em |il )?(?:(?=\d|"
        + _MONTH
        + r"|"
        + _WEEKDAY
        + r")[\w,.:/ ()+|-]{1,80})?",
    ),
    Rule(
        code="META002",
        name="date-line",
        why="A line holding only a date (and perhaps a time): the page's date stamp. Blogs put the post date in the body, so this rule is preview.",
        example="Tuesday, November 19, 2019 08:38 AM",
        status=Status.PREVIEW,
        pattern=r"(?:"
        + _WEEKDAY
        + r"\s*)?"
        + _DATE
        + r"(?:\s*(?:,|at|um|à|às|alle|-|/|\|)?\s*"
        + _TIME
        + r")?"
        + r"(?:\s*[/|-]\s*(?:updated|aktualisiert)[^.!?]{0,40})?",
    ),
    Rule(
        code="META003",
        name="reading-time",
        why="An estimated reading time shown by the page template.",
        example="5 min read",
        pattern=one_of(
            r"(?:\d+|one|two|three|four|five|ten)[ -](?:min(?:ute)?s?\.?|minuten?)(?: (?:read|reading time|lesezeit|de lecture|de lectura|de leitura|di lettura))",
            r"(?:estimated )?(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura)\s*:?\s*(?:ca\.\s*)?(?:\d+|one|un|uma?|eine?|less than a)?\s*(?:min(?:ute|uten|utes|utos|uti|uto)?s?\.?)?",
        ),
    ),
    Rule(
        code="META004",
        name="view-counter",
        why=(
            "A view, read, rating or comment counter of the page (a listing entry's date and comment "
            "count among them): a figure about the page, not the story."
        ),
        example="1,234 views",
        pattern=one_of(
            r"\d[\d,. ]*\s*(?:views|aufrufe|vues|visitas|visualiza[cç][oõ]es|visualizzazioni|reads|hits|leser)",
            r"(?:views|aufrufe|hits)\s*:\s*\d[\d,. ]*",
            # A listing entry's stamp: its date and its comment count.
            _DATE
            + r"(?:\s*"
            + _TIME
            + r")?\s*\|\s*\d+\s*(?:comments?|comment\(s\)|kommentare?|commentaires?|comentarios?)",
            r"aufrufe:?",
            r"\(?(?:noch )?keine bewertungen?(?: vorhanden)?\)?",
            r"\(?no ratings? yet\)?",
        ),
    ),
    Rule(
        code="META005",
        name="byline",
        why=("A bare byline (By Jane Doe). Some corpora keep bylines as part of the article, so this rule is preview."),
        example="By Jane Doe and John Roe",
        status=Status.PREVIEW,
        pattern=r"(?:by|von|par|por|di|de)\s+(?-i:\p{Lu})[\w.'’-]*(?:\s+(?-i:\p{Lu})[\w.'’-]*){0,3}"
        r"(?:\s*(?:,|and|und|et|y|e|&)\s*(?-i:\p{Lu})[\w.'’-]*(?:\s+(?-i:\p{Lu})[\w.'’-]*){0,3}){0,4}"
        r"(?:\s*[,|/–—-]\s*[^.!?]{0,80})?",
    ),
    Rule(
        code="META006",
        name="posted-by-label",
        why="A bare 'posted by' or 'written by' label whose name was lost in extraction.",
        example="Posted by",
        pattern=one_of(
            r"(?:posted|written|submitted|published) by:?",
            r"(?:geschrieben|ver[oö]ffentlicht) von:?",
            r"publi[eé] par",
            r"publicado por",
            r"pubblicato da",
        ),
    ),
)
