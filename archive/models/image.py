"""Photos that came with an article: their captions and credits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, int_pk, long_text, position
from archive.models.base import Base

if TYPE_CHECKING:
    from archive.models.agency import Agency
    from archive.models.article import Article


class Image(Base):
    __tablename__ = "images"

    id: Mapped[int_pk]
    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE")
    )
    position: Mapped[position]
    caption: Mapped[long_text]
    # The credit as printed ("AP", "Reuters/John Smith") and the agency it names, if known.
    credit: Mapped[str | None] = mapped_column(Text)
    credit_agency_id: Mapped[int | None] = mapped_column(
        BigIntKey, ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    url: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="images", lazy="raise")
    credit_agency: Mapped[Agency | None] = relationship(lazy="raise")

    __table_args__ = (UniqueConstraint("article_id", "position"),)
