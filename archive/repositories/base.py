"""What every repository shares: checking caller input and orderings both databases agree on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, exists, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from archive.errors import ArticleNotFound, InvalidInput
from archive.models import AgencyAlias, Article, PersonAlias
from archive.normalize import normalize_name

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlalchemy import CompoundSelect, Select

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


def named(
    spelling: InstrumentedAttribute[str],
    owner: InstrumentedAttribute[int],
    name: str,
    what: str,
) -> CompoundSelect[int]:
    """The ids `name` stands for: the owner of that exact spelling, else every owner with a
    spelling that holds all of its words (a surname alone, or names out of order).

    Readers type "Shamkhani" for Ali Shamkhani. The exact spelling wins when there is one, so
    a full name never brings in namesakes, and only then is every spelling read.
    """
    key = name_key(name, what)
    exact = select(owner).where(spelling == key)
    other = aliased(spelling.class_)
    held = exists().where(getattr(other, spelling.key) == key)
    padded = literal(" ") + spelling + literal(" ")
    words = [padded.like(f"% {_escape_like(word)} %", escape="\\") for word in key.split()]
    return union_all(exact, select(owner).where(~held, *words))


def people_named(name: str, what: str = "person name") -> CompoundSelect[int]:
    return named(PersonAlias.normalized_alias, PersonAlias.person_id, name, what)


def agencies_named(name: str, what: str = "agency name") -> CompoundSelect[int]:
    return named(AgencyAlias.normalized_alias, AgencyAlias.agency_id, name, what)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def check_page(limit: int | None, offset: int = 0) -> None:
    """Refuse a page no database can be asked for (LIMIT and OFFSET are 64-bit there too)."""
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit must be at least 1, not {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must be 0 or more, not {offset}")
    # LIMIT and OFFSET are 64-bit on both databases: past that, a driver error, not an answer.
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and value > MAX_KEY:
            raise InvalidInput(f"{name} must be at most {MAX_KEY}, not {value}")


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
