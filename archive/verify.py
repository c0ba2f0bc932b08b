"""Integrity checks: is what the archive holds still consistent with itself?

- foreign keys: every reference points at an existing row (PRAGMA foreign_key_check on
  SQLite, where enforcement can be switched off per connection; orphan queries built from
  the models' foreign keys on PostgreSQL);
- timestamps (SQLite): every stored time reads back as one;
- content hashes and word counts: recomputed from each body;
- quote offsets: body[start:end] == text for every quote;
- the search index: one entry per article, none for articles that are gone, and each entry
  equal to what a refresh would write.

`verify_archive` only reads (on PostgreSQL it rebuilds index entries inside a savepoint
that is always rolled back), and reports problems rather than raising them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, Text, and_, cast, exists, func, or_, select, text, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import NullType

from archive.db.types import UTCDateTime
from archive.models import Article, Base, Image, Quote
from archive.normalize import content_hash, word_count
from archive.search import index as search_index

CHECKS = (
    "foreign_keys",
    "timestamps",
    "content_hashes",
    "word_counts",
    "quote_offsets",
    "search_index",
)
BATCH_SIZE = 500
AddProblem = Callable[["Problem"], None]
# Past this many problems of one kind, the rest are counted rather than listed.
MAX_LISTED = 100


@dataclass(frozen=True)
class Problem:
    check: str
    table: str
    row: str | None  # the row's key as text (composite keys joined by commas)
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "table": self.table, "row": self.row, "message": self.message}

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    unlisted: dict[str, int] = field(default_factory=dict)  # check -> problems not listed
    checked: dict[str, int] = field(default_factory=dict)  # what was looked at -> how many
    _listed: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(self.unlisted.values())

    def add(self, problem: Problem, max_listed: int) -> None:
        listed = self._listed.get(problem.check, 0)
        if listed >= max_listed:
            self.unlisted[problem.check] = self.unlisted.get(problem.check, 0) + 1
        else:
            self._listed[problem.check] = listed + 1
            self.problems.append(problem)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problem_count": self.problem_count,
            "checked": self.checked,
            "problems": [problem.to_dict() for problem in self.problems],
            "unlisted": self.unlisted,
        }


def verify_archive(
    session: Session, *, batch_size: int = BATCH_SIZE, max_listed: int = MAX_LISTED
) -> VerifyReport:
    """Run every check, in the caller's transaction; nothing is changed."""
    report = VerifyReport()
    postgresql = session.get_bind().dialect.name == "postgresql"

    def add(problem: Problem) -> None:
        report.add(problem, max_listed)

    fk_problems = _postgresql_orphans(session) if postgresql else _sqlite_foreign_keys(session)
    for problem in fk_problems:
        add(problem)
    if not postgresql:  # a PostgreSQL timestamptz column holds nothing but times
        for problem in _sqlite_unreadable_times(session):
            add(problem)
    articles = quotes = 0
    for batch in _article_batches(session, batch_size):
        articles += len(batch)
        quotes += _check_bodies(session, batch, add)
        if postgresql:
            _check_postgresql_index(session, batch, add)
        else:
            _check_sqlite_index(session, batch, add)
    for problem in _stray_index_entries(session, postgresql):
        add(problem)
    report.checked["articles"] = articles
    report.checked["quotes"] = quotes
    return report


# -- foreign keys ---------------------------------------------------------------------------


def _sqlite_foreign_keys(session: Session) -> Iterator[Problem]:
    # (table, foreign key id) -> its columns in the referring table, in key order.
    columns: dict[tuple[str, int], list[str]] = defaultdict(list)
    for table, rowid, parent, fk_id in session.execute(text("PRAGMA foreign_key_check")).all():
        if (table, fk_id) not in columns:
            for row in session.execute(text(f'PRAGMA foreign_key_list("{table}")')).all():
                columns[(table, row.id)].append(row[3])  # the "from" column
        names = columns[(table, fk_id)]
        # The row as PostgreSQL's check names it: by its primary key, not SQLite's rowid.
        model = Base.metadata.tables.get(table)
        key = [column.name for column in model.primary_key.columns] if model is not None else []
        key = key or ["rowid"]
        picked = ", ".join(f'"{name}"' for name in [*key, *names])
        values = session.execute(
            text(f'SELECT {picked} FROM "{table}" WHERE rowid = :rowid'), {"rowid": rowid}
        ).one()
        row_key = ", ".join(str(value) for value in values[: len(key)])
        pairs = ", ".join(
            f"{name}={value}" for name, value in zip(names, values[len(key) :], strict=True)
        )
        yield Problem(
            "foreign_keys",
            table,
            row_key,
            f"{table} row {row_key}: {pairs} refers to a missing {parent} row",
        )


