"""CSV export: one file per table, with a header row, for spreadsheets and pandas.

Each file holds a table's rows as stored, ordered by primary key, so files join on their
id columns exactly as the tables do (`pandas.read_csv("quotes.csv")` and merge on
article_id). Text is UTF-8 without a byte-order mark; fields with commas, quotes or line
breaks are quoted (RFC 4180, CRLF between rows); NULL is an empty field; times are
ISO 8601 with their UTC offset; JSON columns hold JSON text. Commenters' e-mail addresses
are left out unless asked for.

With filters, the files hold the matching articles, the rows that hang off them, and the
authors, agencies and people they name: a self-contained slice of the archive. Rows are
read in batches, so a large archive exports in bounded memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import ColumnElement, CompoundSelect, Table, select, union
from sqlalchemy.orm import Session

from archive.errors import InvalidInput
from archive.export.files import atomic_text_file
from archive.importing.resolver import table_of
from archive.models import (
    Agency,
    AgencyAlias,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Author,
    Comment,
    Image,
    Person,
    PersonAlias,
    Quote,
)
from archive.repositories import ArticleFilters

READ_BATCH = 1_000
PRIVATE_COLUMNS = {"comments": ("author_email",)}
# Every table of the archive, parents before children (the search index is derived, not data).
TABLES: tuple[type[Any], ...] = (
    Article,
    Author,
    ArticleAuthor,
    Agency,
    AgencyAlias,
    ArticleAgency,
    Person,
    PersonAlias,
    ArticlePerson,
    Quote,
    Image,
    Comment,
)
TABLE_NAMES = tuple(model.__tablename__ for model in TABLES)


@dataclass(frozen=True)
class CsvFile:
    table: str
    path: Path
    rows: int


def table_columns(table: Table, *, include_private: bool) -> list[str]:
    hidden = () if include_private else PRIVATE_COLUMNS.get(table.name, ())
    return [column.name for column in table.columns if column.name not in hidden]


def write_csv_tables(
    session: Session,
    folder: Path,
    filters: ArticleFilters | None = None,
    *,
    tables: Sequence[str] | None = None,
    include_private: bool = False,
    on_row: Callable[[str], None] | None = None,
) -> list[CsvFile]:
    """Write `<folder>/<table>.csv` for every table (or the ones named); returns what was written.

    Each file appears only once it is complete; the folder is created if needed.
    """
    chosen = _chosen(tables)
    (filters or ArticleFilters()).conditions()  # bad filters fail before any file is made
    folder.mkdir(parents=True, exist_ok=True)
    written: list[CsvFile] = []
    for name in TABLE_NAMES:
        if name not in chosen:
            continue
        path = folder / f"{name}.csv"
        with atomic_text_file(path) as out:
            rows = write_csv_table(
                session, out, name, filters, include_private=include_private, on_row=on_row
            )
        written.append(CsvFile(name, path, rows))
    return written


def write_csv_table(
    session: Session,
    out: TextIO,
    name: str,
    filters: ArticleFilters | None = None,
    *,
    include_private: bool = False,
    on_row: Callable[[str], None] | None = None,
) -> int:
    """One table as CSV to `out` (opened with newline=""): header, then rows; returns how many."""
    (model,) = (model for model in TABLES if model.__tablename__ in _chosen([name]))
    table = table_of(model)
    conditions = (filters or ArticleFilters()).conditions()
    columns = table_columns(table, include_private=include_private)
    statement = select(*(table.c[column] for column in columns)).order_by(
        *table.primary_key.columns
    )
    if conditions:
        statement = statement.where(_in_slice(table, conditions))
    writer = csv.writer(out)
    writer.writerow(columns)
    rows = 0
    for row in session.execute(statement.execution_options(yield_per=READ_BATCH)):
        writer.writerow([_cell(value) for value in row])
        rows += 1
        if on_row is not None:
            on_row(name)
    return rows


def _chosen(tables: Sequence[str] | None) -> set[str]:
    if not tables:
        return set(TABLE_NAMES)
    unknown = [name for name in tables if name not in TABLE_NAMES]
    if unknown:
        raise InvalidInput(f"unknown table {unknown[0]!r}: choose from {', '.join(TABLE_NAMES)}")
    return set(tables)


def _in_slice(table: Table, conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """The rows of `table` that belong to the matching articles' slice of the archive."""
    articles = select(Article.id).where(*conditions)
    if table.name == "articles":
        return table.c.id.in_(articles)
    if "article_id" in table.c:
        return table.c.article_id.in_(articles)
    agencies: CompoundSelect[Any] = union(
        select(ArticleAgency.agency_id).where(ArticleAgency.article_id.in_(articles)),
        select(Image.credit_agency_id).where(Image.article_id.in_(articles)),
        select(Quote.via_agency_id).where(Quote.article_id.in_(articles)),
    )
    people: CompoundSelect[Any] = union(
        select(ArticlePerson.person_id).where(ArticlePerson.article_id.in_(articles)),
        select(Quote.speaker_id).where(Quote.article_id.in_(articles)),
    )
    authors = select(ArticleAuthor.author_id).where(ArticleAuthor.article_id.in_(articles))
    if table.name == "authors":
        return table.c.id.in_(authors)
    if table.name == "agencies":
        return table.c.id.in_(agencies)
    if table.name == "agency_aliases":
        return table.c.agency_id.in_(agencies)
    if table.name == "people":
        return table.c.id.in_(people)
    if table.name == "person_aliases":
        return table.c.person_id.in_(people)
    raise LookupError(f"no slice rule for table {table.name}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
