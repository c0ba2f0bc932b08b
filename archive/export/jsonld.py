"""schema.org NewsArticle in JSON-LD: one article per document, for the web and search tools.

What maps where:
- headline, datePublished, dateline, inLanguage, articleBody, wordCount, url (the URL),
  mainEntityOfPage (the canonical URL), identifier (the slug), publisher (the source name).
- authors -> author, a Person for people and an Organization for desks and collectives.
- agencies credited for the story -> sourceOrganization, and their names (short names
  where they have one) -> creditText.
- images -> image: ImageObject with caption, creditText (the credit as printed),
  contentUrl, and the credited agency as its sourceOrganization.
- direct and partial quotes -> hasPart: Quotation with text, spokenByCharacter (a Person
  with the title the article gives them as jobTitle) and isBasedOn (the agency the quote
  came via). Scare quotes mark words, not anyone's statement, and are left out.
- people and the agencies named in the text -> mentions.
A property with no value is left out rather than written as null.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy.orm import Session

from archive.export.jsonl import write_json_lines
from archive.export.records import ArticleRecord, article_uri, iter_records
from archive.repositories import ArticleFilters
from archive.repositories.results import iso

CONTEXT = "https://schema.org"
QUOTATION_KINDS = ("direct", "partial")
NAMED_IN_TEXT = ("source", "mentioned")


def news_article(record: ArticleRecord) -> dict[str, Any]:
    """One article as a schema.org NewsArticle (a complete JSON-LD document)."""
    detail = record.detail
    credited = [agency for agency in detail.agencies if agency.role == "credit"]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": article_uri(record),
            "identifier": detail.slug,
            "url": detail.url,
            "mainEntityOfPage": record.canonical_url,
            "headline": detail.headline,
            "datePublished": iso(detail.published_at),
            "dateline": detail.dateline,
            "inLanguage": detail.language,
            "author": [
                {"@type": "Person" if kind == "person" else "Organization", "name": name}
                for name, kind in zip(detail.authors, record.author_kinds, strict=True)
            ],
            "creditText": ", ".join(agency.short_name or agency.name for agency in credited),
            "sourceOrganization": [_organization(a.name, a.short_name) for a in credited],
            "publisher": _organization(detail.source_name, None) if detail.source_name else None,
            "articleBody": detail.body,
            "wordCount": detail.word_count,
            "image": [
                _compact(
                    {
                        "@type": "ImageObject",
                        "caption": image.caption,
                        "creditText": image.credit,
                        "contentUrl": facts.url,
                        "sourceOrganization": (
                            _organization(facts.credit_agency, None)
                            if facts.credit_agency
                            else None
                        ),
                    }
                )
                for image, facts in zip(detail.images, record.images, strict=True)
            ],
            "hasPart": [
                _compact(
                    {
                        "@type": "Quotation",
                        "text": quote.text,
                        "spokenByCharacter": (
                            _person(quote.speaker, quote.speaker_title) if quote.speaker else None
                        ),
                        "isBasedOn": _organization(quote.via, None) if quote.via else None,
                    }
                )
                for quote in detail.quotes
                if quote.kind in QUOTATION_KINDS
            ],
            "mentions": [_person(person.name, person.title) for person in detail.people]
            + _named_organizations(record),
        }
    )


def iter_news_articles(
    session: Session, filters: ArticleFilters | None = None, *, batch_size: int = 100
) -> Iterator[dict[str, Any]]:
    for record in iter_records(session, filters, batch_size=batch_size):
        yield news_article(record)


def write_jsonld(session: Session, out: TextIO, filters: ArticleFilters | None = None) -> int:
    """NewsArticle documents as JSON Lines (one complete JSON-LD document per line)."""
    return write_json_lines(iter_news_articles(session, filters), out)


def _person(name: str, title: str | None) -> dict[str, Any]:
    return _compact({"@type": "Person", "name": name, "jobTitle": title})


def _organization(name: str, short_name: str | None) -> dict[str, Any]:
    alternate = short_name if short_name and short_name != name else None
    return _compact({"@type": "Organization", "name": name, "alternateName": alternate})


def _named_organizations(record: ArticleRecord) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for agency in record.detail.agencies:
        if agency.role in NAMED_IN_TEXT and agency.name not in seen:
            seen[agency.name] = _organization(agency.name, agency.short_name)
    return list(seen.values())


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """The object without empty properties (None, "" or [])."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}
