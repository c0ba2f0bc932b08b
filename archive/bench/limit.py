"""The physical limit: the rows an import writes, written raw into the same schema.

Nothing is checked or looked up: ids are assigned here, names are resolved from in-memory
dictionaries, every table is written in one pass. The schema is the archive's own (every
constraint, index and full-text structure in place): PostgreSQL gets COPY through psycopg
and its search documents set-based with to_tsvector; SQLite gets executemany in one
transaction, its FTS5 rows included (the quote index fills through the schema's triggers).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy.engine import URL

from archive.bench.corpus import Corpus
from archive.db.types import utcnow
from archive.importing.draft import ArticleDraft
from archive.importing.resolver import author_kind, normalized

CHUNK = 1_000

# Table -> columns, in foreign-key order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies": ("id", "name", "short_name", "kind", "country"),
    "agency_aliases": ("id", "agency_id", "alias", "normalized_alias"),
    "authors": ("id", "name", "normalized_name", "kind"),
    "people": ("id", "name", "normalized_name", "title"),
    "person_aliases": ("id", "person_id", "alias", "normalized_alias"),
    "articles": (
        "id",
        "slug",
        "headline",
        "byline",
        "published_at",
        "dateline",
        "language",
        "body",
        "source_name",
        "url",
        "canonical_url",
        "source_key",
        "source_format",
        "source_encoding",
        "raw_text",
        "removed_boilerplate",
        "content_hash",
        "word_count",
        "created_at",
        "updated_at",
    ),
    "article_authors": ("article_id", "author_id", "position"),
    "article_agencies": ("article_id", "agency_id", "role"),
    "article_people": ("article_id", "person_id", "role", "title"),
    "images": ("id", "article_id", "position", "caption", "credit", "credit_agency_id", "url"),
    "quotes": (
        "id",
        "article_id",
        "speaker_id",
        "via_agency_id",
        "text",
        "kind",
        "cue",
        "paragraph",
        "start_offset",
        "end_offset",
    ),
    "comments": (
        "id",
        "article_id",
        "parent_id",
        "author_name",
        "author_email",
        "body",
        "posted_at",
        "status",
        "created_at",
        "updated_at",
    ),
}
_SEQUENCED: tuple[str, ...] = (
    "agencies",
    "agency_aliases",
    "authors",
    "people",
    "person_aliases",
    "articles",
    "images",
    "quotes",
    "comments",
)


@dataclass
class RowBuilder:
    """Turns drafts into table rows (tuples in COLUMNS order), assigning every id itself."""

    json: Callable[[list[Any]], Any] = list
    next_id: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SEQUENCED, 1))
    agencies: dict[str, int] = field(default_factory=dict)
    authors: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def rows(self, drafts: Iterable[ArticleDraft]) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        now = utcnow()
        for draft in drafts:
            self._article(draft, now, out)
        return out

    def _agency(self, ref: Any, out: dict[str, list[tuple[Any, ...]]]) -> int:
        key = normalized(ref.name)
        if key not in self.agencies:
            agency_id = self._id("agencies")
            out["agencies"].append((agency_id, ref.name, ref.short_name, ref.kind, ref.country))
            for alias in dict.fromkeys(a for a in (ref.name, ref.short_name, *ref.aliases) if a):
                alias_key = normalized(alias)
                self.agencies[alias_key] = agency_id
                out["agency_aliases"].append(
                    (self._id("agency_aliases"), agency_id, alias, alias_key)
                )
        return self.agencies[key]

    def _person(self, ref: Any, out: dict[str, list[tuple[Any, ...]]]) -> int:
        key = normalized(ref.name)
        if key not in self.people:
            person_id = self._id("people")
            out["people"].append((person_id, ref.name, key, ref.filed_title))
            for alias in dict.fromkeys((ref.name, *ref.aliases)):
                alias_key = normalized(alias)
                self.people[alias_key] = person_id
                out["person_aliases"].append(
                    (self._id("person_aliases"), person_id, alias, alias_key)
                )
        return self.people[key]

    def _author(self, name: str, out: dict[str, list[tuple[Any, ...]]]) -> int:
        key = normalized(name)
        if key not in self.authors:
            author_id = self._id("authors")
            self.authors[key] = author_id
            out["authors"].append((author_id, name, key, author_kind(name)))
        return self.authors[key]

    def _article(
        self, draft: ArticleDraft, now: datetime, out: dict[str, list[tuple[Any, ...]]]
    ) -> None:
        agency_ids = {normalized(r.name): self._agency(r, out) for r in draft.agencies}
        person_ids = {normalized(r.name): self._person(r, out) for r in draft.people}
        article_id = self._id("articles")
        slug = draft.base_slug()
        if slug in self.slugs:
            slug = draft.unique_slug()
        self.slugs.add(slug)
        out["articles"].append(
            (
                article_id,
                slug,
                draft.headline,
                draft.byline,
                draft.published_at,
                draft.dateline,
                draft.language,
                draft.body,
                draft.source_name,
                draft.url,
                draft.canonical_url,
                draft.source_key,
                draft.source_format,
                draft.source_encoding,
                draft.raw_text,
                self.json(list(draft.removed_boilerplate)),
                draft.content_hash,
                draft.word_count,
                now,
                now,
            )
        )
        seen_authors: dict[int, None] = {}
        for name in draft.authors:
            seen_authors.setdefault(self._author(name, out))
        for position, author_id in enumerate(seen_authors):
            out["article_authors"].append((article_id, author_id, position))
        for agency_id, role in dict.fromkeys(
            (agency_ids[normalized(r.name)], r.role) for r in draft.agencies
        ):
            out["article_agencies"].append((article_id, agency_id, role))
        people: dict[int, list[Any]] = {}
        for ref in draft.people:
            row = people.setdefault(
                person_ids[normalized(ref.name)], [article_id, 0, ref.role, ref.title]
            )
            if ref.role == "quoted":
                row[2] = "quoted"
            if row[3] is None:
                row[3] = ref.title
        for person_id, row in people.items():
            out["article_people"].append((article_id, person_id, row[2], row[3]))
        for position, image in enumerate(draft.images):
            agency = agency_ids.get(normalized(image.credit_agency or ""))
            out["images"].append(
                (
                    self._id("images"),
                    article_id,
                    position,
                    image.caption,
                    image.credit,
                    agency,
                    image.url,
                )
            )
        for quote in draft.quotes:
            out["quotes"].append(
                (
                    self._id("quotes"),
                    article_id,
                    person_ids[normalized(quote.speaker)] if quote.speaker else None,
                    agency_ids[normalized(quote.via)] if quote.via else None,
                    quote.text,
                    quote.kind,
                    quote.cue,
                    quote.paragraph,
                    quote.start,
                    quote.end,
                )
            )
        comment_ids = [self._id("comments") for _ in draft.comments]
        for index, comment in enumerate(draft.comments):
            parent = comment_ids[comment.parent] if comment.parent is not None else None
            out["comments"].append(
                (
                    comment_ids[index],
                    article_id,
                    parent,
                    comment.author_name,
                    comment.author_email,
                    comment.body,
                    comment.posted_at,
                    comment.status,
                    now,
                    now,
                )
            )


_POSTGRESQL_SEARCH = """
    INSERT INTO article_search (article_id, document, published_at)
    SELECT a.id,
           setweight(to_tsvector('archive_english'::regconfig, coalesce(a.headline, '')), 'A')
           || setweight(to_tsvector('archive_english'::regconfig, coalesce(
                  (SELECT string_agg(i.caption, ' ' ORDER BY i.position)
                     FROM images i WHERE i.article_id = a.id), '')), 'B')
           || setweight(to_tsvector('archive_english'::regconfig, a.body), 'C'),
           a.published_at
      FROM articles a
     WHERE a.id BETWEEN %s AND %s
