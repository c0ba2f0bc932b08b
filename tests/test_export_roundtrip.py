"""Export A, import into an empty archive B, export B: the same bytes, on every pair of databases.

The source archive is the seed article plus 300 generated articles with quotes, images,
agencies, people, comment threads of every status and commenters' e-mails.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from archive.db import migrate
from archive.export.jsonl import write_jsonl
from archive.importing.json_import import article_schema, check_shape
from archive.importing.pipeline import import_paths
from archive.models import Article, Comment, Person
from archive.repositories import ArticleFilters
from tests.databases import BACKENDS, throwaway_database
from tests.export_corpus import GENERATED, RECURRING, build_archive, export_bytes

PAIRS = [(source, target) for source in BACKENDS for target in BACKENDS]


@pytest.fixture(scope="module")
def source_archives(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Engine]]:
    """One source archive per backend, built the same way."""
    engines: dict[str, Engine] = {}
    folder = tmp_path_factory.mktemp("sources")
    with throwaway_database("sqlite", folder) as lite:
        engines["sqlite"] = lite.engine()
        build_archive(engines["sqlite"])
        try:
            with throwaway_database("postgresql", folder) as pg:
                engines["postgresql"] = pg.engine()
                build_archive(engines["postgresql"])
                yield engines
        finally:
            for engine in engines.values():
                engine.dispose()


@pytest.fixture(scope="module")
def private_exports(source_archives: dict[str, Engine]) -> dict[str, bytes]:
    return {
        backend: export_bytes(engine, include_private=True)
        for backend, engine in source_archives.items()
    }


def import_into_empty(backend: str, folder: Path, export: bytes) -> Iterator[Engine]:
    with throwaway_database(backend, folder) as database:
        engine = database.engine()
        try:
            migrate.upgrade(engine)
            path = folder / f"export-{backend}.jsonl"
            path.write_bytes(export)
            report = import_paths(engine, [str(path)])
            assert report.summary() == {
                "added": GENERATED + 1,
                "updated": 0,
                "unchanged": 0,
                "rejected": 0,
            }, report.rejected[:3]
            yield engine
        finally:
            engine.dispose()


def test_the_same_archive_exports_the_same_bytes_on_both_databases(
    private_exports: dict[str, bytes],
) -> None:
    assert private_exports["sqlite"] == private_exports["postgresql"]
    assert private_exports["sqlite"].count(b"\n") == GENERATED + 1


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}-to-{t}" for s, t in PAIRS])
def test_round_trip_is_byte_identical(
    source: str, target: str, private_exports: dict[str, bytes], tmp_path: Path
) -> None:
    exported = private_exports[source]
    for engine in import_into_empty(target, tmp_path, exported):
        assert export_bytes(engine, include_private=True) == exported
        # Ids, slugs and comment ids came back as they were, not renumbered.
        with Session(engine) as session:
            assert session.scalar(select(func.max(Article.id))) == GENERATED + 1
            rowhani = session.scalars(select(Person).where(Person.name == RECURRING)).one()
            assert rowhani.title is None  # filed as the seed (met first) had him
            statuses = set(session.scalars(select(Comment.status)))
            assert statuses == {"pending", "approved", "hidden", "spam"}


def test_round_trip_without_private_data_is_exact_too(
    source_archives: dict[str, Engine], tmp_path: Path
) -> None:
    public = export_bytes(source_archives["sqlite"], include_private=False)
    assert b"@mail.example" not in public
    assert b'"email"' not in public
    for engine in import_into_empty("postgresql", tmp_path, public):
        assert export_bytes(engine, include_private=False) == public
        with Session(engine) as session:
            emails = session.scalar(
                select(func.count()).select_from(Comment).where(Comment.author_email.is_not(None))
            )
            assert emails == 0


def test_importing_an_export_twice_changes_nothing(
    private_exports: dict[str, bytes], tmp_path: Path
) -> None:
    exported = private_exports["sqlite"]
    for engine in import_into_empty("sqlite", tmp_path, exported):
        path = tmp_path / "again.jsonl"
        path.write_bytes(exported)
        report = import_paths(engine, [str(path)])
        assert report.summary() == {
            "added": 0,
            "updated": 0,
            "unchanged": GENERATED + 1,
            "rejected": 0,
        }
        assert export_bytes(engine, include_private=True) == exported


def test_every_exported_line_is_valid_against_the_schema_and_complete(
    private_exports: dict[str, bytes],
) -> None:
    every_key = set(article_schema()["properties"])
    lines = private_exports["postgresql"].decode("utf-8").split("\n")
    assert lines.pop() == ""
    for line in lines:
        record = json.loads(line)
        check_shape(record)
        assert set(record) == every_key
    seed = json.loads(lines[0])  # the newest article, listed first
    assert seed["slug"] == "2016-03-28-russian-president-vladimir-putin-and-his-iranian-counterpart"
    assert seed["source"] == {
        "key": "seeds/2016-03-28_putin-rowhani-palmyra.txt",
        "format": "text",
        "encoding": "utf-8",
    }


def test_the_shape_begins_with_show_json(source_archives: dict[str, Engine]) -> None:
    from archive.unit_of_work import open_archive

    with open_archive(engine=source_archives["sqlite"], readonly=True) as archive:
        shown = archive.articles.get(1, include_hidden_comments=True).to_dict()
    line = export_bytes(
        source_archives["sqlite"],
        include_private=False,
        filters=ArticleFilters(since=date(2016, 1, 1)),
    )
    record = json.loads(line)
    assert list(record)[: len(shown)] == list(shown)
    for key, value in shown.items():
        if key in ("images", "agencies", "people"):  # extended with what the archive knows
            pairs = zip(record[key], value, strict=True)
            assert [{k: item[k] for k in part} for item, part in pairs] == value
        else:
            assert record[key] == value
    assert record["raw_text"].startswith("Russian President Vladimir Putin")


def test_filters_select_what_list_selects(source_archives: dict[str, Engine]) -> None:
    from archive.unit_of_work import open_archive

    engine = source_archives["postgresql"]
    filters = ArticleFilters(
        agency="Islamic Republic News Agency", since=date(2010, 1, 3), until=date(2010, 1, 9)
    )
    lines = export_bytes(engine, include_private=False, filters=filters).decode().splitlines()
    with open_archive(engine=engine, readonly=True) as archive:
        listed = archive.articles.list(filters, limit=None)
    assert [json.loads(line)["id"] for line in lines] == [item.id for item in listed]
    assert 0 < len(lines) < GENERATED


@pytest.mark.parametrize("source", BACKENDS)
def test_articles_read_from_text_and_html_round_trip(source: str, tmp_path: Path) -> None:
    """What the parsers produce (multi-paragraph quotes, aliases, page comments) comes back."""
    data = Path(__file__).parent / "data"
    inputs = sorted(str(path) for path in (data / "eval").glob("*.txt"))
    inputs += sorted(str(path) for path in (data / "html").glob("*.html"))
    target = "postgresql" if source == "sqlite" else "sqlite"
    with throwaway_database(source, tmp_path) as database:
        engine = database.engine()
        try:
            migrate.upgrade(engine)
            imported = import_paths(engine, inputs).count("added")
            exported = export_bytes(engine, include_private=True)
        finally:
            engine.dispose()
    assert imported >= 25 and exported.count(b"\n") == imported
    assert b'"format": "html"' in exported and b'"format": "text"' in exported
    path = tmp_path / "parsed.jsonl"
    path.write_bytes(exported)
    with throwaway_database(target, tmp_path) as database:
        engine = database.engine()
        try:
            migrate.upgrade(engine)
            assert import_paths(engine, [str(path)]).count("added") == imported
            assert export_bytes(engine, include_private=True) == exported
        finally:
            engine.dispose()


class _Discard(io.TextIOBase):
    """A text sink that keeps nothing, so only the exporter's own memory is measured."""

    def write(self, text: str) -> int:
        return len(text)


def test_an_export_holds_one_batch_at_a_time(source_archives: dict[str, Engine]) -> None:
    def peak(filters: ArticleFilters | None) -> tuple[int, int]:
        with Session(source_archives["sqlite"]) as session, session.begin():
            tracemalloc.start()
            try:
                count = write_jsonl(session, _Discard(), filters, batch_size=20)
                return count, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    few, few_peak = peak(ArticleFilters(until=date(2010, 1, 2)))
    every, every_peak = peak(None)
    assert every == GENERATED + 1 and every >= 4 * few > 0
    assert every_peak < 2 * few_peak
