"""An import that grows the archive leaves planner statistics behind it (PostgreSQL).

Without them a server whose autovacuum is off, or has not come round yet, plans the first
searches after a load as if every word matched a large share of the archive.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.db import statistics
from archive.db.statistics import IMPORTED_TABLES, refresh_after_import
from archive.importing.pipeline import import_paths
from archive.importing.store import ArticleStore
from tests.drafts import make_draft

CORPUS = Corpus(20160328)


def write_articles(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"{number:05d}.txt").write_text(CORPUS.article(number).text, encoding="utf-8")
    return folder


def analyzed(engine: Engine) -> dict[str, int]:
    """Table -> how many times it was analyzed by hand (ANALYZE), per the server's counters."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        rows = connection.execute(
            text("SELECT relname, analyze_count FROM pg_stat_user_tables")
        ).all()
    return {name: int(count) for name, count in rows}


def sqlite_stat_tables(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        )
    return int(found or 0)


def test_an_import_that_grows_the_archive_analyzes_what_it_wrote(
    fresh_archive: Engine, tmp_path: Path, backend: str
) -> None:
    before = analyzed(fresh_archive) if backend == "postgresql" else {}
    report = import_paths(fresh_archive, [str(write_articles(tmp_path / "a", range(20)))], jobs=1)
    assert report.summary()["added"] == 20
    if backend == "sqlite":  # its planner needs none for the archive's queries
        assert sqlite_stat_tables(fresh_archive) == 0
        with Session(fresh_archive) as session:
            assert refresh_after_import(session, 20) is False
        return
    after = analyzed(fresh_archive)
    assert {t for t in IMPORTED_TABLES if after[t] == before.get(t, 0) + 1} == set(IMPORTED_TABLES)
    with fresh_archive.connect() as connection:
        counted = connection.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'articles'")
        )
    assert counted == 20


def test_a_small_import_leaves_the_statistics_to_the_server(
    fresh_archive: Engine, tmp_path: Path, backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite takes no statistics (see the test above)")
    import_paths(fresh_archive, [str(write_articles(tmp_path / "a", range(30)))], jobs=1)
    settled = analyzed(fresh_archive)["articles"]
    # 2 more articles is under a tenth of the 30 counted: no new statistics.
    import_paths(fresh_archive, [str(write_articles(tmp_path / "b", range(30, 32)))], jobs=1)
    assert analyzed(fresh_archive)["articles"] == settled
    # 4 more reach a tenth of the 30 the statistics last counted: analyzed.
    import_paths(fresh_archive, [str(write_articles(tmp_path / "c", range(32, 36)))], jobs=1)
    assert analyzed(fresh_archive)["articles"] == settled + 1
    # Importing the same files again writes nothing, so it analyzes nothing.
    again = import_paths(fresh_archive, [str(tmp_path / "c")], jobs=1)
    assert again.summary()["unchanged"] == 4
    assert analyzed(fresh_archive)["articles"] == settled + 1


def test_nothing_written_means_nothing_analyzed(fresh_archive: Engine) -> None:
    with Session(fresh_archive) as session:
        assert refresh_after_import(session, 0) is False


def test_a_long_import_takes_statistics_each_time_the_archive_doubles(
    fresh_archive: Engine, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "DOUBLING_FROM", 4)
    with Session(fresh_archive) as session:
        store = ArticleStore(session, batch_size=4)
        results = list(store.store_many(make_draft(n) for n in range(1, 25)))
        session.commit()
    assert [r.outcome for r in results] == ["added"] * 24
    if backend == "sqlite":
        assert store.statistics.taken == 0 and sqlite_stat_tables(fresh_archive) == 0
        return
    # Batches of 4 into an empty archive: statistics at 4 (none before), at 8 (doubled from 4)
    # and at 16 (doubled from 8); 24 is not yet 32.
    assert store.statistics.taken == 3
    assert analyzed(fresh_archive)["articles"] == 3
    with fresh_archive.connect() as connection:
        counted = connection.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'articles'")
        )
    assert counted == 16