def _postgresql_orphans(session: Session) -> Iterator[Problem]:
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        for constraint in table.foreign_key_constraints:
            parent = constraint.referred_table.alias("parent")
            pairs = [
                (element.parent, parent.c[element.column.name]) for element in constraint.elements
            ]
            orphan = and_(
                *(child.is_not(None) for child, _ in pairs),
                ~exists().where(*(held == child for child, held in pairs)),
            )
            statement = select(*key, *(child for child, _ in pairs)).where(orphan)
            for row in session.execute(statement.order_by(*key)):
                row_key = ", ".join(str(value) for value in row[: len(key)])
                values = ", ".join(
                    f"{child.name}={value}"
                    for (child, _), value in zip(pairs, row[len(key) :], strict=True)
                )
                yield Problem(
                    "foreign_keys",
                    table.name,
                    row_key,
                    f"{table.name} row {row_key}: {values} refers to a missing "
                    f"{constraint.referred_table.name} row",
                )


# -- times ----------------------------------------------------------------------------------


def _sqlite_unreadable_times(session: Session) -> Iterator[Problem]:
    """Times SQLite holds that the archive cannot read back (SQLite takes any value in any
    column, so a hand edit can store one): every command reading that row would fail.

    SQL picks, in one pass over each table, the rows with a time not in the form the archive
    writes; Python decides, reading them as the archive does.
    """
    for table in Base.metadata.sorted_tables:
        times = [column for column in table.columns if isinstance(column.type, UTCDateTime)]
        if not times:
            continue
        key = list(table.primary_key.columns)
        # The stored values, not yet converted (converting is what fails).
        raws = [type_coerce(column, NullType()) for column in times]
        statement = select(*key, *raws).where(or_(*(_unusual(raw) for raw in raws)))
        for row in session.execute(statement.order_by(*key)):
            where = ", ".join(str(part) for part in row[: len(key)])
            for column, value in zip(times, row[len(key) :], strict=True):
                if value is None or (isinstance(value, str) and _readable(column, value)):
                    continue
                yield Problem(
                    "timestamps",
                    table.name,
                    where,
                    f"{table.name} row {where}: {column.name} holds {_clip(repr(value))}, "
                    "not a time",
                )


def _unusual(raw: Any) -> Any:
    return and_(
        raw.is_not(None),
        or_(
            func.typeof(raw) != "text",
            func.length(raw).not_in((19, 26)),
            ~raw.op("GLOB")(_SQLITE_TIME),
            func.strftime("%Y-%m-%d %H:%M:%S", raw).is_distinct_from(func.substr(raw, 1, 19)),
        ),
    )


# What the archive writes: YYYY-MM-DD HH:MM:SS, then .ffffff (length says which).
_SQLITE_TIME = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*"


def _readable(column: Any, value: str) -> bool:
    try:
        column.type.process_result_value(value, None)
    except ValueError:
        return False
    return True


# -- bodies and quotes ----------------------------------------------------------------------


