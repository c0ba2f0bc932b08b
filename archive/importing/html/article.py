"""An HTML news page in, ArticleDraft out.

trafilatura (which asks htmldate for the date) separates the story from the page around it
and reads the page's metadata; the markup is read directly for what trafilatura does not
keep (reader comments with their authors, dates and threads; captions with their credits;
the byline as printed; the publication time). From the story's paragraphs on, the article
is read exactly as plain text is (archive.importing.story).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

import trafilatura

from archive.errors import ImportRejected
from archive.importing.agencies import Agency, AgencyList, reference_list
from archive.importing.boilerplate import is_furniture, trim
from archive.importing.dates import parse_date_line
from archive.importing.draft import ArticleDraft, ImageDraft
from archive.importing.header import Caption, Header, read_header
from archive.importing.html.body import Block, story_blocks
from archive.importing.html.comments import read_comments
from archive.importing.html.figures import Figure, read_figures
from archive.importing.html.markup import Element, parse_document, text_of
from archive.importing.html.metadata import printed_moment, read_markup
from archive.importing.story import read_story, take_dateline, without_captions

MIN_BODY_WORDS = 8  # of running text, as for plain text
ERROR_PAGE_MAX_WORDS = 150
MAX_SOURCE_NAME_CHARS = 300
_SPACE = re.compile(r"\s+")
# trafilatura and htmldate explain on their loggers why a page gave them nothing; the
# importer says why in its own report line, so their notes are not printed unless the
# application configures logging to see them.
for _library in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
_TITLE_SEPARATORS = re.compile(r"^[\s|:·•»«–—-]+|[\s|:·•»«–—-]+$")
_BYLINE_PARTS = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+(?=\S+\s+\d)")
_BYLINE_START = re.compile(r"^(?:by|written by|words by|text by|von|par)\s", re.IGNORECASE)
_ERROR_PAGE = re.compile(
    r"\bpage (?:was )?not found\b|\bnot found\b.*\b40[14]\b|\b40[14]\b.*\b(?:error|not found)\b|"
    r"\berror 40[0-9]\b|"
    r"\b(?:page|article|story|content) (?:could not|couldn[’']t|cannot|can[’']t) be found\b|"
    r"\b(?:could not|couldn[’']t|cannot|can[’']t) find (?:that|this|the) (?:page|article|story)\b|"
    r"\bpage (?:does not|doesn[’']t) exist\b|\bpage (?:is )?no longer available\b|"
    r"\baccess denied\b|\binternal server error\b|\bservice (?:temporarily )?unavailable\b",
    re.IGNORECASE,
)


def parse_html(
    html: str,
    *,
    source_key: str | None = None,
    encoding: str | None = None,
    url: str | None = None,
) -> ArticleDraft:
    """Read the article of a news page; ImportRejected when the page holds none."""
    try:
        return _parse(html, source_key=source_key, encoding=encoding, url=url)
    except ImportRejected as rejected:
        if rejected.source is None and source_key is not None:
            raise ImportRejected(rejected.reason, source=source_key) from None
        raise


def _parse(
    page: str, *, source_key: str | None, encoding: str | None, url: str | None
) -> ArticleDraft:
    if not page.strip():
        raise ImportRejected("empty page")
    root = parse_document(page)
    agencies = reference_list()
    comments = read_comments(root)
    in_comments = set(comments.elements)
    markup = read_markup(root, url, in_comments)
    page_url = url or markup.page_url
    figures = read_figures(root, agencies, page_url or markup.canonical_url, in_comments)
    apology = _error_heading(root)
    for element in comments.elements:  # read already; trafilatura must not take it for story
        element.drop_tree()
    try:
        extracted = trafilatura.bare_extraction(
            root,
            url=page_url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # Markup only: the text search guesses (copyright year -> 1 January).
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # a library failure on one page must not stop the import
        raise ImportRejected(f"trafilatura could not read the page: {_first_line(exc)}") from exc
    if extracted is None or isinstance(extracted, dict) or extracted.body is None:
        raise ImportRejected("no article in the page: no main text found")
    title = _clean(extracted.title)
    byline = _byline(markup.bylines, extracted.author, agencies)
    headline, blocks, removed = _without_page_header(story_blocks(extracted.body), title, byline)
    prose_words = sum(len(block.text.split()) for block in blocks if block.prose)
    if apology is not None and prose_words < ERROR_PAGE_MAX_WORDS:
        raise ImportRejected(f"an error page, not an article (it says “{apology}”)")
    _require_running_text(blocks, prose_words)

    trimmed = trim([block.text for block in blocks])
    captions = [figure.caption for figure in figures]
    shown = {text for figure in figures for text in (figure.printed, figure.caption.text)}
    body = [paragraph for paragraph in trimmed.lines if paragraph and paragraph not in shown]
    body = without_captions(body, captions, agencies)
    dateline, body = take_dateline(body)
    if not body:
        raise ImportRejected("no article body: only headings, captions or page furniture")

    credited: list[Agency] = [
        *byline.byline_agencies,
        *([agencies.lookup_or_new(dateline.agency)] if dateline and dateline.agency else []),
        *(mention.agency for line in trimmed.credit_lines for mention in agencies.mentions(line)),
    ]
    story = read_story(body, agencies, credited=credited, captions=captions)
    source_name = _clean(extracted.sitename) or _site_in_title(title, headline)
    return ArticleDraft(
        paragraphs=tuple(body),
        raw_text=page,
        headline=headline,
        byline=byline.byline,
        authors=byline.authors,
        published_at=markup.published_at or _publication_day(extracted.date, root, in_comments),
        dateline=dateline.place if dateline else None,
        language=markup.language or "en",
        source_name=source_name if len(source_name or "") <= MAX_SOURCE_NAME_CHARS else None,
        url=page_url or extracted.url or markup.canonical_url,
        canonical_url=markup.canonical_url,
        source_key=source_key,
        source_format="html",
        source_encoding=encoding,
        removed_boilerplate=(*removed, *trimmed.removed, *comments.removed),
        images=_images(figures, captions[len(figures) :]),
        agencies=story.agencies,
        people=story.people,
        quotes=story.quotes,
        comments=comments.comments,
    )


def _error_heading(root: Element) -> str | None:
    """The page's title or main heading when it says the page is an error ("Page not found")."""
    for heading in (*root.iter("title"), *root.iter("h1")):
        said = text_of(heading)
        if _ERROR_PAGE.search(said):
            return said
    return None


