"""Plain-text articles of every common shape: headers, datelines, captions, trailers, layout."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ImportRejected
from archive.importing.agencies import reference_list
from archive.importing.dates import parse_date_line
from archive.importing.draft import ArticleDraft
from archive.importing.layout import paragraphs
from archive.importing.text import parse_text

BODY = (
    "Iran said on Monday it would keep backing the Syrian government in its war, officials"
    " said.\n\n"
    "The statement came a day after the army retook the ancient city of Palmyra from"
    " militants.\n"
)


def roles(draft: ArticleDraft) -> set[tuple[str, str]]:
    return {(ref.name, ref.role) for ref in draft.agencies}


def test_headline_byline_with_agency_and_date() -> None:
    draft = parse_text(
        "Iran vows more support for Syria\n\nBy Jane Smith and Ali Khan, Reuters\n"
        "March 28, 2016\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.byline == "By Jane Smith and Ali Khan, Reuters"
    assert draft.authors == ("Jane Smith", "Ali Khan")
    assert draft.published_at == datetime(2016, 3, 28, tzinfo=UTC)
    assert roles(draft) == {("Reuters", "credit")}
    assert len(draft.paragraphs) == 2


def test_title_style_header_fields() -> None:
    draft = parse_text(
        "Title: Iran vows more support for Syria\nAuthor: Jane Smith\nDate: 2016-03-28\n"
        "Source: Example Wire\nURL: https://example.org/iran-syria\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.authors == ("Jane Smith",)
    assert draft.published_at == datetime(2016, 3, 28, tzinfo=UTC)
    assert draft.source_name == "Example Wire"
    assert draft.url == "https://example.org/iran-syria"
    assert draft.paragraphs[0].startswith("Iran said on Monday")


def test_agency_staff_byline() -> None:
    draft = parse_text("Iran vows more support for Syria\n\nReuters staff\n\n" + BODY)
    assert draft.byline == "Reuters staff"
    assert draft.authors == ("Reuters staff",)
    assert roles(draft) == {("Reuters", "credit")}


def test_a_first_line_that_is_a_sentence_is_not_a_headline() -> None:
    draft = parse_text("Iran said on Monday it would keep backing Syria.\n\n" + BODY)
    assert draft.headline is None
    assert draft.paragraphs[0] == "Iran said on Monday it would keep backing Syria."


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("TEHRAN (Reuters) - ", "TEHRAN", "Reuters"),
        ("BEIRUT, March 28 (AFP) - ", "BEIRUT", "Agence France-Presse"),
        ("TEHRAN, Iran (AP) — ", "TEHRAN, Iran", "Associated Press"),
        ("WASHINGTON — ", "WASHINGTON", None),
        ("Gaborone, Botswana — ", "Gaborone, Botswana", None),
        ("Washington, D.C. -- ", "Washington, D.C.", None),
    ],
)
def test_datelines(opening: str, place: str, agency: str | None) -> None:
    draft = parse_text(opening + BODY)
    assert draft.dateline == place
    assert draft.paragraphs[0].startswith("Iran said on Monday")
    assert roles(draft) == ({(agency, "credit")} if agency else set())


@pytest.mark.parametrize(
    "opening", ["However, Smith — ", "In Kabul, Afghanistan — ", "Monday, March — "]
)
def test_a_sentence_opening_with_a_comma_and_a_dash_is_no_dateline(opening: str) -> None:
    draft = parse_text(opening + BODY)
    assert draft.dateline is None
    assert draft.paragraphs[0].startswith(opening.strip())


# One paragraph per line, no blank lines: how pages copied as plain text often arrive.
ONE_LINE_PARAGRAPHS = (
    "Iran said on Monday it would keep backing the Syrian government in its war against the"
    " militants who held the ancient city, officials in Tehran said.\n"
    "The statement came a day after the army retook the ancient city of Palmyra from the"
    " militants who had held it for almost a year, state media reported.\n"
)


def test_a_title_straight_above_one_line_paragraphs_is_the_headline() -> None:
    draft = parse_text("Iran vows more support for Syria\n" + ONE_LINE_PARAGRAPHS)
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.paragraphs[0].startswith("Iran said on Monday")


@pytest.mark.parametrize(
    "first_line",
    [
        "Iran vows",  # a word or two alone: a drop cap or a kicker, not a title
        "Iran said on Monday it would keep backing Syria.",  # a sentence
        "TEHRAN (Reuters) -",  # a dateline on its own line
    ],
)
def test_what_stands_above_one_line_paragraphs_without_being_a_title(first_line: str) -> None:
    draft = parse_text(first_line + "\n" + ONE_LINE_PARAGRAPHS)
    assert draft.headline is None


def test_a_hard_wrapped_first_line_is_not_a_headline() -> None:
    wrapped = textwrap.fill(ONE_LINE_PARAGRAPHS.split("\n")[0], width=60)
    draft = parse_text(wrapped + "\n\n" + BODY)
    assert draft.headline is None
    assert draft.paragraphs[0].startswith("Iran said on Monday it would keep backing")


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        (
            "US Secretary Of State Colin Powell Resigns - 2004-11-16",
            "US Secretary Of State Colin Powell Resigns",
        ),
        ("Powell resigns | March 28, 2016", "Powell resigns"),
        ("VOA news: Monday, March 28th, 2016", "VOA news: Monday, March 28th, 2016"),
    ],
)
def test_a_date_printed_on_the_title_line_is_the_publication_date(
    title: str, headline: str
) -> None:
    draft = parse_text(title + "\n\n" + BODY)
    assert draft.headline == headline
    assert draft.published_at is not None
    assert draft.published_at.date().isoformat() in {"2004-11-16", "2016-03-28"}


def test_a_title_with_a_dash_but_no_date_stays_whole() -> None:
    draft = parse_text("Iran - the view from Tehran\n\n" + BODY)
    assert draft.headline == "Iran - the view from Tehran"
    assert draft.published_at is None


def test_a_byline_with_the_authors_rank_and_unit_names_one_author() -> None:
    draft = parse_text(
        "USS Newport News Welcomes New Commanding Officer\n\n"
        "By Kevin Copeland, Commander, Submarine Force, Atlantic Public Affairs\n\n" + BODY
    )
    assert draft.byline == (
        "By Kevin Copeland, Commander, Submarine Force, Atlantic Public Affairs"
    )
    assert draft.authors == ("Kevin Copeland",)


def test_a_story_number_above_the_byline_is_page_furniture() -> None:
    draft = parse_text(
        "USS Newport News Welcomes New Commanding Officer\n\nStory Number: NNS100420-23\n\n"
        "By Kevin Copeland\n\nNORFOLK, Va. (NNS) -- " + BODY
    )
    assert draft.authors == ("Kevin Copeland",)
    assert draft.removed_boilerplate == ("Story Number: NNS100420-23",)
    assert draft.dateline == "NORFOLK, Va."
    assert roles(draft) == {("Navy News Service", "credit")}
    assert draft.paragraphs[0].startswith("Iran said on Monday")


PROMOTION = (
    "Give us 5 minutes, and we'll give you the world. Around the clock, we keep you in touch."
)


def test_a_block_the_page_prints_twice_above_the_story_is_page_furniture() -> None:
    draft = parse_text(
        f"Feed aggregator\nNewscasts\n{PROMOTION}\nNewscasts\n{PROMOTION}\n"
        "Iran vows more support for Syria\nTehran, Iran — " + ONE_LINE_PARAGRAPHS
    )
    assert draft.removed_boilerplate == (
        "Feed aggregator",
        "Newscasts",
        PROMOTION,
        "Newscasts",
        PROMOTION,
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.dateline == "Tehran, Iran"
    assert draft.paragraphs[0].startswith("Iran said on Monday")


def test_a_title_repeated_as_a_subheading_further_down_stays_the_headline() -> None:
    title = "Was it a terror attack?"
    draft = parse_text(f"{title}\n\n{BODY}\n{BODY}\n{title}\n\n{BODY}")
    assert draft.headline == title
    assert draft.removed_boilerplate == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday, 28 March 2016", datetime(2016, 3, 28, tzinfo=UTC)),
        ("March 28, 2016", datetime(2016, 3, 28, tzinfo=UTC)),
        ("Mar. 28, 2016", datetime(2016, 3, 28, tzinfo=UTC)),
        ("2016-03-28", datetime(2016, 3, 28, tzinfo=UTC)),
        ("28th March 2016", datetime(2016, 3, 28, tzinfo=UTC)),
        (
            "Published: Monday, March 28, 2016 10:15 AM EDT",
            datetime(2016, 3, 28, 14, 15, tzinfo=UTC),
        ),
        ("Updated 28 March 2016 18:40 GMT", datetime(2016, 3, 28, 18, 40, tzinfo=UTC)),
        ("Iran said on March 28, 2016 that it would stay.", None),
        ("February 30, 2016", None),
    ],
)
def test_date_lines(line: str, expected: datetime | None) -> None:
    assert parse_date_line(line) == expected


def test_caption_with_photographer_credit() -> None:
    draft = parse_text(
        "Syrian soldiers walk through the ruins of Palmyra on Sunday. (AP Photo/Vahid Salemi)\n"
        "By Agencies\nMonday, 28 March 2016\n" + BODY
    )
    [image] = draft.images
    assert image.caption == "Syrian soldiers walk through the ruins of Palmyra on Sunday."
    assert (image.credit, image.credit_agency) == ("AP Photo/Vahid Salemi", "Associated Press")
    assert ("Associated Press", "photo") in roles(draft)
    assert "Palmyra on Sunday" not in draft.body


def test_caption_with_photo_label_inside_the_story() -> None:
    draft = parse_text(
        BODY + "\nA man walks past a damaged building in Palmyra. Photo: Reuters\n\n"
        "The army said it had cleared the old city of mines.\n"
    )
    [image] = draft.images
    assert (image.credit, image.credit_agency) == ("Reuters", "Reuters")
    assert len(draft.paragraphs) == 3


def test_credit_lines_leave_the_body_and_credit_their_agencies() -> None:
    draft = parse_text(BODY + "\n(With Reuters, AFP)\n")
    assert roles(draft) == {("Reuters", "credit"), ("Agence France-Presse", "credit")}
    assert "With Reuters" not in draft.body
    draft = parse_text(BODY + "\n(Reporting by Parisa Hafezi; Editing by\nLouise Heavens)\n")
    assert "Reporting by" not in draft.body
    draft = parse_text(BODY + "\nInformation for this report is provided by AP, AFP and Reuters.\n")
    assert roles(draft) == {
        ("Associated Press", "credit"),
        ("Agence France-Presse", "credit"),
        ("Reuters", "credit"),
    }


def test_trailing_page_furniture_is_removed_and_recorded() -> None:
    draft = parse_text(
        BODY + "\nShare this:\nTwitter\nFacebook\n\nRelated:\nIran and Russia talk Syria\n"
        "Palmyra retaken\n\nLeave a comment\n"
    )
    assert len(draft.paragraphs) == 2
    assert draft.removed_boilerplate == (
        "Share this:",
        "Twitter",
        "Facebook",
        "Related:",
        "Iran and Russia talk Syria",
        "Palmyra retaken",
        "Leave a comment",
    )


def test_page_furniture_at_the_top_is_removed() -> None:
    draft = parse_text(
        "Skip to main content\n\nIran vows more support for Syria\n\n"
        "From Examplepedia, the free news source\n\nMonday, 28 March 2016\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.removed_boilerplate == (
        "Skip to main content",
        "From Examplepedia, the free news source",
    )


@pytest.mark.parametrize(
    "furniture",
    [
        "| News | Relocation | Autos | Jobs | Real Estate | Apartments | New Homes | Classifieds |",
        "Home | World | Business | Sport",
        "The Largest Security-Cleared Career Network for Defense and Intelligence Jobs - JOIN NOW",
        "Get the morning briefing in your inbox: SIGN UP",
    ],
)
def test_a_sites_menu_or_an_advertisement_above_the_story_is_removed(furniture: str) -> None:
    draft = parse_text(
        f"{furniture}\n\nIran vows more support for Syria\n\nBy Jane Smith\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.removed_boilerplate == (furniture,)


@pytest.mark.parametrize(
    "headline",
    [
        "Iran | Syria | Russia: the talks go on",  # not every part a short menu item
        "Rebels join forces - and the war turns",
    ],
)
def test_a_headline_with_bars_or_capitals_is_kept(headline: str) -> None:
    draft = parse_text(f"{headline}\n\nBy Jane Smith\n\n" + BODY)
    assert draft.headline == headline
    assert draft.removed_boilerplate == ()


def test_a_section_name_above_the_date_gives_way_to_the_title_above_the_byline() -> None:
    draft = parse_text(
        "War on Terrorism\n\nSaturday, September 09, 2006\n\n"
        "Top Army NCO: Soldiers See Duty as 'Badge of Honor'\n\nBy Gerry J. Gilmore\n\n" + BODY
    )
    assert draft.headline == "Top Army NCO: Soldiers See Duty as 'Badge of Honor'"
    assert draft.removed_boilerplate == ("War on Terrorism",)
    assert draft.byline == "By Gerry J. Gilmore"
    assert draft.body.startswith("Iran said on Monday")


def test_a_picture_label_between_the_headline_and_the_date_stays_a_caption() -> None:
    draft = parse_text(
        "Iran vows more support for Syria\n\nSoldiers in the old city\n\n"
        "Monday, 28 March 2016\n\nBy Jane Smith\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert [image.caption for image in draft.images] == ["Soldiers in the old city"]
    assert draft.removed_boilerplate == ()


def test_a_byline_with_bars_is_a_byline_not_a_menu() -> None:
    draft = parse_text(
        "Iran vows more support for Syria\n\nBy Jane Smith | Reuters | March 28, 2016\n\n" + BODY
    )
    assert draft.headline == "Iran vows more support for Syria"
    assert draft.removed_boilerplate == ()


def test_the_outlet_under_a_byline_is_the_source_not_a_picture() -> None:
    draft = parse_text(
        "Iran vows more support for Syria\n\nBy Donna Miles\nAmerican Forces Press Service\n\n"
        + BODY
    )
    assert (draft.byline, draft.source_name) == ("By Donna Miles", "American Forces Press Service")
    assert draft.images == () and draft.body.startswith("Iran said on Monday")
    # Set apart by a blank line, a short line above the date is still a picture's label.
    draft = parse_text(
        "Iran vows more support for Syria\n\nBy Donna Miles\n\nSoldiers In The Old City\n\n"
        "Monday, 28 March 2016\n\n" + BODY
    )
    assert draft.source_name is None
    assert [image.caption for image in draft.images] == ["Soldiers In The Old City"]


def test_advertisement_lines_inside_the_story_are_removed() -> None:
    draft = parse_text(BODY.replace("\n\n", "\n\nAdvertisement\n\n"))
    assert len(draft.paragraphs) == 2
    assert draft.removed_boilerplate == ("Advertisement",)


def test_windows_line_endings_and_blank_line_paragraphs() -> None:
    unix = parse_text("Iran vows more support for Syria\n\nBy Jane Smith\n\n" + BODY)
    windows = parse_text(
        ("Iran vows more support for Syria\n\nBy Jane Smith\n\n" + BODY).replace("\n", "\r\n")
    )
    assert windows.paragraphs == unix.paragraphs
    assert (windows.headline, windows.authors) == (unix.headline, unix.authors)


def test_hard_wrapped_paragraphs_separated_by_blank_lines_are_rejoined() -> None:
    wrapped = "\n\n".join(textwrap.fill(paragraph, 50) for paragraph in BODY.strip().split("\n\n"))
    assert parse_text(wrapped).paragraphs == parse_text(BODY).paragraphs


def test_layout_without_blank_lines() -> None:
    lines = [
        "The council met on Tuesday and approved the new budget after a long debate",
        "that lasted most of the afternoon.",
        "Opposition members said the plan would cut services in the poorest districts of the",
        "city.",
        "The",
        "mayor rejected the criticism and said the budget protected schools and clinics in",
        "every district of the city without exception.",
    ]
    assert paragraphs(lines) == [
        "The council met on Tuesday and approved the new budget after a long debate that"
        " lasted most of the afternoon.",
        "Opposition members said the plan would cut services in the poorest districts of the city.",
        "The mayor rejected the criticism and said the budget protected schools and clinics in"
        " every district of the city without exception.",
    ]


def test_unknown_news_agencies_are_still_recognised() -> None:
    draft = parse_text(
        BODY + "\nThe semi-official Kazinform news agency quoted an official as saying the"
        " talks would resume.\n"
    )
    [ref] = draft.agencies
    assert (ref.name, ref.role, ref.kind) == ("Kazinform", "source", "other")


def test_a_listed_agency_merely_named_is_mentioned() -> None:
    draft = parse_text(BODY + "\nThe reporters of Xinhua were also at the scene on Sunday.\n")
    assert roles(draft) == {("Xinhua News Agency", "mentioned")}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty text"),
        ("  \n\n\t ", "empty text"),
        ("\x00\x01binary\x00", "binary data (NUL bytes), not text"),
        ("No comments:\nPost a Comment\n", "no article body: only header lines or page furniture"),
        (
            "Share this:\nTwitter\nFacebook\n",
            "no article body: only header lines or page furniture",
        ),
        ("By Jane Smith\nMarch 28, 2016\n", "no article body: only header lines or page furniture"),
        ("hello", "too short to be an article (1 word of body text)"),
        ("\ufffd\ufffdPK\ufffd" * 40, "binary-looking data (120 undecodable characters), not text"),
    ],
)
def test_texts_that_are_not_articles_are_rejected_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(ImportRejected) as rejected:
        parse_text(raw)
    assert rejected.value.reason == reason


def test_a_rejection_names_the_source() -> None:
    with pytest.raises(ImportRejected) as rejected:
        parse_text("", source_key="inbox/empty.txt")
    assert str(rejected.value) == "inbox/empty.txt: empty text"


def test_source_key_and_encoding_are_recorded_and_raw_text_kept() -> None:
    raw = "Iran vows more support for Syria\r\n\r\n" + BODY
    draft = parse_text(raw, source_key="in/iran.txt", encoding="cp1252")
    assert (draft.source_key, draft.source_encoding, draft.source_format) == (
        "in/iran.txt",
        "cp1252",
        "text",
    )
    assert draft.raw_text == raw


def test_the_reference_list_ships_with_the_package() -> None:
    data = json.loads(
        resources.files("archive").joinpath("data/agencies.json").read_text(encoding="utf-8")
    )
    agencies = data["agencies"]
    assert len(agencies) >= 60
    for entry in agencies:
        assert entry["kind"] in {
            "wire_service",
            "state_agency",
            "broadcaster",
            "newspaper",
            "other",
        }
        assert entry["name"] and isinstance(entry["aliases"], list)
    listed = reference_list()
    for name in (
        "AP",
        "Reuters",
        "AFP",
        "dpa",
        "EFE",
        "ANSA",
        "Xinhua",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "IRNA",
        "Fars",
        "Tasnim",
        "ISNA",
        "Anadolu",
        "Kyodo",
        "Yonhap",
        "PTI",
        "Bernama",
        "MENA",
        "SPA",
        "WAM",
        "KUNA",
        "QNA",
        "SANA",
        "Al-Alam",
        "Al Jazeera",
        "BBC",
        "CNN",
    ):
        assert listed.lookup(name) is not None, name


def test_no_alias_belongs_to_two_agencies() -> None:
    owners: dict[str, str] = {}
    for agency in reference_list().agencies:
        for alias in {agency.name, *agency.aliases}:
            key = alias.casefold()
            assert owners.setdefault(key, agency.name) == agency.name, alias


# Pieces of news text glued at random: quote marks of every style, cue words, names,
# line breaks, header-like lines.
NEWSY = st.lists(
    st.sampled_from(
        list("abcdefghij ABCDEF.,;:!?-—()'\"“”‘’«»„\n\r\t")
        + [" said ", " he added", "By Jane Smith\n", "(AP)", " Karl Berger", " Berger ", ". "]
        + ["March 28, 2016\n", "TEHRAN (Reuters) - ", " according to ", "\n\n", "Related:\n"]
        + [" the council met", " on Tuesday", " and voted", " the plan", " will work"] * 4
    ),
    min_size=10,
    max_size=150,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), NEWSY))
def test_any_text_parses_to_consistent_quotes_or_is_rejected(raw: str) -> None:
    try:
        draft = parse_text(raw)
    except ImportRejected:
        return
    body = draft.body
    speakers = {person.name for person in draft.people}
    agencies = {ref.name for ref in draft.agencies}
    for quote in draft.quotes:
        assert 0 <= quote.start < quote.end <= len(body)
        assert body[quote.start : quote.end] == quote.text
        assert quote.kind in {"direct", "partial", "scare"}
        assert quote.speaker is None or quote.speaker in speakers
        assert quote.via is None or quote.via in agencies
