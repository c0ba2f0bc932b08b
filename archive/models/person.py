"""People quoted or named in articles, with the spellings they appear under."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, int_pk, name_text
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.article import Article
    from archive.models.quote import Quote

PERSON_ROLES = ("quoted", "mentioned")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int_pk]
    name: Mapped[name_text]
    normalized_name: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str | None] = mapped_column(Text)

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    articles: Mapped[list[ArticlePerson]] = relationship(back_populates="person", lazy="raise")
    quotes: Mapped[list[Quote]] = relationship(back_populates="speaker", lazy="raise")

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name!r}>"


class PersonAlias(Base):
    """Every spelling a person is matched by (Rowhani, Rouhani), the canonical one included."""

    __tablename__ = "person_aliases"

    id: Mapped[int_pk]
    person_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[name_text]
    normalized_alias: Mapped[str] = mapped_column(String(300), unique=True)

    person: Mapped[Person] = relationship(back_populates="aliases", lazy="raise")


class ArticlePerson(Base):
    """A person named in an article, with the title the article gives them."""

    __tablename__ = "article_people"

    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("people.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="mentioned")
    title: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="people", lazy="raise")
    person: Mapped[Person] = relationship(back_populates="articles", lazy="raise")

    __table_args__ = (one_of("role", PERSON_ROLES, name="role_known"),)
