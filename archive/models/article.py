"""The article: the aggregate root every other row hangs off."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import UTCDateTime, created_at, int_pk, long_text, updated_at
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.agency import ArticleAgency
    from archive.models.author import ArticleAuthor
    from archive.models.comment import Comment
    from archive.models.image import Image
    from archive.models.person import ArticlePerson
    from archive.models.quote import Quote

SOURCE_FORMATS = ("text", "html", "json")
JsonList = JSON().with_variant(JSONB(), "postgresql")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int_pk]
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    headline: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dateline: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16), default="en")
    body: Mapped[long_text]
    source_name: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    # Where the article was imported from (e.g. "seeds/<file>"): a changed file updates its
    # article instead of adding a second one.
    source_key: Mapped[str | None] = mapped_column(Text, unique=True)
    source_format: Mapped[str] = mapped_column(String(16), default="text")
    source_encoding: Mapped[str | None] = mapped_column(String(40))
    raw_text: Mapped[long_text]
    # Page boilerplate the importer cut from the source, kept so nothing vanishes silently.
    removed_boilerplate: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    word_count: Mapped[int]
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    authors: Mapped[list[ArticleAuthor]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ArticleAuthor.position",
    )
    agencies: Mapped[list[ArticleAgency]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    people: Mapped[list[ArticlePerson]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Quote.start_offset",
    )
    images: Mapped[list[Image]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Image.position",
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="article",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[Comment.posted_at, Comment.id]",
    )

    __table_args__ = (
        CheckConstraint("length(content_hash) = 64", name="content_hash_sha256"),
        CheckConstraint("word_count >= 0", name="word_count_not_negative"),
        CheckConstraint("length(slug) > 0", name="slug_not_empty"),
        one_of("source_format", SOURCE_FORMATS, name="source_format_known"),
        Index("ix_articles_published_at_id", "published_at", "id"),
    )

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.slug!r}>"
