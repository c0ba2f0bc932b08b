"""What a page's markup says about its article, where trafilatura keeps less than the archive
stores: the publication moment to the second, the canonical address, the language and the
byline as printed.

htmldate (through trafilatura) finds the publication day; the markup usually says the time
as well (article:published_time, JSON-LD datePublished, <time datetime>), and the archive
keeps the moment when the page gives it. htmldate's extensive text search is not used: when
the markup says nothing it falls back on guesses (the copyright year as 1 January, a month as
its first day) that an archive must not store as a publication date; a date line printed on
the page is read instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from archive.importing.html.markup import (
    Element,
    ancestors,
    has_word,
    is_chrome,
    joined,
    read_moment,
    text_of,
)

_PUBLISHED_META = {
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
}
_ARTICLE_TYPES = re.compile(r"article|posting|report", re.IGNORECASE)
_PUBLISHED_WORDS = re.compile(r"^(?:published|publish|pubdate|date-?published|entry-date)$")
_BYLINE_WORDS = [
    re.compile(r"byline|by-line"),
    re.compile(r"^(?:author|authors|author-?name|article-?author|story-?author|writer)$"),
]
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")
MAX_BYLINE_WORDS = 20
MAX_DATE_TEXT_CHARS = 80
MAX_DATE_CHILDREN = 3


@dataclass(frozen=True)
class PageMarkup:
    published_at: datetime | None  # from explicit publication markup only
    canonical_url: str | None
    page_url: str | None  # og:url
    language: str | None
    bylines: tuple[str, ...]  # texts printed where bylines go, most likely first


def read_markup(root: Element, base_url: str | None, comments: Collection[Element]) -> PageMarkup:
    page_url = _meta(root, {"og:url"})
    base = base_url or page_url
    return PageMarkup(
        published_at=_published(root, comments),
        canonical_url=_canonical(root, base),
        page_url=page_url,
        language=_language(root),
        bylines=tuple(dict.fromkeys(_bylines(root, comments))),
    )


def printed_moment(
    root: Element, comments: Collection[Element], day: date | None = None
) -> datetime | None:
    """A publication moment printed on the page: a <time datetime>, or a short line that is
    a date and nothing else ("Posted on March 3, 2019 at 6:40 pm"). Given the day htmldate
    found, only a moment on that day with a time of day counts (it adds the time)."""
    for element in root.iter():
        if not isinstance(element.tag, str) or len(element) > MAX_DATE_CHILDREN:
            continue
        candidates = [element.get("datetime") or ""] if element.tag == "time" else []
        if len(element.text_content()) <= MAX_DATE_TEXT_CHARS:
            candidates.append(text_of(element))
        for candidate in candidates:
            moment = read_moment(candidate)
            if moment is None or _in(element, comments) or is_chrome(element):
                continue
            if day is None or (moment.date() == day and moment.time() != datetime.min.time()):
                return moment
    return None


def _meta(root: Element, names: Collection[str]) -> str | None:
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key.lower() in names and (element.get("content") or "").strip():
            return str(element.get("content")).strip()
    return None


def _published(root: Element, comments: Collection[Element]) -> datetime | None:
    for value in _published_values(root, comments):
        moment = read_moment(value)
        if moment is not None:
            return moment
    return None


def _published_values(root: Element, comments: Collection[Element]) -> Iterator[str]:
    meta = _meta(root, _PUBLISHED_META)
    if meta:
        yield meta
    for item in _json_ld(root):
        types = item.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(n, str) and _ARTICLE_TYPES.search(n) for n in names):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
    for element in root.iter():
        if not isinstance(element.tag, str) or _in(element, comments):
            continue
        if (element.get("itemprop") or "").lower() == "datepublished":
            yield element.get("content") or element.get("datetime") or text_of(element)
        elif element.tag == "time" and (
            element.get("pubdate") is not None or has_word(element, _PUBLISHED_WORDS)
        ):
            yield element.get("datetime") or text_of(element)


def _json_ld(root: Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    pending = [data]
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)


def _canonical(root: Element, base: str | None) -> str | None:
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            address = joined(base, href)
            try:
                path = urlsplit(address).path
            except ValueError:  # not an address urllib can read (an unclosed "["): unused
                continue
            # A canonical link to the site's front page is a template error, not the article.
            if path.strip("/"):
                return address
    return None


def _language(root: Element) -> str | None:
    declared = root.get("lang") or root.get("xml:lang") or _meta(root, {"og:locale"})
    for element in root.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "content-language":
            declared = declared or element.get("content")
    match = _LANGUAGE.match((declared or "").strip())
    return match.group(1).lower() if match else None


def _bylines(root: Element, comments: Collection[Element]) -> Iterator[str]:
    """Short texts of elements whose class says byline (first) or author."""
    for pattern in _BYLINE_WORDS:
        for element in root.iter():
            if not isinstance(element.tag, str) or not has_word(element, pattern):
                continue
            if _in(element, comments) or is_chrome(element) or element.tag in {"meta", "link"}:
                continue
            text = text_of(element)
            if text and len(text.split()) <= MAX_BYLINE_WORDS:
                yield text


def _in(element: Element, comments: Collection[Element]) -> bool:
    return element in comments or any(a in comments for a in ancestors(element))
