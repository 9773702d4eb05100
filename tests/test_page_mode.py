"""Page mode: whole-page text, where only the article blocks (and the headline above) stay."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from cleantext import Config, ConfigError, clean, clean_and_explain, heuristics, is_whole_page, tasks
from conftest import ROOT, SEEDS, needs_seeds, run

PAGE = ROOT / "fixtures" / "page" / "harbour-page.txt"
EXPECTED = ROOT / "fixtures" / "page" / "harbour-page.expected.txt"
PAGE_MODE = Config(text="page")


def test_a_page_keeps_its_article_headline_byline_dateline_subheading_and_caption() -> None:
    assert clean(PAGE.read_text(encoding="utf-8"), PAGE_MODE) == EXPECTED.read_text(encoding="utf-8")


def test_every_removal_names_the_signal() -> None:
    result = clean_and_explain(PAGE.read_text(encoding="utf-8"), PAGE_MODE)
    reasons = {r.line: (r.code, r.reason) for r in result.removals}
    assert reasons["Ferry fares rise again"] == (
        "PAGE001",
        "outside the article block (lines 19-29): 1 of its 6 nearest lines are prose",
    )
    assert reasons["Every Friday morning, the week on the island in one short letter."] == (
        "PAGE002",
        "a passage of 1 prose line (12 words) outside the article blocks, shorter than the 20 words a block has",
    )
    assert reasons["Subscribe"][0] == "PROMO011"  # the phrase rules apply as in the default mode


def test_a_teaser_list_inside_the_article_block_goes_with_its_heading() -> None:
    article = EXPECTED.read_text(encoding="utf-8").split("\n\n")
    teasers = ["Related Articles", "Ferry fares rise again", "New harbour master named"]
    page = "\n\n".join([*article[:3], "\n".join(teasers), *article[3:]])
    removals = [(r.line, r.code, r.reason) for r in clean_and_explain(page, PAGE_MODE).removals]
    heading = page.split("\n").index("Related Articles") + 1
    assert removals == [
        ("Related Articles", "PAGE003", "a related-links heading over 2 lines inside the article block: a teaser list"),
        *[
            (
                t,
                "PAGE003",
                f"under the related-links heading on line {heading}, inside the article block: a teaser list",
            )
            for t in teasers[1:]
        ],
    ]
    assert clean(page) == page  # the default mode keeps it: no other junk stands next to it


def test_what_stands_below_a_comment_form_goes_and_the_comments_above_it_stay() -> None:
    article = EXPECTED.read_text(encoding="utf-8")
    comment_above = "I have taken the morning boat for twenty years and I hope the council keeps it running."
    form = ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Name *"]
    below = [
        "Tomas Berg",
        "The later boat suits the school run much better, so I am glad the plan passed after all.",
        "Harbour Web is written by volunteers and printed on the island every Friday.",
    ]
    page = "\n\n".join([article.rstrip("\n"), comment_above, "\n".join(form), "\n".join(below)]) + "\n"
    result = clean_and_explain(page, PAGE_MODE)
    form_line = page.split("\n").index(form[1]) + 1
    reason = f"below the comment form on line {form_line}: the article ends above it"
    assert [(r.line, r.code, r.reason) for r in result.removals if r.code == "PAGE004"] == [
        (line, "PAGE004", reason) for line in [form[2], *below]
    ]
    assert result.text == article + "\n" + comment_above + "\n"
    assert clean(result.text, PAGE_MODE) == result.text
    assert below[1] in clean(page, Config(text="page", ignore=("PAGE004",)))


WRAPPED_PAGE = ROOT / "fixtures" / "page" / "library-notes-page.txt"
WRAPPED_EXPECTED = ROOT / "fixtures" / "page" / "library-notes-page.expected.txt"


@pytest.mark.parametrize("cut", ["gentle", "balanced", "hard"])
def test_text_wrapped_at_a_fixed_width_is_prose_line_by_line(cut: str) -> None:
    # A plain-text page: its paragraphs are cut into lines of about 70 characters, most of which
    # end mid-sentence. Read line by line, hardly any is prose; read as wrapped text, all are.
    page = WRAPPED_PAGE.read_text(encoding="utf-8")
    expected = WRAPPED_EXPECTED.read_text(encoding="utf-8")
    assert clean(page, Config(text="page", cut=cut)) == expected
    assert "rather than at the counter." in expected  # the short end of the last paragraph
    assert "Home" not in expected and "Previous issue" not in expected


def test_a_list_of_lower_case_titles_is_not_wrapped_text() -> None:
    assert heuristics.may_wrap("while the old radiators are replaced and the shelves along the north")
    assert heuristics.may_continue("wall are moved to make room.")  # the short end of a paragraph
    assert not heuristics.may_wrap("the shelves along the north wall are moved to make room for a table.")
    assert not heuristics.may_wrap("ferries 5:00 PM 0 Island Council Approves The New Winter Timetable Today")
    assert not heuristics.may_continue("harbour 4:12 PM 2 New Harbour Master Named After Long Search")


def test_a_wrapped_sentence_goes_on_past_a_line_that_cannot_continue_it() -> None:
    # Removing the link between the two halves (as the zone rules do here) makes no new pair, so a
    # second cleaning keeps what the first kept.
    article = WRAPPED_EXPECTED.read_text(encoding="utf-8")
    page = "the reading room will close while the old radiators are replaced and\nRelated Articles\n"
    page += "the shelves are moved to make room for a second table.\nHome\n\n" + article
    once = clean(page, PAGE_MODE)
    assert "the shelves are moved to make room for a second table." in once
    assert clean(once, PAGE_MODE) == once
    # Found by the property test when only side-by-side lines made a pair: the first cleaning
    # removed the heading between the two halves, and the second then found a passage and took Home.
    found = "the the the the the the the the the\nBreaking News\nRelated Articles\nthe the the.\nHome"
    once = clean(found, PAGE_MODE)
    assert clean(once, PAGE_MODE) == once


def test_the_default_mode_leaves_a_page_mostly_as_it_is() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "Ferry fares rise again" in clean(text)
    assert "Ferry fares rise again" not in clean(text, PAGE_MODE)


def test_the_cut_orders_what_goes() -> None:
    text = (
        PAGE.read_text(encoding="utf-8") + "\nThe harbour master said the old timetable had served the island well.\n"
    )
    removed = {
        cut: len(clean_and_explain(text, Config(text="page", cut=cut)).removals)
        for cut in ("gentle", "balanced", "hard")
    }
    assert removed["gentle"] <= removed["balanced"] <= removed["hard"]


def test_a_page_with_no_prose_is_left_to_the_phrase_rules() -> None:
    menu = "Island Life\nFerry Times\nHarbour Web\nOur Staff\n"
    assert clean(menu, PAGE_MODE) == menu


def test_ignoring_the_page_rules_keeps_what_they_would_remove() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert clean(text, Config(text="page", ignore=("PAGE",))) == clean(text)


def test_ignoring_the_small_block_rule_keeps_every_block_below_the_article() -> None:
    case = tomllib.loads((ROOT / "fixtures" / "rules" / "PAGE005.toml").read_text(encoding="utf-8"))["remove"][0]
    assert case["lines"][0] not in clean(case["document"], PAGE_MODE)
    assert case["lines"][0] in clean(case["document"], Config(text="page", ignore=("PAGE005",)))
    assert is_whole_page(case["document"], Config(text="auto")) == is_whole_page(
        case["document"], Config(text="auto", ignore=("PAGE005",))
    )


def test_auto_takes_a_whole_page_for_a_page_and_extractor_output_for_extractor_output() -> None:
    auto = Config(text="auto")
    page = PAGE.read_text(encoding="utf-8")
    assert clean(page, auto) == clean(page, PAGE_MODE)
    article = EXPECTED.read_text(encoding="utf-8")
    assert clean(article, auto) == clean(article)
    assert (is_whole_page(page), is_whole_page(article)) == (True, False)


_STOPS = ["Gull Island", "North Quay", "Seal Rock", "Old Pier", "Lantern Point", "Kelp Bay", "Heron Cove"]
_STOPS += ["Mill Harbour", "Stone Steps", "Puffin Reef", "Salt Marsh", "Ash Landing"]
_TIMETABLE_ARTICLE = [
    "The harbour board published the winter timetable on Monday after a long meeting with the ferry crews.",
    "Boats will leave every ninety minutes from the north quay and call at each stop on the way round.",
    "The board said the later evening sailing would return in the spring once the new boat arrived.",
]


def test_auto_takes_a_page_shape_without_any_line_the_rules_know_for_extractor_output() -> None:
    # Long lists around an article give extractor output a page's shape (many short lines above
    # and below); what it lacks is a page's furniture: a menu, a share button, a copyright line.
    listing = "\n".join(["Winter stops, outbound", *_STOPS, *_TIMETABLE_ARTICLE, "Winter stops, return", *_STOPS[::-1]])
    page = f"Home\nShare\n{listing}\n© 2026 Harbour News. All rights reserved.\n"
    assert (is_whole_page(listing), is_whole_page(page)) == (False, True)
    assert clean(listing, Config(text="auto")) == clean(listing) == listing


_PIER_ARTICLE = [
    "The council voted on Tuesday to repair the old stone pier before the storms of the coming winter.",
    "Work will start next month and the pier will stay open to walkers on most days while it goes on.",
    "Fishermen who moor there asked the council to keep one berth free for them during the repairs.",
]


def test_a_related_heading_above_a_block_goes_as_it_would_inside_one() -> None:
    # Two articles with links between them: the first cleaning takes the links away, so a second
    # finds the two articles close enough to be one block, with the heading above the second inside
    # it. The first cleaning removes that heading already, and a second removes nothing.
    hard = Config(text="page", cut="hard")
    page = "\n".join([*_TIMETABLE_ARTICLE, *_STOPS[:10], "Related Stories", "Latest", *_PIER_ARTICLE]) + "\n"
    once = clean_and_explain(page, hard)
    heading = page.split("\n").index("Related Stories") + 1
    assert [(r.line, r.code, r.reason) for r in once.removals][-2:] == [
        (
            "Related Stories",
            "PAGE003",
            "a related-links heading over 1 line in the head above the article block: a teaser list",
        ),
        (
            "Latest",
            "PAGE003",
            f"under the related-links heading on line {heading}, in the head above the article block: a teaser list",
        ),
    ]
    assert clean(once.text, hard) == once.text == "\n".join([*_TIMETABLE_ARTICLE, *_PIER_ARTICLE]) + "\n"


_FOOTER = ["Home", "Share", "Facebook", "Twitter", "Instagram", "LinkedIn", "Pinterest", "Reddit", "Email", "Print"]
_FOOTER += ["Contact us", "About us", "Careers", "Sitemap", "RSS", "Privacy Policy", "Cookie Policy", "Terms of Use"]
_FOOTER += ["Accessibility", "Help", "FAQ", "Back to top"]
#: An article with its headline, and the links to the other stops that a page shows below it.
_HEADLINED_ARTICLE = ["Harbour board publishes the winter timetable", *_TIMETABLE_ARTICLE]
_STOP_LINKS = [*_STOPS, *_STOPS[::-1]]


def test_auto_takes_a_page_whose_article_starts_at_the_top_by_its_furniture_below() -> None:
    # No menu above the article: the page's furniture is all below it (links to other stops, then
    # the site's own links, which the rules know).
    article = _HEADLINED_ARTICLE
    page = "\n".join([*article, *_STOP_LINKS, *_FOOTER]) + "\n"
    assert is_whole_page(page)
    assert clean(page, Config(text="auto")) == clean(page, PAGE_MODE) == "\n".join(article) + "\n"
    # The same shape with a list no rule knows (a timetable's stops), on one side only, stays
    # extractor output, and so does one with fewer known lines than a page's furniture has.
    assert not is_whole_page("\n".join([*article, *_STOP_LINKS]) + "\n")
    known = _FOOTER[: heuristics.AUTO_MIN_KNOWN - 1]
    assert not is_whole_page("\n".join([*article, *_STOP_LINKS, *known]) + "\n")


def test_auto_judges_what_page_mode_keeps_as_a_second_cleaning_will() -> None:
    # A second cleaning takes the article for extractor output, where a menu line at the top goes
    # (NAV013, in the edge zones). Page mode keeps it as the article's head; auto removes it at once.
    article = _HEADLINED_ARTICLE
    page = "\n".join(["Ferries | Weather | Island Life | Tides", *article, *_STOP_LINKS, *_FOOTER]) + "\n"
    auto = Config(text="auto")
    once = clean_and_explain(page, auto)
    assert once.removals[0].code == "NAV013"
    assert clean(once.text, auto) == once.text == "\n".join(article) + "\n"
    assert clean(page, PAGE_MODE).startswith("Ferries | Weather")


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_auto_cleans_the_seeds_as_the_default_mode_does(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert clean(text, Config(text="auto")) == (SEEDS / "expected" / seed.name).read_text(encoding="utf-8")


def test_bad_values_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="text: expected one of extract, page, auto, got 'pages'"):
        Config(text="pages")
    with pytest.raises(ConfigError, match="cut: expected one of gentle, balanced, hard, got 'soft'"):
        Config(cut="soft")


def test_the_command_takes_text_and_cut_from_flags_and_settings(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE.read_bytes())
    code, out, _ = run(["--text", "page", str(page)], capfdbinary)
    assert (code, out) == (0, EXPECTED.read_text(encoding="utf-8"))
    (tmp_path / "cleantext.toml").write_text('text = "page"\ncut = "hard"\n')
    code, out, _ = run(["--show-settings", str(page)], capfdbinary)
    assert "text = 'page'" in out and "cut = 'hard'" in out
    code, out, _ = run(["-q", "--output-format", "json", "--check", str(page)], capfdbinary)
    assert code == 1 and {r["code"] for r in json.loads(out)["removals"]} >= {"PAGE001", "PAGE002"}
    (tmp_path / "cleantext.toml").write_text('text = "whole"\n')
    code, _, err = run([str(page)], capfdbinary)
    assert code == 2 and "text: expected one of extract, page, auto, got 'whole'" in err


def test_a_large_page_is_judged_whole_not_in_sections(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 64)  # every file counts as large
    page = tmp_path / "page.txt"
    page.write_bytes(PAGE.read_bytes())
    assert run(["-q", "--text", "page", "-i", str(page)], capfdbinary)[0] == 0
    assert page.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")


SHAPED_PAGES = ROOT / "fixtures" / "page"


def _cleaned_fixture(name: str, cut: str) -> tuple[str, str]:
    """A page fixture cleaned at ``cut`` (checked idempotent), and its expected text."""
    page = (SHAPED_PAGES / f"{name}.txt").read_text(encoding="utf-8")
    expected = (SHAPED_PAGES / f"{name}.expected.txt").read_text(encoding="utf-8")
    cleaned = clean(page, Config(text="page", cut=cut))
    assert clean(cleaned, Config(text="page", cut=cut)) == cleaned
    return cleaned, expected


@pytest.mark.parametrize("cut", ["gentle", "balanced", "hard"])
def test_a_table_that_the_articles_last_line_introduces_is_the_articles(cut: str) -> None:
    # `The new fares ... are:` ends the article's block; the rows under it are no prose, and they
    # stood outside the block, menus of a sort, until the colon took them in.
    cleaned, expected = _cleaned_fixture("table-article", cut)
    assert cleaned == expected
    assert "Car and driver  18.50" in expected and "Related Stories" not in expected


@pytest.mark.parametrize("cut", ["gentle", "balanced", "hard"])
def test_a_changelog_keeps_every_item_of_its_lists(cut: str) -> None:
    # Its items are short sentences under a marker (`+ Added ...`): as plain lines they were too short
    # for prose, and at the default cut the block ended at the third item.
    cleaned, expected = _cleaned_fixture("changelog", cut)
    assert cleaned == expected
    assert "- Dropped support for Python 3.8." in expected and "Sign in" not in expected


def test_a_teaser_list_below_the_article_goes_and_its_headline_stays() -> None:
    cleaned, expected = _cleaned_fixture("teaser-list", "balanced")
    assert cleaned == expected
    assert expected.startswith("Spring sportive draws a record field\n")
    assert "Photos)" not in expected and "Why we ride in the rain" not in expected