def _article_batches(session: Session, batch_size: int) -> Iterator[Sequence[Any]]:
    """Articles' own checked columns, by ascending id, a batch at a time (keyset)."""
    last = 0
    while True:
        batch = session.execute(
            select(
                Article.id,
                Article.slug,
                Article.headline,
                Article.body,
                Article.content_hash,
                Article.word_count,
            )
            .where(Article.id > last)
            .order_by(Article.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return
        yield batch
        last = batch[-1].id


def _check_bodies(session: Session, batch: Sequence[Any], add: AddProblem) -> int:
    """Hashes, word counts and quote offsets of a batch; returns how many quotes were checked."""
    bodies: dict[int, str] = {}
    for row in batch:
        bodies[row.id] = row.body
        where = f"article {row.id} ({row.slug})"
        recomputed = content_hash(row.body)
        if recomputed != row.content_hash:
            add(
                Problem(
                    "content_hashes",
                    "articles",
                    str(row.id),
                    f"{where}: stored content hash {row.content_hash[:12]}… but the body "
                    f"hashes to {recomputed[:12]}…",
                )
            )
        counted = word_count(row.body)
        if counted != row.word_count:
            add(
                Problem(
                    "word_counts",
                    "articles",
                    str(row.id),
                    f"{where}: stored word count {row.word_count} but the body has {counted}",
                )
            )
    quotes = session.execute(
        select(Quote.id, Quote.article_id, Quote.start_offset, Quote.end_offset, Quote.text)
        .where(Quote.article_id.in_(list(bodies)))
        .order_by(Quote.article_id, Quote.start_offset)
    ).all()
    for quote in quotes:
        body = bodies[quote.article_id]
        found = body[quote.start_offset : quote.end_offset]
        if quote.end_offset > len(body) or found != quote.text:
            add(
                Problem(
                    "quote_offsets",
                    "quotes",
                    str(quote.id),
                    f"quote {quote.id} in article {quote.article_id}: "
                    f"body[{quote.start_offset}:{quote.end_offset}] is {_clip(found)!r}, "
                    f"not {_clip(quote.text)!r}",
                )
            )
    return len(quotes)


def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# -- the search index -----------------------------------------------------------------------


def _check_sqlite_index(session: Session, batch: Sequence[Any], add: AddProblem) -> None:
    """FTS5 keeps its own copy of the text: compare it with the rows it was built from."""
    from archive.search.sqlite import article_search

    ids = [row.id for row in batch]
    captions: dict[int, list[str]] = defaultdict(list)
    for article_id, caption in session.execute(
        select(Image.article_id, Image.caption)
        .where(Image.article_id.in_(ids))
        .order_by(Image.article_id, Image.position)
    ):
        captions[article_id].append(caption)
    stored = {
        row.rowid: row
        for row in session.execute(
            select(
                article_search.c.rowid,
                article_search.c.headline,
                article_search.c.captions,
                article_search.c.body,
            ).where(article_search.c.rowid.in_(ids))
        )
    }
    for row in batch:
        entry = stored.get(row.id)
        if entry is None:
            add(_missing_entry(row))
            continue
        expected = {
            "headline": row.headline or "",
            "captions": " ".join(captions[row.id]),
            "body": row.body,
        }
        actual = {"headline": entry.headline, "captions": entry.captions, "body": entry.body}
        differing = [name for name in expected if expected[name] != actual[name]]
        if differing:
            add(_stale_entry(row, ", ".join(differing)))


def _check_postgresql_index(session: Session, batch: Sequence[Any], add: AddProblem) -> None:
    """Rebuild the batch's entries in a savepoint, compare, and roll the rebuild back."""
    from archive.search.postgresql import article_search

    ids = [row.id for row in batch]

    def documents() -> dict[int, tuple[Any, ...]]:
        statement = select(
            article_search.c.article_id,
            cast(article_search.c.document, Text),
            article_search.c.published_at,
        ).where(article_search.c.article_id.in_(ids))
        return {
            key: (document, published) for key, document, published in session.execute(statement)
        }

    stored = documents()
    savepoint = session.begin_nested()
    try:
        search_index.refresh(session, ids)
        rebuilt = documents()
    finally:
        savepoint.rollback()
    for row in batch:
        if row.id not in stored:
            add(_missing_entry(row))
        elif stored[row.id] != rebuilt.get(row.id):
            document, published = stored[row.id]
            differing = [
                name
                for name, value, fresh in zip(
                    ("document", "published_at"),
                    (document, published),
                    rebuilt[row.id],
                    strict=True,
                )
                if value != fresh
            ]
            add(_stale_entry(row, ", ".join(differing)))


def _stray_index_entries(session: Session, postgresql: bool) -> Iterator[Problem]:
    search: Table
    if postgresql:
        from archive.search.postgresql import article_search as search

        key = search.c.article_id
    else:
        from archive.search.sqlite import article_search as search

        key = search.c.rowid
    statement = select(key).where(~exists().where(Article.id == key)).order_by(key)
    for (article_id,) in session.execute(statement):
        yield Problem(
            "search_index",
            "article_search",
            str(article_id),
            f"search entry {article_id} belongs to no article",
        )


def _missing_entry(row: Any) -> Problem:
    return Problem(
        "search_index",
        "article_search",
        str(row.id),
        f"article {row.id} ({row.slug}) has no search entry",
    )


def _stale_entry(row: Any, what: str) -> Problem:
    return Problem(
        "search_index",
        "article_search",
        str(row.id),
        f"article {row.id} ({row.slug}): search entry ({what}) differs from what a refresh writes",
    )
