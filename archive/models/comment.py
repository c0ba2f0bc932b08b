"""Reader comments, threaded, with a moderation status."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, UTCDateTime, created_at, int_pk, long_text, updated_at
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.article import Article

COMMENT_STATUSES = ("pending", "approved", "hidden", "spam")
MAX_COMMENT_LENGTH = 10_000


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int_pk]
    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE")
    )
    # A reply's parent must be a comment on the same article: the composite foreign key
    # below makes the database itself refuse a reply across articles.
    parent_id: Mapped[int | None] = mapped_column(BigIntKey, index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    # Private: never shown or exported unless explicitly asked for.
    author_email: Mapped[str | None] = mapped_column(String(320))
    body: Mapped[long_text]
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    article: Mapped[Article] = relationship(back_populates="comments", lazy="raise")

    __table_args__ = (
        UniqueConstraint("article_id", "id"),
        ForeignKeyConstraint(
            ["article_id", "parent_id"],
            ["comments.article_id", "comments.id"],
            ondelete="CASCADE",
            name="fk_comments_parent_same_article",
        ),
        one_of("status", COMMENT_STATUSES, name="status_known"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        CheckConstraint(f"length(body) <= {MAX_COMMENT_LENGTH}", name="body_within_limit"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_comments_article_id_posted_at", "article_id", "posted_at", "id"),
    )

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.article_id}>"
