"""Authors as printed in bylines: people, desks or collectives such as "Agencies"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, int_pk, name_text, position
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.article import Article

AUTHOR_KINDS = ("person", "desk", "collective")


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int_pk]
    name: Mapped[name_text]
    normalized_name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")

    articles: Mapped[list[ArticleAuthor]] = relationship(back_populates="author", lazy="raise")

    __table_args__ = (one_of("kind", AUTHOR_KINDS, name="kind_known"),)

    def __repr__(self) -> str:
        return f"<Author {self.id} {self.name!r}>"


class ArticleAuthor(Base):
    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        BigIntKey,
        ForeignKey("authors.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    )
    position: Mapped[position]

    article: Mapped[Article] = relationship(back_populates="authors", lazy="raise")
    author: Mapped[Author] = relationship(back_populates="articles", lazy="raise")

    __table_args__ = (UniqueConstraint("article_id", "position"),)
