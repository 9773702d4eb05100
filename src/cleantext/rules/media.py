"""MEDIA: photo credits, caption and gallery controls, video player messages."""

from cleantext.rule import Rule, Zone, one_of

# Agencies that only sell pictures: a line naming one alone is a photo credit.
# (A wire agency alone on a line is a story credit, CREDIT001.)
_PICTURE_AGENCY_NAMES = (
    r"getty images",
    r"shutterstock(?:\.com)?",
    r"istock(?:photo)?(?:\.com)?",
    r"picture[- ]alliance",
    r"imago(?: images)?",
    r"alamy",
    r"clipdealer",
    r"adobe ?stock",
    r"unsplash",
    r"pixabay",
)
_PHOTO_AGENCIES = one_of(*_PICTURE_AGENCY_NAMES, r"ap photo")
# Every agency a photo credit names after a slash: the picture agencies and the wires.
_AGENCIES = one_of(
    *_PICTURE_AGENCY_NAMES,
    r"ap(?: photo)?",
    r"afp",
    r"reuters",
    r"dpa",
    r"epa(?:-efe)?",
    r"ansa",
    r"efe",
    r"keystone",
    r"zuma(?: press)?",
    r"sipa",
    r"pa(?: images| media| wire)?",
)

RULES = (
    Rule(
        code="MEDIA001",
        name="photo-credit",
        why=(
            "The credit of a photo or image: who took it, not what the article says. Only next to other "
            "junk: between two paragraphs a credit is often kept as part of the article's text."
        ),
        example="Photo: Jane Doe, AP",
        zone=Zone.NEAR_JUNK,
        pattern=one_of(
            r"\(?(?:photo|photograph|image|picture|foto|fotos|bild|bilder|imagen|imagem|immagine|credit|credits|photo credit|image credit|bildquelle|cr[eé]dit(?: photo)?|fotograf[ií]a|beitragsbild|titelbild)s?\s*(?::|/|by|von|\u00a9)\s*[^.!?]{1,120}\.?\)?",
            r"[^.!?]{1,80}\s*/\s*" + _AGENCIES,
            # The same with a "via" tail, apart so that the form above ends in the agency's name.
            r"[^.!?]{1,80}\s*/\s*" + _AGENCIES + r" via .{1,40}",
            r"\(?" + _PHOTO_AGENCIES + r"(?:\s*(?:/|via)\s*[^.!?]{1,60})?\)?",
            r"(?:[\w.-]+ )?/ ?" + _AGENCIES,
        ),
    ),
    Rule(
        code="MEDIA002",
        name="caption-control",
        why="Buttons of image captions and galleries (hide caption, enlarge, view gallery).",
        example="toggle caption",
        pattern=one_of(
            r"(?:toggle|hide|show|close|expand) (?:caption|photo|image|gallery|slideshow)",
            r"(?:view|open|start|launch|see) (?:the )?(?:full )?(?:gallery|slideshow|photo gallery|image|full size)",
            r"(?:click (?:to|for) )?enlarge(?: (?:photo|this image|image))?",
            r"\|?\s*click to enlarge\s*\|?",
            r"zoom(?: in)?",
            r"vergr[oö](?:ß|ss)ern",
            r"agrandir",
            r"ampliar",
            r"ingrandisci",
            r"(?:next|previous|prev) (?:image|photo|slide)",
            r"bildergalerie",
            r"fotogalerie",
            r"gallery",
            r"\(?\d+ (?:photos|images|bilder|fotos|pictures)\)?",
        ),
    ),
    Rule(
        code="MEDIA003",
        name="image-caption-label",
        why="A caption or copyright label of an embedded image (Image copyright, Media caption).",
        example="Image copyright Getty Images",
        pattern=one_of(
            r"(?:image|media|photo|video) (?:copyright|source|caption)\b\s*:?.{0,200}",
            r"copyright:? " + _AGENCIES,
        ),
    ),
    Rule(
        code="MEDIA004",
        name="player-message",
        why="A message of a video or audio player, or of a script that did not run.",
        example="Your browser does not support the video tag.",
        pattern=one_of(
            r"your browser does(?: not|n['’]t) support.{0,100}",
            r"(?:this )?(?:video|audio|content) (?:is )?(?:not available|unavailable|can(?:not|['’]t) be played).{0,100}",
            r"(?:please )?(?:enable|turn on|activate) javascript.{0,150}",
            r"javascript (?:is )?(?:required|disabled).{0,150}",
            r"media playback is (?:unsupported|not supported) on your device\.?",
            r"(?:press|click|tap) (?:the )?play.{0,60}",
            # The placeholder of a widget that filled in by script: "Loading…", "Loading headlines...",
            # and a player's without an ellipsis.
            r"loading(?: [\w ]{1,20})?\s*(?:\.{2,3}|…)",
            r"loading (?:video|player|audio)\.?",
            r"playing next",
            r"up next",
            r"now playing",
            r"autoplay(?: (?:on|off))?",
            r"skip ad",
            r"dieses video wird [uü]ber youtube.{0,200}",
            r"(?:empfohlener redaktioneller|externer) inhalt",
            r"um (?:dieses|das) video.{0,100}",
            r"an error (?:has )?occurred,? please try again(?: later)?\.?",
            r"ein fehler ist aufgetaucht.{0,60}",
            r"there was an error processing your (?:subscription|request)\.?",
            r"sorry!?",
            r"(?:watch|view) (?:the )?video(?: (?:here|now|below|above))?\s*:?",
        ),
    ),
    Rule(
        code="MEDIA005",
        name="media-label",
        why="A bare media type label (Image, Video, Caption) standing in for an embedded object.",
        example="Video",
        zone=Zone.NEAR_JUNK,
        pattern=one_of(
            r"images?",
            r"videos?",
            r"photos?",
            r"caption",
            r"audio",
            r"graphic",
            r"infographic",
            r"bild",
            r"foto",
            r"\d{1,2}\s*:\s*\d{2}(?::\d{2})?",
            r"duration:?.{0,20}",
        ),
    ),
)
