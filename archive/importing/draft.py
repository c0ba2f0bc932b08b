"""ArticleDraft: what a parser reads out of a source, before anything touches the database.

Parsers produce drafts; the store writes them. A draft names things (people, agencies,
authors) by the names the text uses; the store resolves names to rows.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal

from archive.normalize import content_hash, word_count

PARAGRAPH_SEPARATOR = "\n\n"
SLUG_WORDS = 8
SLUG_MAX_LENGTH = 90


@dataclass(frozen=True)
class AgencyRef:
    """An agency as an article relates to it, with what the reference list knows of it."""

    name: str
    role: str  # credit | photo | source | mentioned
    short_name: str | None = None
    kind: str = "other"
    country: str | None = None
    aliases: tuple[str, ...] = ()


class _Default(enum.Enum):
    ARTICLE_TITLE = "the article's title"


# PersonRef.archive_title's default: a person new to the archive is filed under the title
# the article that introduces them gives them.
ARTICLE_TITLE: Literal[_Default.ARTICLE_TITLE] = _Default.ARTICLE_TITLE


@dataclass(frozen=True)
class PersonRef:
    """A person named in the article, with the title the article gives them."""

    name: str
    role: str = "mentioned"  # quoted | mentioned
    title: str | None = None
    aliases: tuple[str, ...] = ()
    # The title the archive files a new person under (None is a title too: none). An
    # imported export sets it, so the person comes back exactly as they were.
    archive_title: str | Literal[_Default.ARTICLE_TITLE] | None = ARTICLE_TITLE

    @property
    def filed_title(self) -> str | None:
        """The title a person first met through this reference is filed under."""
        if self.archive_title is ARTICLE_TITLE:
            return self.title
        return self.archive_title


@dataclass(frozen=True)
class QuoteDraft:
    """Quoted words located in the draft's body: body[start:end] == text."""

    text: str
    start: int
    end: int
    paragraph: int
    kind: str  # direct | partial | scare
    speaker: str | None = None  # a PersonRef.name of the same draft
    cue: str | None = None
    via: str | None = None  # an AgencyRef.name of the same draft


@dataclass(frozen=True)
class ImageDraft:
    caption: str
    credit: str | None = None
    credit_agency: str | None = None  # an AgencyRef.name of the same draft
    url: str | None = None


@dataclass(frozen=True)
class CommentDraft:
    author_name: str
    body: str
    posted_at: datetime
    status: str = "approved"
    author_email: str | None = None
    parent: int | None = None  # index of the parent in ArticleDraft.comments
    # The id the comment had in an exported archive: kept on import when it is free.
    id_hint: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ArticleDraft:
    paragraphs: tuple[str, ...]
    raw_text: str
    headline: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    dateline: str | None = None
    language: str = "en"
    source_name: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source_key: str | None = None
    source_format: str = "text"
    source_encoding: str | None = None
    removed_boilerplate: tuple[str, ...] = ()
    images: tuple[ImageDraft, ...] = ()
    agencies: tuple[AgencyRef, ...] = ()
    people: tuple[PersonRef, ...] = ()
    quotes: tuple[QuoteDraft, ...] = ()
    comments: tuple[CommentDraft, ...] = ()
    # The slug and id of an exported article, kept on re-import (when free) so a round trip
    # is exact.
    slug_hint: str | None = field(default=None, compare=False)
    id_hint: int | None = field(default=None, compare=False)

    @cached_property
    def body(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @cached_property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @cached_property
    def word_count(self) -> int:
        return word_count(self.body)

    def base_slug(self) -> str:
        """Date + first words of the headline (or of the body when there is none)."""
        if self.slug_hint:
            return self.slug_hint
        day = self.published_at.date().isoformat() if self.published_at else "undated"
        words = slug_words(self.headline or self.body)
        return f"{day}-{words}"[:SLUG_MAX_LENGTH].rstrip("-") if words else day

    def unique_slug(self) -> str:
        """The base slug made unique by a stable suffix taken from the content hash."""
        return f"{self.base_slug()[: SLUG_MAX_LENGTH - 9]}-{self.content_hash[:8]}"


def slug_words(text: str, limit: int = SLUG_WORDS) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words[:limit])
