"""What every repository shares: checking caller input and orderings both databases agree on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from archive.errors import ArticleNotFound, InvalidInput
from archive.models import Article
from archive.normalize import normalize_name

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlalchemy import Select

    # A SELECT of any columns (SQLAlchemy 2.1 types selects by their column types).
    AnySelect: TypeAlias = Select[*tuple[Any, ...]]

# Keys are 64-bit; anything larger cannot name a row (and would overflow a PostgreSQL bind).
MAX_KEY = 2**63 - 1


class Repository:
    """Queries over one session; the unit of work (or the caller) owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def bytewise(self, column: ColumnElement[str] | InstrumentedAttribute[str]) -> Any:
        """Order text by code point on both databases (PostgreSQL's default collation does not)."""
        return column.collate("C") if self.dialect == "postgresql" else column


def check_text(value: str, what: str) -> str:
    """Refuse text no database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid Unicode text") from None
    return value


def name_key(value: str, what: str) -> str:
    """The normal form a name is looked up by; a blank name is a mistake, not a wildcard."""
    key = normalize_name(check_text(value, what))
    if not key:
        raise InvalidInput(f"{what} is empty")
    return key


def check_page(limit: int | None, offset: int = 0) -> None:
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit must be at least 1, not {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must be 0 or more, not {offset}")


def valid_key(key: int) -> bool:
    return 0 < key <= MAX_KEY


def resolve_article_id(session: Session, key: int | str) -> int:
    """The id of the article with this id or slug (a slug wins over an id written as text)."""
    if isinstance(key, int) and not isinstance(key, bool):
        found = _unique_id(session, Article.id == key) if valid_key(key) else None
        if found is None:
            raise ArticleNotFound(f"no article with id {key}")
        return found
    slug = check_text(str(key), "article slug")
    found = _unique_id(session, Article.slug == slug)
    if found is None and slug.isascii() and slug.isdigit() and valid_key(int(slug)):
        found = _unique_id(session, Article.id == int(slug))
    if found is None:
        raise ArticleNotFound(f"no article with id or slug {slug!r}")
    return found


def _unique_id(session: Session, condition: ColumnElement[bool]) -> int | None:
    return session.execute(select(Article.id).where(condition)).scalar_one_or_none()