def _byline(printed: Sequence[str], listed: str | None, agencies: AgencyList) -> Header:
    """Authors from the byline as printed, else from the authors the metadata lists."""
    for text in printed:
        names = _without_dates(text)
        line = names if _BYLINE_START.match(names) else f"Author: {names}"
        header = read_header([line], agencies)
        if header.byline is not None and (header.authors or header.byline_agencies):
            header.byline = names
            return header
    if listed:
        header = read_header([f"Author: {listed}"], agencies)
        header.byline = None  # the page lists its authors but prints no byline
        return header
    return Header()


def _without_dates(byline: str) -> str:
    """A byline without the date some pages print beside the names ("By X | May 2, 2023")."""
    parts = _BYLINE_PARTS.split(byline)
    kept = [part for part in parts if parse_date_line(part) is None]
    return " | ".join(kept) if kept and len(kept) < len(parts) else byline


def _without_page_header(
    blocks: Sequence[Block], title: str, byline: Header
) -> tuple[str | None, list[Block], list[str]]:
    """The headline, and the story without the headline, byline, date and furniture lines
    above it. A heading at the top that the page title contains is the headline (the title
    often adds the site's name to it)."""
    kept = list(blocks)
    removed: list[str] = []
    headline = title or None
    while kept:
        text = kept[0].text
        if _key(text) == _key(headline or "") or (
            byline.byline and _key(text) == _key(byline.byline)
        ):
            kept.pop(0)
        elif not kept[0].prose and title and _key(text) in _key(title):
            headline = kept.pop(0).text
        elif parse_date_line(text) is not None:
            kept.pop(0)
        elif is_furniture(text) and len(text) < 60:
            removed.append(kept.pop(0).text)
        else:
            break
    return headline, kept, removed


def _site_in_title(title: str, headline: str | None) -> str | None:
    """The site's name in a title that is the headline plus the name ("Gazette :: Headline")."""
    if not headline or _key(title) == _key(headline) or _key(headline) not in _key(title):
        return None
    start = _key(title).index(_key(headline))
    rest = f"{title[:start]} {title[start + len(headline) :]}"
    name = _TITLE_SEPARATORS.sub(" ", rest).strip()
    return name or None


def _require_running_text(blocks: Sequence[Block], prose: int) -> None:
    if prose >= MIN_BODY_WORDS:
        return
    if not blocks:
        raise ImportRejected("no article in the page: no main text found")
    raise ImportRejected(
        "no article in the page: headings, lists or links but no paragraphs of text "
        f"({prose} word{'s' if prose != 1 else ''}); a section front or navigation page?"
    )


def _publication_day(found: str | None, root: Element, comments: set[Element]) -> datetime | None:
    """htmldate's day at the time the page prints for it (else midnight UTC); without a day
    from htmldate, a date line printed on the page."""
    try:
        day = date.fromisoformat(found[:10]) if found else None
    except ValueError:
        day = None
    if day is None:
        return printed_moment(root, comments)
    return printed_moment(root, comments, day) or datetime(day.year, day.month, day.day, tzinfo=UTC)


def _images(figures: Sequence[Figure], body_captions: Sequence[Caption]) -> tuple[ImageDraft, ...]:
    images = [
        ImageDraft(
            caption=figure.caption.text,
            credit=figure.caption.credit,
            credit_agency=figure.caption.agency.name if figure.caption.agency else None,
            url=figure.url,
        )
        for figure in figures
    ]
    images.extend(
        ImageDraft(
            caption=caption.text,
            credit=caption.credit,
            credit_agency=caption.agency.name if caption.agency else None,
        )
        for caption in body_captions
    )
    return tuple(images)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _key(text: str) -> str:
    return _clean(text).casefold()
