"""What the repositories return: frozen values, complete without a session.

Every result is built from rows inside the unit of work and holds plain values only, so a
caller can keep it, compare it or turn it into JSON (`to_dict()`) after the session closes.
Sequences are tuples in a fixed order, so the same archive gives the same JSON on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from archive.importing.draft import PARAGRAPH_SEPARATOR


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, or None."""
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class ImageInfo:
    caption: str
    credit: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"caption": self.caption, "credit": self.credit}


@dataclass(frozen=True)
class AgencyLink:
    """An agency as one article relates to it."""

    name: str
    short_name: str | None
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "short_name": self.short_name, "role": self.role}


@dataclass(frozen=True)
class PersonLink:
    """A person named in one article, with the title that article gives them."""

    name: str
    title: str | None
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "role": self.role}


@dataclass(frozen=True)
class QuoteInfo:
    """Quoted words inside an article: body[start:end] == text."""

    text: str
    speaker: str | None
    speaker_title: str | None
    kind: str
    cue: str | None
    via: str | None
    paragraph: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "kind": self.kind,
            "cue": self.cue,
            "via": self.via,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class CommentNode:
    """A comment and the replies shown under it, in posting order.

    `email` is filled only when the comment was read with include_private=True, and only then
    does `to_dict()` carry an "email" key.
    """

    id: int
    article_id: int
    parent_id: int | None
    author: str
    body: str
    posted_at: datetime
    status: str
    replies: tuple[CommentNode, ...] = ()
    email: str | None = field(default=None, repr=False)
    includes_private: bool = field(default=False, repr=False)

    def walk(self) -> list[CommentNode]:
        """This comment and every reply below it, depth first in posting order."""
        found: list[CommentNode] = []
        stack: list[CommentNode] = [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.replies))
        return found

    def to_dict(self) -> dict[str, Any]:
        # Built bottom-up without recursion: a thread may nest deeper than Python recurses.
        built: dict[int, dict[str, Any]] = {}
        for node in reversed(self.walk()):
            item: dict[str, Any] = {
                "id": node.id,
                "author": node.author,
                "body": node.body,
                "posted_at": iso(node.posted_at),
                "status": node.status,
            }
            if node.includes_private:
                item["email"] = node.email
            item["replies"] = [built.pop(id(reply)) for reply in node.replies]
            built[id(node)] = item
        return built[id(self)]


def count_comments(thread: tuple[CommentNode, ...]) -> int:
    return sum(len(root.walk()) for root in thread)


@dataclass(frozen=True)
class ArticleSummary:
    """An article's own columns, without what hangs off it: a row of a listing."""

    id: int
    slug: str
    headline: str | None
    byline: str | None
    published_at: datetime | None
    dateline: str | None
    language: str
    source_name: str | None
    url: str | None
    word_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "headline": self.headline,
            "byline": self.byline,
            "published_at": iso(self.published_at),
            "dateline": self.dateline,
            "language": self.language,
            "source_name": self.source_name,
            "url": self.url,
            "word_count": self.word_count,
        }


@dataclass(frozen=True)
class ArticleDetail:
    """The whole article, as `archive show --json` and `archive export` print it."""

    id: int
    slug: str
    headline: str | None
    byline: str | None
    published_at: datetime | None
    dateline: str | None
    language: str
    source_name: str | None
    url: str | None
    body: str
    images: tuple[ImageInfo, ...]
    agencies: tuple[AgencyLink, ...]
    authors: tuple[str, ...]
    people: tuple[PersonLink, ...]
    quotes: tuple[QuoteInfo, ...]
    comments: tuple[CommentNode, ...]
    content_hash: str
    word_count: int

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs; a quote's `paragraph` indexes this list."""
        return self.body.split(PARAGRAPH_SEPARATOR)

    @property
    def comment_count(self) -> int:
        """Comments shown in `comments`, replies included."""
        return count_comments(self.comments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "headline": self.headline,
            "byline": self.byline,
            "published_at": iso(self.published_at),
            "dateline": self.dateline,
            "language": self.language,
            "source_name": self.source_name,
            "url": self.url,
            "body": self.body,
            "paragraphs": self.paragraphs,
            "images": [image.to_dict() for image in self.images],
            "agencies": [agency.to_dict() for agency in self.agencies],
            "authors": list(self.authors),
            "people": [person.to_dict() for person in self.people],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "comments": [comment.to_dict() for comment in self.comments],
            "comment_count": self.comment_count,
            "content_hash": self.content_hash,
            "word_count": self.word_count,
        }


@dataclass(frozen=True)
class ArticlePage:
    """One page of a keyset-paginated listing; pass `next_cursor` to get the next one."""

    items: tuple[ArticleSummary, ...]
    next_cursor: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [item.to_dict() for item in self.items],
            "next_cursor": self.next_cursor,
        }


@dataclass(frozen=True)
class SearchHit:
    """An article that matched a search, its rank (higher is better) and a snippet.

    Ranks order the hits of one search on one database; they are not comparable between
    databases. The snippet marks matched words with ** on both sides.
    """

    article: ArticleSummary
    rank: float
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.article.to_dict(), "rank": round(self.rank, 6), "snippet": self.snippet}


@dataclass(frozen=True)
class QuoteHit:
    """A quote found across the archive, with the article it is in."""

    id: int
    text: str
    speaker: str | None
    speaker_title: str | None
    kind: str
    cue: str | None
    via: str | None
    paragraph: int
    start: int
    end: int
    article_id: int
    article_slug: str
    article_headline: str | None
    published_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "kind": self.kind,
            "cue": self.cue,
            "via": self.via,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "article_id": self.article_id,
            "article_slug": self.article_slug,
            "article_headline": self.article_headline,
            "published_at": iso(self.published_at),
        }


@dataclass(frozen=True)
class SpeakerCount:
    id: int
    name: str
    title: str | None
    quote_count: int
    article_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "quote_count": self.quote_count,
            "article_count": self.article_count,
        }


@dataclass(frozen=True)
class AgencyInfo:
    id: int
    name: str
    short_name: str | None
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    article_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind,
            "country": self.country,
            "aliases": list(self.aliases),
            "article_count": self.article_count,
        }


@dataclass(frozen=True)
class AuthorInfo:
    id: int
    name: str
    kind: str
    article_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "article_count": self.article_count,
        }


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    title: str | None
    aliases: tuple[str, ...]
    article_count: int
    quote_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "aliases": list(self.aliases),
            "article_count": self.article_count,
            "quote_count": self.quote_count,
        }
