"""Body paragraphs in, what they say out: dateline, captions, quotes, speakers, agencies.

Every format's parser finds an article's paragraphs its own way (line layout for plain text,
markup for HTML); from the paragraphs on, reading is the same, and lives here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archive.importing.agencies import Agency, AgencyList, AgencyMention
from archive.importing.attribution import attribute, surname_title
from archive.importing.dateline import read_dateline
from archive.importing.draft import PARAGRAPH_SEPARATOR, AgencyRef, PersonRef, QuoteDraft
from archive.importing.header import Caption, read_caption
from archive.importing.names import NameMention, find_names
from archive.importing.quotes import find_quotes
from archive.normalize import normalize_name

MAX_BODY_CAPTION_WORDS = 60
_ROLE_ORDER = {"credit": 0, "photo": 1, "source": 2, "mentioned": 3}


@dataclass(frozen=True)
class Story:
    """The quotes, people and agencies of a body, ready for an ArticleDraft."""

    quotes: tuple[QuoteDraft, ...]
    people: tuple[PersonRef, ...]
    agencies: tuple[AgencyRef, ...]


@dataclass(frozen=True)
class Dateline:
    place: str | None
    agency: str | None


def read_story(
    body: Sequence[str],
    agencies: AgencyList,
    *,
    credited: Iterable[Agency] = (),
    captions: Sequence[Caption] = (),
) -> Story:
    """Quotes with their speakers, the people named and the agencies of a body.

    credited: agencies the article credits outside its body (byline, dateline, credit lines);
    captions: the article's captions, whose credited agencies are photo agencies.
    """
    offsets = paragraph_offsets(body)
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
    return Story(
        quotes=quotes,
        people=_people(names, speakers, body),
        agencies=_agency_refs(credited, captions, mentions),
    )


def take_dateline(body: list[str]) -> tuple[Dateline | None, list[str]]:
    """The dateline opening the first paragraph, and the body without it."""
    if not body:
        return None, body
    dateline = read_dateline(body[0])
    if dateline is None:
        return None, body
    rest = body[0][dateline.length :].strip()
    return Dateline(dateline.place, dateline.agency), [rest, *body[1:]] if rest else body[1:]


def without_captions(
    body: Sequence[str], captions: list[Caption], agencies: AgencyList
) -> list[str]:
    """Body paragraphs that are photo captions (they end in a photo credit) become captions."""
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


def paragraph_offsets(body: Sequence[str]) -> list[int]:
    """Where each paragraph starts in the body as stored (paragraphs joined by a blank line)."""
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


def _people(
    names: Sequence[NameMention], speakers: set[str], body: Sequence[str]
) -> tuple[PersonRef, ...]:
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
            title = surname_title(body, speaker) if " " not in speaker else None
            people[normalize_name(speaker)] = PersonRef(name=speaker, role="quoted", title=title)
    return tuple(people.values())