"""


def write_limit(url: URL, corpus: Corpus, count: int) -> float:
    """Write `count` corpus articles raw; the seconds it took, draft generation excluded."""
    if url.get_backend_name() == "postgresql":
        return _postgresql(url, corpus, count)
    return _sqlite(url, corpus, count)


def _postgresql(url: URL, corpus: Corpus, count: int) -> float:
    builder = RowBuilder(json=Jsonb)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    spent = 0.0
    with psycopg.connect(conninfo) as connection:
        for start in range(0, count, CHUNK):
            drafts = list(corpus.drafts(start, min(start + CHUNK, count)))
            began = time.perf_counter()
            first_article = builder.next_id["articles"]
            tables = builder.rows(drafts)
            with connection.cursor() as cursor:
                for table, rows in tables.items():
                    if not rows:
                        continue
                    columns = ", ".join(COLUMNS[table])
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                cursor.execute(_POSTGRESQL_SEARCH, (first_article, builder.next_id["articles"] - 1))
            spent += time.perf_counter() - began
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for table in _SEQUENCED:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, false)",
                    (builder.next_id[table],),
                )
        connection.commit()
        spent += time.perf_counter() - began
    return spent


def _sqlite(url: URL, corpus: Corpus, count: int) -> float:
    builder = RowBuilder(json=_json_text)
    connection = sqlite3.connect(url.database or "", isolation_level=None)
    spent = 0.0
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("BEGIN")
        for start in range(0, count, CHUNK):
            drafts = list(corpus.drafts(start, min(start + CHUNK, count)))
            began = time.perf_counter()
            tables = builder.rows(drafts)
            for table, rows in tables.items():
                if rows:
                    columns = COLUMNS[table]
                    marks = ", ".join("?" for _ in columns)
                    connection.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                        [tuple(_sqlite_value(v) for v in row) for row in rows],
                    )
            captions: dict[int, list[str]] = {}
            for image in tables["images"]:  # in position order within each article
                captions.setdefault(image[1], []).append(image[3])
            connection.executemany(
                "INSERT INTO article_search (rowid, headline, captions, body) VALUES (?, ?, ?, ?)",
                [
                    (row[0], row[2] or "", " ".join(captions.get(row[0], ())), row[7])
                    for row in tables["articles"]
                ],
            )
            spent += time.perf_counter() - began
        began = time.perf_counter()
        connection.execute("COMMIT")
        spent += time.perf_counter() - began
    finally:
        connection.close()
    return spent


def _json_text(values: list[Any]) -> str:
    return json.dumps(values)


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy's UTC type stores on SQLite: naive UTC as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value
