"""Quoted words, located in the article body by character offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, int_pk, long_text
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.agency import Agency
    from archive.models.article import Article
    from archive.models.person import Person

# direct: a full quoted statement; partial: a fragment inside the writer's sentence;
# scare: words set off in quote marks without being anyone's statement.
QUOTE_KINDS = ("direct", "partial", "scare")


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int_pk]
    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE")
    )
    speaker_id: Mapped[int | None] = mapped_column(
        BigIntKey, ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    via_agency_id: Mapped[int | None] = mapped_column(
        BigIntKey, ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    text: Mapped[long_text]
    kind: Mapped[str] = mapped_column(String(16))
    cue: Mapped[str | None] = mapped_column(String(40))
    paragraph: Mapped[int]
    # body[start_offset:end_offset] == text
    start_offset: Mapped[int]
    end_offset: Mapped[int]

    article: Mapped[Article] = relationship(back_populates="quotes", lazy="raise")
    speaker: Mapped[Person | None] = relationship(back_populates="quotes", lazy="raise")
    via_agency: Mapped[Agency | None] = relationship(lazy="raise")

    __table_args__ = (
        one_of("kind", QUOTE_KINDS, name="kind_known"),
        CheckConstraint("start_offset >= 0", name="start_not_negative"),
        CheckConstraint("start_offset < end_offset", name="start_before_end"),
        CheckConstraint("paragraph >= 0", name="paragraph_not_negative"),
        UniqueConstraint("article_id", "start_offset"),
    )

    def __repr__(self) -> str:
        return f"<Quote {self.id} {self.text[:30]!r}>"
