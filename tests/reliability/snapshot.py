"""A fingerprint of everything an archive holds: one digest per row of every table, the
full-text index included, keyed by primary key. Comparing two of them says exactly which
rows appeared, disappeared or changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, Table, select, text

from archive.models import Base

Key = tuple[object, ...]
Snapshot = dict[str, dict[Key, str]]

MODEL_TABLES: tuple[Table, ...] = tuple(Base.metadata.sorted_tables)
# The search index is built outside the models; its rows are read by hand, per dialect.
SEARCH_INDEX = {
    "sqlite": "SELECT rowid, headline, captions, body FROM article_search ORDER BY rowid",
    "postgresql": (
        "SELECT article_id, document::text, published_at FROM article_search ORDER BY article_id"
    ),
}
# Tables whose rows belong to one article (everything else is shared: names, aliases).
ARTICLE_KEYED = {"articles": "id", "article_search": "article_id"} | {
    table.name: "article_id" for table in MODEL_TABLES if "article_id" in table.c
}


def digest(row: Iterable[object]) -> str:
    return hashlib.sha256(repr(tuple(row)).encode("utf-8")).hexdigest()


def take(engine: Engine, *, search_index: bool = True) -> Snapshot:
    """Every row of every table, as {table: {primary key: digest of the whole row}}
    (search_index=False: before a revision that creates the index)."""
    snapshot: Snapshot = {}
    with engine.connect() as connection:
        for table in MODEL_TABLES:
            keys = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*keys)).mappings()
            snapshot[table.name] = {
                tuple(row[column.name] for column in keys): digest(row.values()) for row in rows
            }
        if search_index:
            index = connection.execute(text(SEARCH_INDEX[engine.dialect.name])).all()
            snapshot["article_search"] = {(row[0],): digest(row[1:]) for row in index}
    return snapshot


def counts(snapshot: Snapshot) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot.items()}


@dataclass(frozen=True)
class Difference:
    added: dict[str, set[Key]]
    removed: dict[str, set[Key]]
    changed: dict[str, set[Key]]

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def only_added(self) -> bool:
        return not (self.removed or self.changed)


def compare(before: Snapshot, after: Snapshot) -> Difference:
    added: dict[str, set[Key]] = {}
    removed: dict[str, set[Key]] = {}
    changed: dict[str, set[Key]] = {}
    for table in before.keys() | after.keys():
        old, new = before.get(table, {}), after.get(table, {})
        if new.keys() - old.keys():
            added[table] = set(new.keys() - old.keys())
        if old.keys() - new.keys():
            removed[table] = set(old.keys() - new.keys())
        different = {key for key in old.keys() & new.keys() if old[key] != new[key]}
        if different:
            changed[table] = different
    return Difference(added, removed, changed)


def article_ids_added(difference: Difference) -> set[int]:
    return {int(str(key[0])) for key in difference.added.get("articles", set())}


def rows_of_other_articles(engine: Engine, difference: Difference, article_ids: set[int]) -> dict:
    """Added rows of article-keyed tables that belong to none of `article_ids`."""
    strays: dict[str, list[Key]] = {}
    with engine.connect() as connection:
        for table_name, keys in difference.added.items():
            column = ARTICLE_KEYED.get(table_name)
            if column is None:
                continue  # names and aliases are shared by every article
            if table_name == "article_search":
                owners = {int(str(key[0])) for key in keys}
            else:
                table = Base.metadata.tables[table_name]
                pk = list(table.primary_key.columns)
                rows = connection.execute(select(*pk, table.c[column])).all()
                owners = {int(row[-1]) for row in rows if tuple(row[:-1]) in keys}
            if owners - article_ids:
                strays[table_name] = sorted(owners - article_ids)
    return strays
