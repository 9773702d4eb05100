"""LEGAL: copyright, cookie and consent notices, policy links and disclosures."""

from cleantext.rule import Rule, Shape, Zone, one_of

_POLICY_LINK = one_of(
    r"privacy(?: policy| notice| statement| settings)",
    r"privacy (?:&|and) cookies?(?: policy)?",
    r"terms(?: of (?:use|service|sale))",
    r"terms (?:and|&) conditions",
    r"cookie (?:policy|settings|preferences)",
    r"imprint",
    r"impressum",
    r"datenschutz(?:erkl[aä]rung|bestimmungen|hinweise|einstellungen)?",
    r"nutzungsbedingungen",
    r"allgemeine nutzungsbedingungen",
    r"agb",
    r"mentions l[eé]gales",
    r"politique de confidentialit[eé]",
    r"conditions g[eé]n[eé]rales(?: d['’]utilisation)?",
    r"aviso legal",
    r"pol[ií]tica de (?:privacidad|privacidade|cookies)",
    r"termos de uso",
    r"note legali",
    r"informativa (?:sulla )?privacy",
    r"sitemap",
    r"site ?map",
    r"dmca",
    r"haftungsausschluss",
    r"rechtliches",
    r"user agreement",
    r"ethics policy",
    r"accessibility(?: statement)?",
    r"ad ?choices",
    r"do not sell my (?:personal )?info(?:rmation)?",
)

# Up to five sentences of at most nine words each ("Powered by WordPress."); a
# full stop inside a word (example.com, v1.3) does not end a sentence.
_WORD = r"(?:[^\s.!?]|[.!?](?![\s.!?]))+"
_SHORT_SENTENCES = r"(?:" + _WORD + r"(?:\s+" + _WORD + r"){0,8}[.!?]+\s+){0,5}"

