"""CSV export read back with the standard csv module: headers, row counts, escaping."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from archive.errors import InvalidInput
from archive.export.csv_tables import TABLE_NAMES, TABLES, write_csv_tables
from archive.models import Article, Comment
from archive.repositories import ArticleFilters, ArticleRepository
from tests.databases import ScratchDatabase
from tests.export_corpus import AWKWARD, NON_LATIN, build_archive

ARTICLES = 60


@pytest.fixture
def archive(fresh_database: ScratchDatabase) -> Iterator[Engine]:
    engine = fresh_database.engine()
    build_archive(engine, ARTICLES)
    yield engine
    engine.dispose()


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_every_table_reads_back_with_its_header_and_every_row(
    archive: Engine, tmp_path: Path
) -> None:
    with Session(archive) as session:
        files = write_csv_tables(session, tmp_path / "out")
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in TABLES
        }
    assert [file.table for file in files] == list(TABLE_NAMES)
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.csv" for name in TABLE_NAMES
    )
    for file, model in zip(files, TABLES, strict=True):
        header, rows = read_csv(file.path)
        expected = [c.name for c in model.__table__.columns if c.name != "author_email"]
        assert header == expected
        assert len(rows) == file.rows == counts[file.table], file.table
        assert all(len(row) == len(header) for row in rows)
    assert counts["articles"] == ARTICLES + 1 and counts["comments"] > 100


def test_commas_quotes_newlines_and_non_latin_text_survive(archive: Engine, tmp_path: Path) -> None:
    with Session(archive) as session:
        write_csv_tables(session, tmp_path, tables=["articles", "comments"])
        bodies = {key: body for key, body in session.execute(select(Article.id, Article.body))}
        comments = {key: body for key, body in session.execute(select(Comment.id, Comment.body))}
    header, rows = read_csv(tmp_path / "articles.csv")
    read_bodies = {int(row[0]): row[header.index("body")] for row in rows}
    assert read_bodies == bodies
    assert any(AWKWARD in body for body in read_bodies.values())
    assert any(NON_LATIN in body for body in read_bodies.values())
    header, rows = read_csv(tmp_path / "comments.csv")
    read_comments = {int(row[0]): row[header.index("body")] for row in rows}
    assert read_comments == comments
    assert any('a "quote"\nand a new line' in body for body in read_comments.values())
    published = header.index("posted_at")
    assert all(row[published].endswith("+00:00") for row in rows)


def test_e_mails_only_when_asked_for(archive: Engine, tmp_path: Path) -> None:
    with Session(archive) as session:
        write_csv_tables(session, tmp_path / "public")
        write_csv_tables(session, tmp_path / "private", tables=["comments"], include_private=True)
    for path in (tmp_path / "public").iterdir():
        assert "@mail.example" not in path.read_text(encoding="utf-8"), path.name
    header, rows = read_csv(tmp_path / "private" / "comments.csv")
    emails = [row[header.index("author_email")] for row in rows]
    assert any(email.endswith("@mail.example") for email in emails)
    assert "" in emails  # a comment without an address: an empty field, not "None"


def test_filters_give_a_self_contained_slice(archive: Engine, tmp_path: Path) -> None:
    filters = ArticleFilters(agency="IRNA", since=date(2010, 1, 2))
    with Session(archive) as session:
        write_csv_tables(session, tmp_path, filters)
        wanted = [item.id for item in ArticleRepository(session).list(filters, limit=None)]
    tables = {name: read_csv(tmp_path / f"{name}.csv") for name in TABLE_NAMES}

    def column(table: str, name: str) -> set[str]:
        header, rows = tables[table]
        return {row[header.index(name)] for row in rows} - {""}

    assert sorted(int(key) for key in column("articles", "id")) == sorted(wanted)
    assert 0 < len(wanted) < ARTICLES
    for table in ("article_authors", "article_agencies", "article_people", "quotes", "images"):
        assert column(table, "article_id") <= column("articles", "id")
    assert column("comments", "article_id") <= column("articles", "id")
    assert column("article_agencies", "agency_id") | column("quotes", "via_agency_id") | column(
        "images", "credit_agency_id"
    ) == column("agencies", "id")
    assert column("agency_aliases", "agency_id") == column("agencies", "id")
    assert column("article_people", "person_id") | column("quotes", "speaker_id") == column(
        "people", "id"
    )
    assert column("article_authors", "author_id") == column("authors", "id")


def test_an_unknown_table_is_refused(archive: Engine, tmp_path: Path) -> None:
    with Session(archive) as session, pytest.raises(InvalidInput) as caught:
        write_csv_tables(session, tmp_path / "out", tables=["quotes", "users"])
    assert str(caught.value).startswith("unknown table 'users': choose from articles, authors")
    assert not (tmp_path / "out").exists()
