"""News agencies and outlets, the names they go by, and how an article relates to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.types import BigIntKey, int_pk, name_text
from archive.models.base import Base, one_of

if TYPE_CHECKING:
    from archive.models.article import Article

AGENCY_KINDS = ("wire_service", "state_agency", "broadcaster", "newspaper", "other")
# credit: "(With Reuters, AFP)"; photo: a caption credit; source: cited for a fact or quote;
# mentioned: named in the text without being relied on.
AGENCY_ROLES = ("credit", "photo", "source", "mentioned")


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="other")
    country: Mapped[str | None] = mapped_column(String(100))

    aliases: Mapped[list[AgencyAlias]] = relationship(
        back_populates="agency",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    articles: Mapped[list[ArticleAgency]] = relationship(back_populates="agency", lazy="raise")

    __table_args__ = (one_of("kind", AGENCY_KINDS, name="kind_known"),)

    def __repr__(self) -> str:
        return f"<Agency {self.id} {self.name!r}>"


class AgencyAlias(Base):
    """Every name an agency is matched by, its canonical and short names included."""

    __tablename__ = "agency_aliases"

    id: Mapped[int_pk]
    agency_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[name_text]
    normalized_alias: Mapped[str] = mapped_column(String(300), unique=True)

    agency: Mapped[Agency] = relationship(back_populates="aliases", lazy="raise")


class ArticleAgency(Base):
    __tablename__ = "article_agencies"

    article_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(
        BigIntKey, ForeignKey("agencies.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    article: Mapped[Article] = relationship(back_populates="agencies", lazy="raise")
    agency: Mapped[Agency] = relationship(back_populates="articles", lazy="raise")

    __table_args__ = (
        one_of("role", AGENCY_ROLES, name="role_known"),
        Index("ix_article_agencies_agency_id_role", "agency_id", "role"),
    )
