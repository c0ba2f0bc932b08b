"""The HTML parser: what it reads out of news pages, and what it leaves out of the story."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ImportRejected
from archive.importing.decoding import decode
from archive.importing.draft import ArticleDraft, CommentDraft, ImageDraft
from archive.importing.html import parse_html

PAGES = Path(__file__).parent / "data" / "html"
ARTICLES = (
    "lisbon_night_ferries.html",
    "nairobi_court_ruling.html",
    "tag_soup_county_fair.html",
    "montreal_terrace_fees_cp1252.html",
)


def page(name: str) -> str:
    text, _encoding = decode((PAGES / name).read_bytes())
    return text


def parsed(name: str) -> ArticleDraft:
    text, encoding = decode((PAGES / name).read_bytes())
    return parse_html(text, source_key=name, encoding=encoding)


@pytest.fixture(scope="module")
def lisbon() -> ArticleDraft:
    return parsed("lisbon_night_ferries.html")


@pytest.fixture(scope="module")
def nairobi() -> ArticleDraft:
    return parsed("nairobi_court_ruling.html")


# -- the article's fields -------------------------------------------------------------------


def test_fields_come_from_the_page_and_its_metadata(lisbon: ArticleDraft) -> None:
    assert lisbon.headline == "Lisbon approves night ferries after months of riverside protests"
    assert lisbon.byline == "By Helen Marsh and Tiago Lopes, Reuters"
    assert lisbon.authors == ("Helen Marsh", "Tiago Lopes")
    # article:published_time says 07:45 at +01:00; htmldate alone would say only the day.
    assert lisbon.published_at == datetime(2023, 5, 16, 6, 45, tzinfo=UTC)
    assert lisbon.dateline == "LISBON"
    assert lisbon.source_name == "The Harbour Courier"
    address = "https://www.harbourcourier.example/world/2023/05/16/lisbon-night-ferries"
    assert lisbon.url == address
    assert lisbon.canonical_url == address
    assert lisbon.language == "en"
    assert lisbon.source_format == "html"
    assert lisbon.source_encoding == "utf-8"
    assert lisbon.source_key == "lisbon_night_ferries.html"


def test_the_raw_page_is_kept_exactly_as_received(lisbon: ArticleDraft) -> None:
    assert lisbon.raw_text == page("lisbon_night_ferries.html")


def test_the_story_is_the_paragraphs_without_the_page_around_them(lisbon: ArticleDraft) -> None:
    assert len(lisbon.paragraphs) == 10
    assert lisbon.paragraphs[0].startswith("Lisbon’s port authority on Tuesday approved")
    assert "Unions wary" in lisbon.paragraphs  # a subheading is part of the story
    assert lisbon.paragraphs[-1] == (
        "The authority said it would hire 60 additional sailors before the service starts. "
        "Opposition councillors questioned whether the budget would hold beyond the first year."
    )
    for furniture in (
        "Skip to content",
        "Subscribe",
        "Search the Courier",
        "Home",
        "Facebook",
        "Copy link",
        "Advertisement",
        "Read more",
        "Lisbon commuters face strike over pay",
        "Tags:",
        "Share this article",
        "Morning Briefing",
        "Related stories",
        "Porto metro",
        "thoughts on",
        "Leave a Reply",
        "Your email address",
        "Privacy policy",
        "All rights reserved",
        "By Helen Marsh",
        "16 May 2023",
        "A commuter ferry crosses",
        "hospital in Almada",
    ):
        assert furniture not in lisbon.body, furniture


def test_a_caption_keeps_its_credit_and_its_picture(lisbon: ArticleDraft) -> None:
    assert lisbon.images == (
        ImageDraft(
            caption="A commuter ferry crosses the Tagus river towards Cacilhas at dusk "
            "on May 15, 2023.",
            credit="REUTERS/Pedro Nunes",
            credit_agency="Reuters",
            url="https://www.harbourcourier.example/media/2023/05/ferry-night.jpg",
        ),
    )


def test_a_credit_printed_at_the_end_of_a_caption_is_read(nairobi: ArticleDraft) -> None:
    (image,) = nairobi.images
    assert image.caption == (
        "Traders pack their goods at the Gikomba market in Nairobi on Saturday, April 3, 2021."
    )
    assert image.credit == "AP Photo/Brian Inganga"
    assert image.credit_agency == "Associated Press"
    assert image.url == "https://cdn.lakesidetribune.example/2021/04/gikomba.jpg"


def test_agencies_from_byline_caption_and_text(lisbon: ArticleDraft) -> None:
    roles = {(agency.name, agency.role) for agency in lisbon.agencies}
    assert roles == {("Reuters", "credit"), ("Reuters", "photo"), ("Lusa", "source")}


def test_json_ld_date_and_a_printed_byline_with_a_role(nairobi: ArticleDraft) -> None:
    assert nairobi.headline == "Court halts Nairobi market demolition pending review"
    assert nairobi.byline == "By Daniel Okafor, Staff Reporter"
    assert nairobi.authors == ("Daniel Okafor",)
    assert nairobi.published_at == datetime(2021, 4, 4, 9, 15, tzinfo=UTC)
    assert nairobi.source_name == "Lakeside Tribune"
    assert nairobi.headline not in nairobi.body
    assert nairobi.paragraphs[-1] == "The case will be heard on April 19."
    for furniture in ("cookies", "Most Read", "Fuel prices", "Tweet", "Gikomba Nairobi Courts"):
        assert furniture not in nairobi.body, furniture
    assert ("Kenya News Agency", "source") in {(a.name, a.role) for a in nairobi.agencies}


# -- reader comments ------------------------------------------------------------------------


def test_comments_keep_author_words_date_and_thread(lisbon: ArticleDraft) -> None:
    assert lisbon.comments == (
        CommentDraft(
            author_name="Rui Almada",
            body="Finally. I work at the hospital in Almada and the last boat at 1:40 was a "
            "joke.\n\nLets see if they keep it going past the summer.",
            posted_at=datetime(2023, 5, 16, 8, 12, 44, tzinfo=UTC),
        ),
        CommentDraft(
            author_name="Sofia M.",
            body="Same here, night shifts in Barreiro. Fingers crossed 🤞",
            posted_at=datetime(2023, 5, 16, 9, 3, 5, tzinfo=UTC),
            parent=0,
        ),
        CommentDraft(
            author_name="harbourwatcher",
            body="3.2 million a year for empty boats at 4am? Who is paying for this.",
            posted_at=datetime(2023, 5, 16, 11, 30, tzinfo=UTC),
        ),
    )
    assert {comment.status for comment in lisbon.comments} == {"approved"}


def test_replies_named_by_attribute_and_printed_dates(nairobi: ArticleDraft) -> None:
    authors = [(c.author_name, c.posted_at, c.parent) for c in nairobi.comments]
    assert authors == [
        ("Wanjiku K", datetime(2021, 4, 4, 11, 2, tzinfo=UTC), None),
        ("Otieno", datetime(2021, 4, 4, 12, 47, tzinfo=UTC), 0),
        ("Halima", datetime(2021, 4, 5, 8, 20, tzinfo=UTC), None),
    ]
    assert nairobi.comments[0].body == (
        "Good ruling. The county always does this kind of thing on a friday so nobody can go "
        "to court."
    )


def test_a_comment_without_a_readable_date_is_left_out_and_recorded(
    nairobi: ArticleDraft,
) -> None:
    assert "J. Mutua" not in {c.author_name for c in nairobi.comments}
    (removed,) = [line for line in nairobi.removed_boilerplate if "J. Mutua" in line]
    assert "5 hours ago" in removed
    assert "The market floods every rainy season, a new one is overdue." in removed


def test_a_reply_to_a_comment_left_out_moves_up_to_its_grandparent() -> None:
    thread = """
      <li class="comment"><span class="fn">Ann</span>
        <time datetime="2024-01-02T10:00:00Z">2 Jan</time>
        <div class="comment-content"><p>First of all, thank you for this report.</p></div>
        <ul class="children"><li class="comment"><span class="fn">Bo</span>
          <span class="comment-date">yesterday</span>
          <div class="comment-content"><p>Which part did you like?</p></div>
          <ul class="children"><li class="comment"><span class="fn">Cy</span>
            <span class="comment-date" title="2024-01-02T12:30:00Z">an hour ago</span>
            <div class="comment-content"><p>The part about the ferries.</p></div>
          </li></ul>
        </li></ul>
      </li>"""
    draft = parse_html(story_page(comments=f'<ol class="comment-list">{thread}</ol>'))
    assert [(c.author_name, c.parent) for c in draft.comments] == [("Ann", None), ("Cy", 0)]
    assert draft.comments[1].posted_at == datetime(2024, 1, 2, 12, 30, tzinfo=UTC)


def test_a_comment_without_a_name_is_anonymous_and_unix_times_are_read() -> None:
    comment = """
      <div class="comment" data-timestamp="1704196800">
        <div class="comment-meta"><span class="comment-time" data-time="1704196800">2h</span></div>
        <div class="comment-text">No name given, but the words stay as written: teh ferry.</div>
      </div>"""
    (found,) = parse_html(story_page(comments=comment)).comments
    assert found.author_name == "Anonymous"
    assert found.body == "No name given, but the words stay as written: teh ferry."
    assert found.posted_at == datetime(2024, 1, 2, 12, 0, tzinfo=UTC)


# -- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_quote_offsets_point_into_the_body(name: str) -> None:
    draft = parsed(name)
    assert draft.quotes
    for quote in draft.quotes:
        assert draft.body[quote.start : quote.end] == quote.text
        assert quote.text in draft.paragraphs[quote.paragraph]


def test_quotes_are_attributed_as_in_plain_text(lisbon: ArticleDraft) -> None:
    said = {(quote.text, quote.kind, quote.speaker) for quote in lisbon.quotes}
    assert (
        "We listened to the people who live along the river, and we heard them,",
        "direct",
        "Marta Coelho",
    ) in said
    assert ("late, but not too late", "partial", "João Ferreira") in said
    # "she said" goes to the last woman named: the union's spokeswoman.
    assert (
        "We support the night service. We do not support exhausted crews,",
        "direct",
        "Ana Ribeiro",
    ) in said
    titles = {person.name: person.title for person in lisbon.people}
    assert titles["Marta Coelho"] == "president of the port authority"


def test_a_quote_running_over_two_paragraphs_is_found_in_both(lisbon: ArticleDraft) -> None:
    texts = [quote.text for quote in lisbon.quotes]
    assert "Nobody should have to choose between their job and getting home." in texts
    assert "Now the city has to make sure the boats actually run." in texts


# -- other pages ----------------------------------------------------------------------------


def test_tag_soup_is_read_as_a_browser_would() -> None:
    draft = parsed("tag_soup_county_fair.html")
    assert draft.headline == "County fair returns after two-year break"
    assert draft.source_name == "Valley Gazette"
    assert draft.byline == "By Ellen Park"
    assert draft.authors == ("Ellen Park",)
    # Only printed in the text ("Posted on March 3, 2019 at 6:40 pm"): htmldate finds the
    # day, the printed line gives the time.
    assert draft.published_at == datetime(2019, 3, 3, 18, 40, tzinfo=UTC)
    assert draft.dateline == "MILLBROOK"
    assert len(draft.paragraphs) == 5
    assert "Ticket prices stay at $8 for adults & $3 for children under 12." in draft.body
    assert draft.paragraphs[-1] == "The fair runs Aug. 15–18 at the Millbrook fairgrounds."
    assert draft.images == (
        ImageDraft(
            caption="Walt Brennan at the new livestock barn on Monday.", credit="Ellen Park"
        ),
    )
    for furniture in ("Obituaries", "Classifieds", "Back to News", "Copyright", "Photo:"):
        assert furniture not in draft.body, furniture


def test_a_legacy_encoding_is_recorded_and_decoded_text_kept() -> None:
    draft = parsed("montreal_terrace_fees_cp1252.html")
    assert draft.source_encoding == "cp1252"
    assert draft.headline == "Montréal café owners fight terrace fee rise"
    assert draft.byline == "Par Claire Dubé"
    assert draft.authors == ("Claire Dubé",)
    assert draft.published_at == datetime(2022, 4, 21, 20, 5, tzinfo=UTC)
    assert draft.source_name == "Plateau Weekly"
    assert "Hélène Gagnon" in {quote.speaker for quote in draft.quotes}
    assert draft.raw_text == page("montreal_terrace_fees_cp1252.html")


def test_the_url_given_wins_and_relative_pictures_resolve_against_it() -> None:
    draft = parse_html(
        page("lisbon_night_ferries.html"), url="https://archive.example/copies/ferries"
    )
    assert draft.url == "https://archive.example/copies/ferries"
    assert draft.canonical_url == (
        "https://www.harbourcourier.example/world/2023/05/16/lisbon-night-ferries"
    )
    assert draft.images[0].url == "https://archive.example/media/2023/05/ferry-night.jpg"


def test_a_copyright_year_is_not_taken_for_a_publication_date() -> None:
    undated = story_page().replace(
        '<meta property="article:published_time" content="2024-01-02T08:00:00Z">', ""
    )
    assert "© 2024 Harbour Times" in undated
    assert parse_html(undated).published_at is None


def test_the_declared_language_is_recorded() -> None:
    draft = parse_html(story_page(lang="pt-PT"))
    assert draft.language == "pt"


def test_an_xhtml_page_with_an_encoding_declaration_is_read() -> None:
    draft = parse_html('<?xml version="1.0" encoding="utf-8"?>\n' + story_page())
    assert draft.paragraphs[0].startswith("The harbour board met on Tuesday")


def test_authors_listed_only_in_metadata_are_kept_without_a_byline() -> None:
    draft = parse_html(story_page(head='<meta name="author" content="Sara Lind; Reuters">'))
    assert draft.byline is None
    assert draft.authors == ("Sara Lind",)
    assert ("Reuters", "credit") in {(agency.name, agency.role) for agency in draft.agencies}


def test_a_date_printed_in_the_byline_is_not_an_author() -> None:
    top = '<p class="byline">By Sara Lind | January 2, 2024</p>'
    draft = parse_html(story_page(top=top))
    assert draft.byline == "By Sara Lind"
    assert draft.authors == ("Sara Lind",)
    assert "January 2, 2024" not in draft.body


def test_an_article_marked_as_a_comment_piece_is_still_the_story() -> None:
    draft = parse_html(story_page(article='class="post comment opinion"'))
    assert draft.paragraphs[0].startswith("The harbour board met on Tuesday")
    assert draft.comments == ()


def test_a_box_called_comment_without_author_or_date_is_no_reader_comment() -> None:
    box = (
        '<div class="comment"><p>Our view: the board is right to take its time over a '
        "timetable that thousands of commuters rely on every day.</p></div>"
    )
    draft = parse_html(story_page(top=box))
    assert draft.comments == ()
    assert not any("Our view" in line for line in draft.removed_boilerplate)


def test_a_failure_inside_trafilatura_rejects_only_that_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("tree too deep\nmore detail")

    monkeypatch.setattr("archive.importing.html.article.trafilatura.bare_extraction", broken)
    with pytest.raises(ImportRejected) as raised:
        parse_html(story_page(), source_key="page.html")
    assert str(raised.value) == (
        "page.html: trafilatura could not read the page: ValueError: tree too deep"
    )


def test_parsing_is_deterministic() -> None:
    for name in ARTICLES:
        assert parsed(name) == parsed(name)


# -- pages with no article ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "section_front.html",
            "no article in the page: headings, lists or links but no paragraphs of text "
            "(0 words); a section front or navigation page?",
        ),
        (
            "page_not_found.html",
            "an error page, not an article (it says “Page not found | The Harbour Courier”)",
        ),
        ("truncated_download.html", "no article in the page: no main text found"),
    ],
)
def test_a_page_with_no_article_is_rejected_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(ImportRejected) as raised:
        parsed(name)
    assert raised.value.reason == reason
    assert str(raised.value) == f"{name}: {reason}"
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("  \n\t ", "empty page"),
        ("<!-- nothing here -->", "no HTML document in the input (nothing a browser would show)"),
        ("<html><head><title>Home</title></head><body></body></html>", "no main text found"),
        (
            "<html><body><p>Breaking news. More soon.</p></body></html>",
            "no paragraphs of text",
        ),
    ],
)
def test_empty_and_near_empty_pages_are_rejected(html: str, reason: str) -> None:
    with pytest.raises(ImportRejected, match=re.escape(reason)):
        parse_html(html)


LISBON_PAGE = page("lisbon_night_ferries.html")
MARKUP = st.text(alphabet=st.sampled_from(list("<>/=\"'&;!- \nabpdivlhtmy“”.,")), max_size=400)
# Pieces of a real page, cut anywhere: unclosed tags, half a comment thread, no head.
CUT_PAGES = st.tuples(st.integers(0, len(LISBON_PAGE)), st.integers(0, len(LISBON_PAGE))).map(
    lambda bounds: LISBON_PAGE[min(bounds) : max(bounds)]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(MARKUP, CUT_PAGES))
def test_any_input_gives_a_consistent_draft_or_a_one_line_rejection(html: str) -> None:
    try:
        draft = parse_html(html, source_key="input.html")
    except ImportRejected as rejected:
        assert rejected.reason and "\n" not in str(rejected)
        return
    assert draft.raw_text == html
    assert all(paragraph and paragraph == paragraph.strip() for paragraph in draft.paragraphs)
    for quote in draft.quotes:
        assert draft.body[quote.start : quote.end] == quote.text
    for comment in draft.comments:
        assert comment.body and comment.posted_at.tzinfo is not None
        assert comment.parent is None or 0 <= comment.parent < len(draft.comments)


# -- helpers --------------------------------------------------------------------------------


def story_page(
    *, comments: str = "", lang: str = "en", head: str = "", top: str = "", article: str = ""
) -> str:
    """A plain news page of a few paragraphs, with the given markup in its head, above the
    story, on the article element, and the given comment markup under it."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Harbour board delays vote</title>