RULES = (
    Rule(
        code="LEGAL001",
        name="copyright-notice",
        why="A copyright or rights-reserved line from the page footer.",
        example="© 2024 Example Media Ltd. All rights reserved.",
        pattern=one_of(
            # The mark may follow short sentences ("Powered by WordPress.") and a
            # lead-in ("Artwork and photos ©"), not a sentence of ten words or more,
            # which is the article's; nor may a sentence run on after it in lower
            # case ("The Directory © contains every address"): a trade mark.
            _SHORT_SENTENCES + r"(?:[^.!?]|[.!?](?!\s)){0,150}"
            r"(?:©|\(c\) ?\d{4}|&copy;|copyright\s*(?:©|\(c\))?\s*\d{4})"
            r"(?!\s*(?!by\b)(?-i:\p{Ll})\w*(?:\s+[^\W\d]+){6}).{0,250}",
            r"copyright\s+[^.!?]{1,60}\d{4}.{0,200}",
            r"copyright(?: notice)?",
            r".{0,200}\b(?:all|some) rights reserved\b.{0,200}",
            r".{0,120}\b(?:alle rechte vorbehalten|tous droits r[eé]serv[eé]s|todos los derechos reservados|todos os direitos reservados|tutti i diritti riservati|riproduzione riservata)\b.{0,120}",
            r"materia[lł] chroniony prawem.{0,120}",
            r"all content is licensed.{0,160}",
        ),
    ),
    Rule(
        code="LEGAL002",
        name="cookie-notice",
        why="A cookie or consent banner's text, shown on every page of a site.",
        example="This website uses cookies to improve your experience.",
        shape=Shape.NOTICE,
        pattern=one_of(
            r".{0,200}\b(?:we use cookies|(?:this|our) (?:site|website|web site) uses cookies|uses cookies to|use of cookies|by continuing to (?:use|browse) (?:this|our) (?:site|website)|accept (?:all )?cookies|wir verwenden cookies|(?:diese|unsere) (?:web)?seite (?:verwendet|nutzt|speichert) cookies|cookies? akzeptieren|utilise des cookies|nous utilisons des cookies|utilizamos cookies|usamos cookies|este (?:sitio|site) (?:web )?(?:utiliza|usa) cookies|utilizziamo (?:i )?cookie|questo sito utilizza (?:i )?cookie)\b.{0,300}",
            r"was sind cookies\?",
            r"cookie-einstellungen",
            r"cookie settings",
            r"manage cookies",
        ),
    ),
    Rule(
        code="LEGAL003",
        name="consent-button",
        why="The buttons of a consent banner (Accept, Reject all); they sit next to the banner's text.",
        example="Accept all",
        zone=Zone.NEAR_JUNK,
        pattern=one_of(
            r"accept(?: all)?",
            r"reject all",
            r"(?:alle )?akzeptieren",
            r"ablehnen",
            r"tout accepter",
            r"refuser",
            r"aceptar(?: todo)?",
            r"rechazar",
            r"aceitar",
            r"accetta(?: tutti)?",
            r"rifiuta",
            r"i agree",
            r"got it!?",
            r"ok(?:ay)?,? (?:i agree|got it)",
            r"ok",
            r"close",
            r"dismiss",
            r"schlie(?:ß|ss)en",
            r"fermer",
            r"cerrar",
            r"fechar",
            r"chiudi",
        ),
    ),
    Rule(
        code="LEGAL004",
        name="policy-links",
        why="Links to privacy policy, terms, imprint and similar legal pages, alone or as a footer row.",
        example="Privacy Policy | Terms of Use",
        pattern=_POLICY_LINK + r"(?:\s*[|•·/,\\]+\s*" + _POLICY_LINK + r")*\.?",
    ),
    Rule(
        code="LEGAL005",
        name="affiliate-disclosure",
        why="A disclosure that links earn the publisher a commission: required by law, but not article text.",
        example="We may earn a commission when you buy through links on our site.",
        shape=Shape.NOTICE,
        pattern=one_of(
            r".{0,200}\b(?:affiliate (?:(?:and/or|and|or) (?:referral|sponsored) )?(?:links?|commissions?|partners?|programs?)|as an amazon associate|we (?:may )?(?:earn|receive|get) (?:a )?(?:small )?(?:commission|share of (?:the )?sales?)|may get a share of the sale)\b.{0,250}",
            r"(?:if|when) you (?:buy|purchase) (?:something|products?|items?) (?:through|via|from) (?:this post|our links|links (?:on|in)).{0,200}",
            r".{0,160}\b(?:affiliate-links?|provisions-links?|werbelinks?|enth[aä]lt (?:affiliate|werbe)-?links?|liens? affili[eé]s?|enlaces? de afiliados?|links? de afiliados?|link affiliati)\b.{0,200}",
            r"f[uü]r links auf dieser seite .{0,200}",
            r"(?:advertising|affiliate|amazon associates?) disclosure",
            r"affiliate-?links?:?",
            r"werbung\s*[.:]?\s*(?:dieser|der) (?:beitrag|artikel|post) enth[aä]lt .{0,80}",
        ),
    ),
    Rule(
        code="LEGAL006",
        name="trust-principles",
        why="A link to the outlet's editorial standards or trust principles, printed under every story.",
        example="Our Standards: The Thomson Reuters Trust Principles.",
        pattern=one_of(
            r"(?:our standards:?\s*)?(?:the )?[\w ]{0,30}trust principles\.?",
            r"(?:our )?(?:editorial|ethics) (?:standards|policy|guidelines|code)\.?",
        ),
    ),
    Rule(
        code="LEGAL007",
        name="reprint-notice",
        why="Terms of use for copying the article, printed by the publisher's page template.",
        example="This material may not be published, broadcast, rewritten or redistributed.",
        pattern=one_of(
            r"this (?:copy|material|article|content) (?:is for your personal|may not be|must not be).{0,300}",
            r"(?:vervielf[aä]ltigung|nachdruck|weiterverbreitung) nur mit (?:schriftlicher )?genehmigung.{0,200}",
            r"reproduction (?:interdite|int[eé]grale ou partielle).{0,200}",
            r"prohibida su reproducci[oó]n.{0,200}",
            r"[eé] proibida a reprodu[cç][aã]o.{0,200}",
            r"distribution and use of this material are governed by.{0,200}",
        ),
    ),
    Rule(
        code="LEGAL008",
        name="disclaimer",
        why="A legal disclaimer or opinion notice from the page template.",
        example="Disclaimer: The views expressed are those of the author.",
        pattern=one_of(
            r"(?:disclaimer|haftungsausschluss|haftungshinweis|haftungsbeschr[aä]nkung(?: f[uü]r externe links)?)\s*(?::.{0,300})?",
            r"the views (?:and opinions )?expressed (?:here|in this (?:article|post|blog|column)).{0,200}",
            r"trotz sorgf[aä]ltiger inhaltlicher kontrolle.{0,300}",
        ),
    ),
    Rule(
        code="LEGAL009",
        name="form-consent",
        why="Consent text of a sign-up or contact form.",
        example="I consent to receiving emails and accept the privacy policy.",
        pattern=one_of(
            r"i (?:consent|agree) to (?:receiving|receive|the|these|your).{0,200}",
            r"by (?:signing up|subscribing|submitting|clicking).{0,40}(?:you|i) agree.{0,200}",
            r"mit (?:der )?absendung des formulars.{0,200}",
            r"(?:ich )?akzeptiere die datenschutz(?:bestimmungen|erkl[aä]rung).{0,100}",
            r"bitte beachte auch die datenschutzerkl[aä]rung.{0,100}",
        ),
    ),
)
