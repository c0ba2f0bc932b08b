"""Moving a whole archive between databases, on every pair: nothing lost, nothing renumbered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from archive.db import migrate
from archive.importing.store import ArticleStore
from archive.models import Article, Base
from archive.transfer import TransferFailed, TransferRefused, transfer_archive
from archive.unit_of_work import open_archive
from tests.databases import BACKENDS, throwaway_database
from tests.drafts import make_draft
from tests.export_corpus import build_archive, export_bytes

PAIRS = [(source, target) for source in BACKENDS for target in BACKENDS]
ARTICLES = 200


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Engine]]:
    engines: dict[str, Engine] = {}
    folder = tmp_path_factory.mktemp("transfer-sources")
    with throwaway_database("sqlite", folder) as lite:
        engines["sqlite"] = lite.engine()
        build_archive(engines["sqlite"], ARTICLES)
        try:
            with throwaway_database("postgresql", folder) as pg:
                engines["postgresql"] = pg.engine()
                build_archive(engines["postgresql"], ARTICLES)
                yield engines
        finally:
            for engine in engines.values():
                engine.dispose()


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def target_of(tmp_path: Path) -> Iterator[Callable[[str], Engine]]:
    """Empty databases of a chosen backend, dropped when the test ends."""
    with ExitStack() as stack:

        def make(backend: str) -> Engine:
            database = stack.enter_context(throwaway_database(backend, tmp_path))
            engine = database.engine()
            stack.callback(engine.dispose)
            return engine

        yield make


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}-to-{t}" for s, t in PAIRS])
def test_a_transfer_copies_everything_and_checks_it(
    source: str, target: str, sources: dict[str, Engine], target_of: Callable[[str], Engine]
) -> None:
    origin, copy = sources[source], target_of(target)
    phases: dict[str, tuple[int, int]] = {}
    report = transfer_archive(
        origin, copy, progress=lambda phase, done, total: phases.__setitem__(phase, (done, total))
    )
    assert report.ok, report.to_dict()
    expected = counts(origin)
    assert {t.table: t.target_rows for t in report.tables} == expected == counts(copy)
    assert expected["articles"] == ARTICLES + 1 and expected["comments"] > 500
    assert report.articles_checked == ARTICLES + 1 and report.hash_problems == []
    assert phases["copy comments"] == (expected["comments"], expected["comments"])
    assert phases["index"] == (ARTICLES + 1, ARTICLES + 1)
    if target == "postgresql":  # planner statistics taken as an import's are
        with copy.connect() as connection:
            counted = connection.scalar(
                text("SELECT reltuples FROM pg_class WHERE relname = 'article_search'")
            )
        assert counted == ARTICLES + 1
    # Everything an export shows, comments' e-mails included, came across unchanged.
    assert export_bytes(copy, include_private=True) == export_bytes(origin, include_private=True)
    with open_archive(engine=copy) as archive:
        (hit,) = archive.articles.search('Palmyra "full support"')
        assert hit.article.id == 1
        assert archive.quotes.top_speakers(limit=1)
        # New rows get fresh ids after the copied ones.
        stored = ArticleStore(archive.session).store(make_draft(999))
        assert stored.article_id == ARTICLES + 2
        comment = archive.comments.add(1, author="New reader", body="Moved well.")
        assert comment.id > max(node.id for node in archive.comments.thread(2, include_hidden=True))


def test_a_non_empty_target_is_refused_unless_replaced(
    sources: dict[str, Engine], target_of: Callable[[str], Engine]
) -> None:
    copy = target_of("postgresql")
    build_archive(copy, 3)
    before = counts(copy)
    with pytest.raises(TransferRefused) as caught:
        transfer_archive(sources["sqlite"], copy)
    assert "already holds 4 articles" in str(caught.value)
    assert "--replace" in str(caught.value)
    assert counts(copy) == before
    report = transfer_archive(sources["sqlite"], copy, replace=True)
    assert report.ok
    assert counts(copy) == counts(sources["sqlite"])


def test_what_cannot_be_transferred_is_refused_before_anything_is_written(
    sources: dict[str, Engine], target_of: Callable[[str], Engine]
) -> None:
    with pytest.raises(TransferRefused, match="is the source archive itself"):
        transfer_archive(sources["sqlite"], sources["sqlite"])
    empty = target_of("sqlite")
    with pytest.raises(TransferRefused, match="holds no archive: nothing to transfer"):
        transfer_archive(empty, target_of("postgresql"))
    behind = target_of("sqlite")
    migrate.upgrade(behind)
    migrate.downgrade(behind, "-1")
    with pytest.raises(TransferRefused, match="not the newest"):
        transfer_archive(behind, target_of("sqlite"))


def test_a_failed_copy_leaves_the_target_empty(
    sources: dict[str, Engine],
    target_of: Callable[[str], Engine],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import archive.transfer as transfer_module

    real = transfer_module.write_rows

    def failing(session: Session, table: Any, rows: Any) -> None:
        if table.name == "quotes":
            session.execute(select(func.count()).select_from(Article).where(Article.id == "x"))
        real(session, table, rows)

    monkeypatch.setattr(transfer_module, "write_rows", failing)
    copy = target_of("postgresql")
    with pytest.raises(TransferFailed) as caught:
        transfer_archive(sources["postgresql"], copy)
    assert str(caught.value).startswith("copying quotes failed, nothing was written")
    assert set(counts(copy).values()) == {0}