<meta property="article:published_time" content="2024-01-02T08:00:00Z">{head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article {article}><h1>Harbour board delays vote</h1>{top}
<p>The harbour board met on Tuesday and put off a vote on the new ferry timetable until
February, after two members asked for more time to read the consultants' report.</p>
<p>"We want to get this right rather than get it done quickly," said board member Sara
Lindqvist. The board will publish the report on its website next week.</p>
<p>Ferry users have complained for months about cancelled crossings in the early morning,
when most commuters travel to the city.</p>
</article>
<section id="comments">{comments}</section>
<footer>© 2024 Harbour Times</footer></body></html>"""


@pytest.mark.parametrize(
    ("canonical", "og_url", "picture"),
    [
        ("http://[bad/world/ferries", None, None),  # an unclosed IPv6 bracket: urlsplit fails
        (None, "https://[::1/world/ferries", None),  # a bad base for every relative address
        (None, None, "http://[img/ferry.jpg"),
    ],
)
def test_a_malformed_address_in_the_page_is_left_out_not_a_crash(
    canonical: str | None, og_url: str | None, picture: str | None
) -> None:
    """urljoin and urlsplit raise ValueError on an unclosed '[': the page broke the whole
    import with a traceback. The address is not used; the article is read as before."""
    html = page("lisbon_night_ferries.html")
    address = "https://www.harbourcourier.example/world/2023/05/16/lisbon-night-ferries"
    if canonical is not None:
        html = html.replace(
            f'rel="canonical" href="{address}"', f'rel="canonical" href="{canonical}"'
        )
    if og_url is not None:
        html = html.replace(f'og:url" content="{address}"', f'og:url" content="{og_url}"')
    if picture is not None:
        html = html.replace('src="/media/2023/05/ferry-night.jpg"', f'src="{picture}"')
    draft = parse_html(html, source_key="broken-addresses.html")
    lisbon = parsed("lisbon_night_ferries.html")
    assert draft.body == lisbon.body
    assert draft.headline == lisbon.headline
    if canonical is not None:
        assert draft.canonical_url is None
    if og_url is not None:
        assert draft.url == og_url  # recorded as the page gave it, never resolved against
    if picture is not None:
        assert [image.url for image in draft.images] == [picture]
