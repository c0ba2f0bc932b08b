"""Plain text in, ArticleDraft out: the pipeline that reads an article from text.

Each step has its own module: the header (headline, caption, byline, date), the trailing
furniture and credit lines, the paragraph layout, the dateline, quotes, names, attribution
and agencies. This module only runs them in order and assembles the draft.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from archive.errors import ImportRejected
from archive.importing.agencies import reference_list
from archive.importing.boilerplate import trim
from archive.importing.dateline import read_dateline
from archive.importing.draft import ArticleDraft, ImageDraft
from archive.importing.header import Caption, read_header
from archive.importing.layout import ends_sentence, normalize_newlines, paragraphs
from archive.importing.story import read_story, take_dateline, without_captions

MIN_BODY_WORDS = 8
MAX_CONTROL_SHARE = 0.01
MAX_UNDECODABLE_SHARE = 0.05
MAX_LABEL_WORDS = 6


def parse_text(
    raw: str, *, source_key: str | None = None, encoding: str | None = None
) -> ArticleDraft:
    """Read an article out of plain text; ImportRejected when the text is not an article."""
    try:
        return _parse(raw, source_key=source_key, encoding=encoding)
    except ImportRejected as rejected:
        if rejected.source is None and source_key is not None:
            raise ImportRejected(rejected.reason, source=source_key) from None
        raise


def _parse(raw: str, *, source_key: str | None, encoding: str | None) -> ArticleDraft:
    _check_is_text(raw)
    agencies = reference_list()
    lines = normalize_newlines(raw).split("\n")
    header = read_header(lines, agencies)
    trimmed = trim(lines[header.body_start :])
    body = paragraphs(trimmed.lines)
    captions = list(header.captions)
    body = without_captions(body, captions, agencies)
    body = _without_leading_labels(body, captions)
    dateline, body = take_dateline(body)
    if not body:
        raise ImportRejected("no article body: only header lines or page furniture")
    words = sum(len(paragraph.split()) for paragraph in body)
    if words < MIN_BODY_WORDS:
        raise ImportRejected(
            f"too short to be an article ({words} word{'s' if words != 1 else ''} of body text)"
        )

    credited = [
        *header.byline_agencies,
        *([agencies.lookup_or_new(dateline.agency)] if dateline and dateline.agency else []),
        *(mention.agency for line in trimmed.credit_lines for mention in agencies.mentions(line)),
    ]
    story = read_story(body, agencies, credited=credited, captions=captions)
    return ArticleDraft(
        paragraphs=tuple(body),
        raw_text=raw,
        headline=header.headline,
        byline=header.byline,
        authors=header.authors,
        published_at=header.published_at,
        dateline=(dateline.place if dateline else None) or header.dateline,
        source_name=header.source_name,
        url=header.url,
        source_key=source_key,
        source_format="text",
        source_encoding=encoding,
        removed_boilerplate=(*header.removed, *trimmed.removed),
        images=tuple(
            ImageDraft(
                caption=caption.text,
                credit=caption.credit,
                credit_agency=caption.agency.name if caption.agency else None,
            )
            for caption in captions
        ),
        agencies=story.agencies,
        people=story.people,
        quotes=story.quotes,
    )


def _check_is_text(raw: str) -> None:
    if not raw.strip():
        raise ImportRejected("empty text")
    if "\x00" in raw:
        raise ImportRejected("binary data (NUL bytes), not text")
    # Each distinct character is classified once, then counted at C speed.
    control = sum(
        raw.count(char)
        for char in set(raw)
        if unicodedata.category(char) in {"Cc", "Cs", "Co"} and char not in "\n\r\t\f"
    )
    if control > MAX_CONTROL_SHARE * len(raw):
        raise ImportRejected(f"binary-looking data ({control} control characters), not text")
    undecodable = raw.count("\ufffd")
    if undecodable > MAX_UNDECODABLE_SHARE * len(raw):
        raise ImportRejected(
            f"binary-looking data ({undecodable} undecodable characters), not text"
        )


def _without_leading_labels(body: Sequence[str], captions: list[Caption]) -> list[str]:
    """Short lines without sentence punctuation above the first paragraph (a picture's alt
    text left between header and story) are captions, not body."""
    kept = list(body)
    while len(kept) > 1 and _is_label(kept[0]):
        captions.append(Caption(text=kept.pop(0), credit=None, agency=None))
    return kept


def _is_label(paragraph: str) -> bool:
    words = paragraph.split()
    return (
        len(words) <= MAX_LABEL_WORDS
        and not ends_sentence(paragraph)
        and not paragraph.endswith((":", ",", ";"))
        and read_dateline(paragraph + " x") is None
    )
