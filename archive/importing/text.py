"""Plain text in, ArticleDraft out: the pipeline that reads an article from text.

Each step has its own module: the header (headline, caption, byline, date), the trailing
furniture and credit lines, the paragraph layout, the dateline, quotes, names, attribution
and agencies. This module only runs them in order and assembles the draft.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from archive.errors import ImportRejected
from archive.importing.agencies import Agency, AgencyList, AgencyMention, reference_list
from archive.importing.attribution import attribute
from archive.importing.boilerplate import trim
from archive.importing.dateline import read_dateline
from archive.importing.draft import (
    PARAGRAPH_SEPARATOR,
    AgencyRef,
    ArticleDraft,
    ImageDraft,
    PersonRef,
    QuoteDraft,
)
from archive.importing.header import Caption, read_caption, read_header
from archive.importing.layout import ends_sentence, normalize_newlines, paragraphs
from archive.importing.names import NameMention, find_names
from archive.importing.quotes import find_quotes
from archive.normalize import normalize_name

MIN_BODY_WORDS = 8
MAX_CONTROL_SHARE = 0.01
MAX_BODY_CAPTION_WORDS = 60
MAX_LABEL_WORDS = 6
_ROLE_ORDER = {"credit": 0, "photo": 1, "source": 2, "mentioned": 3}


def parse_text(
    raw: str, *, source_key: str | None = None, encoding: str | None = None
) -> ArticleDraft:
    """Read an article out of plain text; ImportRejected when the text is not an article."""
    _check_is_text(raw)
    agencies = reference_list()
    lines = normalize_newlines(raw).split("\n")
    header = read_header(lines, agencies)
    trimmed = trim(lines[header.body_start :])
    body = paragraphs(trimmed.lines)
    captions = list(header.captions)
    body = _without_captions(body, captions, agencies)
    body = _without_leading_labels(body, captions)
    dateline_place, dateline_agency, body = _take_dateline(body)
    if not body:
        raise ImportRejected("no article body: only header lines or page furniture")
    words = sum(len(paragraph.split()) for paragraph in body)
    if words < MIN_BODY_WORDS:
        raise ImportRejected(f"too short to be an article ({words} words of body text)")

    offsets = _offsets(body)
    spans = find_quotes(body)
    names = [
        mention for mention in find_names(body, offsets) if agencies.lookup(mention.name) is None
    ]
    mentions = [agencies.mentions(paragraph) for paragraph in body]
    attributions = attribute(body, offsets, spans, names, mentions)

    quotes = tuple(
        QuoteDraft(
            text=body[span.paragraph][span.start : span.end],
            start=offsets[span.paragraph] + span.start,
            end=offsets[span.paragraph] + span.end,
            paragraph=span.paragraph,
            kind=found.kind,
            speaker=found.speaker,
            cue=found.cue,
            via=found.via,
        )
        for span, found in zip(spans, attributions, strict=True)
    )
    speakers = {quote.speaker for quote in quotes if quote.speaker}
    credited = [
        *header.byline_agencies,
        *([agencies.lookup_or_new(dateline_agency)] if dateline_agency else []),
        *(mention.agency for line in trimmed.credit_lines for mention in agencies.mentions(line)),
    ]
    return ArticleDraft(
        paragraphs=tuple(body),
        raw_text=raw,
        headline=header.headline,
        byline=header.byline,
        authors=header.authors,
        published_at=header.published_at,
        dateline=dateline_place or header.dateline,
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
        agencies=_agency_refs(credited, captions, mentions),
        people=_people(names, speakers),
        quotes=quotes,
    )


def _check_is_text(raw: str) -> None:
    if not raw.strip():
        raise ImportRejected("empty text")
    if "\x00" in raw:
        raise ImportRejected("binary data (NUL bytes), not text")
    control = sum(
        1
        for char in raw
        if unicodedata.category(char) in {"Cc", "Cs", "Co"} and char not in "\n\r\t\f"
    )
    if control > MAX_CONTROL_SHARE * len(raw):
        raise ImportRejected(f"binary-looking data ({control} control characters), not text")


def _without_captions(
    body: Sequence[str], captions: list[Caption], agencies: AgencyList
) -> list[str]:
    """Body paragraphs that are photo captions (they end in a photo credit) become images."""
    kept: list[str] = []
    for paragraph in body:
        caption = None
        if len(paragraph.split()) <= MAX_BODY_CAPTION_WORDS:
            caption = read_caption(paragraph, agencies)
        if caption is not None:
            captions.append(caption)
        else:
            kept.append(paragraph)
    return kept


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


def _take_dateline(body: list[str]) -> tuple[str | None, str | None, list[str]]:
    if not body:
        return None, None, body
    dateline = read_dateline(body[0])
    if dateline is None:
        return None, None, body
    rest = body[0][dateline.length :].strip()
    return dateline.place, dateline.agency, [rest, *body[1:]] if rest else body[1:]


def _offsets(body: Sequence[str]) -> list[int]:
    offsets: list[int] = []
    position = 0
    for paragraph in body:
        offsets.append(position)
        position += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return offsets


def _agency_refs(
    credited: Iterable[Agency],
    captions: Sequence[Caption],
    mentions: Sequence[Sequence[AgencyMention]],
) -> tuple[AgencyRef, ...]:
    roles: dict[str, tuple[Agency, set[str]]] = {}
    order: list[str] = []

    def add(agency: Agency, role: str) -> None:
        if agency.name not in roles:
            roles[agency.name] = (agency, set())
            order.append(agency.name)
        roles[agency.name][1].add(role)

    for agency in credited:
        add(agency, "credit")
    for caption in captions:
        if caption.agency is not None:
            add(caption.agency, "photo")
    for paragraph_mentions in mentions:
        for mention in paragraph_mentions:
            add(mention.agency, "source" if mention.cited else "mentioned")
    refs: list[AgencyRef] = []
    for name in order:
        agency, agency_roles = roles[name]
        if "source" in agency_roles:
            agency_roles.discard("mentioned")
        for role in sorted(agency_roles, key=_ROLE_ORDER.__getitem__):
            refs.append(agency.ref(role))
    return tuple(refs)


def _people(names: Sequence[NameMention], speakers: set[str]) -> tuple[PersonRef, ...]:
    people: dict[str, PersonRef] = {}
    for mention in names:
        key = normalize_name(mention.name)
        known = people.get(key)
        if known is None:
            people[key] = PersonRef(
                name=mention.name,
                role="quoted" if mention.name in speakers else "mentioned",
                title=mention.title,
            )
        elif known.title is None and mention.title:
            people[key] = PersonRef(name=known.name, role=known.role, title=mention.title)
    for speaker in sorted(speakers):
        if normalize_name(speaker) not in people:
            people[normalize_name(speaker)] = PersonRef(name=speaker, role="quoted")
    return tuple(people.values())
