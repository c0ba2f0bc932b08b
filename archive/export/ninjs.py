"""IPTC ninjs 3.0 (News in JSON): one news item per article, for newsroom systems.

What maps where:
- headline -> headlines (role "main"); byline as printed -> by; dateline -> located;
  slug -> slugline; published_at -> firstCreated and versionCreated; body -> bodies
  (role "main", text/plain, with its character and word counts); language -> language.
- the archive id, content hash, URL and canonical URL -> altIds.
- agencies -> infoSources, with their role as a Content Production Party Role URI:
  credit -> contentSource, photo -> imgSupplier, source -> originfo; agencies named in the
  text (source, mentioned) also -> organisations (rel "mentions").
- people -> people (rel "quotes" or "mentions").
- images -> associations of type picture: the caption as a description (role "caption"),
  the credit line as printed -> by, the credited agency -> infoSources (imgSupplier), the
  image URL -> a rendition's href.
ninjs has no place for quotes or reader comments; the archive's own JSON Lines carry them.
A property with no value is left out (ninjs properties are never null).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy.orm import Session

from archive.export.jsonl import write_json_lines
from archive.export.records import ArticleRecord, article_uri, iter_records
from archive.repositories import ArticleFilters
from archive.repositories.results import iso

NINJS_VERSION = "3.0"
NINJS_SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json"
PARTY_ROLES = "http://cv.iptc.org/newscodes/contentprodpartyrole/"
INFO_SOURCE_ROLES = {
    "credit": PARTY_ROLES + "contentSource",
    "photo": PARTY_ROLES + "imgSupplier",
    "source": PARTY_ROLES + "originfo",
}
NAMED_IN_TEXT = ("source", "mentioned")


def ninjs_item(record: ArticleRecord) -> dict[str, Any]:
    """One article as a ninjs 3.0 news item."""
    detail = record.detail
    uri = article_uri(record)
    published = iso(detail.published_at)
    item: dict[str, Any] = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "language": detail.language,
        "slugline": detail.slug,
        "firstCreated": published,
        "versionCreated": published,
        "headlines": (
            [{"role": "main", "contentType": "text/plain", "value": detail.headline}]
            if detail.headline
            else None
        ),
        "by": detail.byline or None,
        "located": detail.dateline or None,
        "bodies": [
            {
                "role": "main",
                "contentType": "text/plain",
                "charCount": len(detail.body),
                "wordCount": detail.word_count,
                "value": detail.body,
            }
        ],
        "altIds": _alt_ids(record),
        "infoSources": [
            _info_source(agency.name, agency.short_name, INFO_SOURCE_ROLES[agency.role])
            for agency in detail.agencies
            if agency.role in INFO_SOURCE_ROLES
        ]
        or None,
        "people": [
            _compact({"name": person.name, "rel": _rel(person.role)}) for person in detail.people
        ]
        or None,
        "organisations": _organisations(record) or None,
        "associations": [_picture(record, uri, position) for position in range(len(detail.images))]
        or None,
    }
    return _compact(item)


def iter_ninjs(
    session: Session, filters: ArticleFilters | None = None, *, batch_size: int = 100
) -> Iterator[dict[str, Any]]:
    for record in iter_records(session, filters, batch_size=batch_size):
        yield ninjs_item(record)


def write_ninjs(session: Session, out: TextIO, filters: ArticleFilters | None = None) -> int:
    """ninjs items as JSON Lines (one complete ninjs document per line), newest first."""
    return write_json_lines(iter_ninjs(session, filters), out)


def _alt_ids(record: ArticleRecord) -> list[dict[str, str]]:
    detail = record.detail
    ids = [
        {"role": "archive-id", "value": str(detail.id)},
        {"role": "content-hash-sha256", "value": detail.content_hash},
    ]
    if detail.url:
        ids.append({"role": "url", "value": detail.url})
    if record.canonical_url:
        ids.append({"role": "canonical-url", "value": record.canonical_url})
    return ids


def _info_source(name: str, short_name: str | None, role: str) -> dict[str, Any]:
    return _compact({"name": name, "role": role, "literal": short_name})


def _rel(role: str) -> str:
    return "quotes" if role == "quoted" else "mentions"


def _organisations(record: ArticleRecord) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for agency in record.detail.agencies:
        if agency.role in NAMED_IN_TEXT and agency.name not in seen:
            seen[agency.name] = _compact(
                {"name": agency.name, "rel": "mentions", "literal": agency.short_name}
            )
    return list(seen.values())


def _picture(record: ArticleRecord, uri: str, position: int) -> dict[str, Any]:
    image = record.detail.images[position]
    facts = record.images[position]
    number = position + 1
    return _compact(
        {
            "name": f"picture{number}",
            "uri": f"{uri}:picture:{number}",
            "type": "picture",
            "descriptions": [
                {"role": "caption", "contentType": "text/plain", "value": image.caption}
            ],
            "by": image.credit or None,
            "infoSources": (
                [{"name": facts.credit_agency, "role": INFO_SOURCE_ROLES["photo"]}]
                if facts.credit_agency
                else None
            ),
            "renditions": [{"name": "original", "href": facts.url}] if facts.url else None,
        }
    )


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """The object without its empty properties (ninjs has no nulls)."""
    return {key: value for key, value in data.items() if value is not None}
