"""SOCIAL: share buttons, follow prompts and social profile links."""

from cleantext.rule import Rule, Zone, one_of

# The share services whose button labels trafilatura's text filter drops,
# plus a few newer networks.
_SERVICES = one_of(
    r"facebook",
    r"twitter",
    r"x",
    r"google\+?",
    r"linkedin",
    r"whatsapp",
    r"xing",
    r"instagram",
    r"pinterest",
    r"reddit",
    r"pocket",
    r"flipboard",
    r"tumblr",
    r"telegram",
    r"wechat",
    r"weibo",
    r"qq",
    r"e-?mail",
    r"mail",
    r"messenger",
    r"threads",
    r"bluesky",
    r"mastodon",
    r"youtube",
    r"tiktok",
    r"sms",
    r"digg",
    r"stumbleupon",
    r"delicious",
    r"vk",
    r"print",
    r"pdf",
    r"drucken",
)
_NETWORKS = one_of(
    r"facebook",
    r"twitter",
    r"instagram",
    r"linkedin",
    r"youtube",
    r"tiktok",
    r"pinterest",
    r"threads",
    r"bluesky",
    r"mastodon",
    r"x",
)

RULES = (
    Rule(
        code="SOCIAL001",
        name="share-service-button",
        why="The label of a share button: a service name standing alone, as trafilatura's text filter recognises, or a row of them.",
        example="WhatsApp",
        pattern=one_of(
            r"(?:share (?:on|via|to) )?"
            + _SERVICES
            + r"(?:\s*[(\[]?\d+[)\]]?)?(?:\s*[|/,]\s*"
            + _SERVICES
            + r"(?:\s*\d+)?)*",
            # Buttons run together by the scraper ("Twitter Facebook"). Only the networks: two
            # service names side by side can be a product ("Facebook Messenger").
            _NETWORKS + r"(?:\s+" + _NETWORKS + r")+",
        ),
    ),
    Rule(
        code="SOCIAL002",
        name="share-prompt",
        why="An invitation to share the page, with no content of its own.",
        example="Share this article",
        pattern=one_of(
            r"share(?: this)?(?: (?:article|story|post|page|video|gallery|on|via|with)(?: [\w.'’ ]{1,30})?)?\s*[:!]?",
            r"(?:like this story\? )?share it with a friend!?",
            r"(?:send|email|e-mail) (?:this|it)? ?to a friend!?",
            r"email this\s*blogthis!.{0,80}",
            r"(?:digg this|save to del\.icio\.us)(?:\s*\|\s*(?:digg this|save to del\.icio\.us))*",
            r"sorry, your blog cannot share posts by e-?mail\.?",
            r"post was not sent - check your e-?mail addresses!?",
            r"e-?mail check failed, please try again",
            r"send to e-?mail address.{0,60}",
            r"copy (?:the )?link",
            r"link kopieren",
            r"url zum kopieren",
            r"sharen mit\s*:?",
            r"weiterempfehlen",
            r"empfiehl (?:dies|uns) deinen freunden\.?",
            r"mit (?:anderen|freunden) teil(?:l)?en",
            r"(?:artikel|beitrag|seite|geschichte|diesen artikel|diesen beitrag|diese geschichte|diese seite|inhalt|news) teilen\s*:?",
            r"m[oö]chten sie (?:den|diesen) artikel teilen\??",
            r"den artikel mit anderen teilen.{0,30}",
            r"podziel si[eę]\s*:?",
            r"like (?:it|this)\? share it!?",
            r"flattr this!?:?",
            r"teilen(?: sie dies)?(?: mit)?\s*:?",
            r"jetzt teilen!?",
            r"partager(?: cet article| sur [\w ]{1,20})?\s*:?",
            r"compartir(?: en [\w ]{1,20})?\s*:?",
            r"compartilh(?:e|ar)(?: [\w ]{1,30})?\s*:?",
            r"condividi(?: su [\w ]{1,20})?\s*:?",
            r"tweet(?: this)?",
            # A row of button labels: "Share Tweet this", "Like Tweet +1 Share Pin It Share".
            r"(?:share|like)\s+tweet(?: this)?(?:\s+(?:\+1|share|pin it|submit|e-?mail))*",
            r"twittern",
            r"pin it",
            r"share this:?",
        ),
    ),
    Rule(
        code="SOCIAL003",
        name="follow-prompt",
        why="An invitation to follow the outlet or author on social networks.",
        example="Follow us on Twitter",
        pattern=one_of(
            r"(?:follow|find|join|like|connect with|subscribe to) (?:us|me) (?:on|at) " + _NETWORKS + r"\b.{0,160}",
            r"(?:follow|connect with|find) us!?(?: on .{1,60})?",
            r"(?:you can )?keep up with (?:me|us) on .{1,40}",
            r"folg(?:en sie|e|t) (?:uns|mir)\b.{0,120}",
            r"suivez-(?:nous|moi)\b.{0,120}",
            r"s[ií]gue(?:nos|me)\b.{0,120}",
            r"siga-(?:nos|me)\b.{0,120}",
            r"seguic?i\b.{0,120}",
            r"stay connected",
            r"social media",
            r"soziale netzwerke",
            r"latest tweets",
        ),
    ),
    Rule(
        code="SOCIAL004",
        name="social-handle",
        why="A bare social profile link or handle, left from an author box or footer.",
        example="twitter.com/example",
        pattern=one_of(
            _NETWORKS + r"(?: fan page)?\s*:\s*\S+",
            r"(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|youtube|tiktok)\.com/\S+",
            r"@\w{1,30}",
        ),
    ),
    Rule(
        code="SOCIAL005",
        name="like-widget",
        why="The text of a like button or like counter.",
        example="Be the first to like this.",
        pattern=one_of(
            r"like(?: this)?:?",
            r"like loading\.{0,3}",
            r"be the first to like this\.?",
            r"sei der erste,? dem dies gef[aä]llt\.?",
            r"gef[aä]llt mir",
            r"j['’]aime(?: chargement…)?",
            r"me gusta",
            r"curtir",
            r"mi piace",
            r"\d[\d,.]*\s*(?:shares?|tweets?|likes?|recs?|pins?|reactions?)\s*\|?",
        ),
    ),
    Rule(
        code="SOCIAL006",
        name="named-follow-prompt",
        why=(
            "An invitation to follow a named author or outlet on a social network. Only next to other "
            "junk: right after the text it is often the author's sign-off, kept as part of the article."
        ),
        example="Follow Jane Doe on Twitter @janedoe",
        zone=Zone.NEAR_JUNK,
        pattern=one_of(
            r"(?:follow|find|join|like|connect with|subscribe to) [\w@.'’& -]{1,50} (?:on|at) "
            + _NETWORKS
            + r"\b.{0,160}",
            r"follow @\w{1,30}\b.{0,160}",
            r"[\w!.'’ ]{1,30} on twitter",
        ),
    ),
)
