"""Ranked search reads as little as it can, and still answers exactly as the plain ranked query.

PostgreSQL breaks ties from a copy of published_at in the search entry; SQLite ranks by bm25
alone and breaks ties over the best matches only. Both must give the order of the obvious
query (rank every match joined to its article, sort, keep the top) on every page, and the
copy must follow the article through updates and deletions.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from archive.bench.reading import plain_ranked
from archive.db import migrate
from archive.importing.store import ArticleStore
from archive.models import Article
from archive.normalize import content_hash, word_count
from archive.repositories import ArticleRepository
from archive.search import index as search_index
from archive.verify import verify_archive
from tests.corpus import Corpus, build_corpus
from tests.databases import ScratchDatabase
from tests.drafts import make_draft


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


def plain_order(session: Session, query: str) -> list[int]:
    return list(session.scalars(plain_ranked(session, query, limit=1000)))


@pytest.mark.parametrize("query", ["agenda", "palmyra", "harbour OR talks", '"ancient city"'])
def test_every_page_is_the_plain_ranked_order(session: Session, corpus: Corpus, query: str) -> None:
    articles = ArticleRepository(session)
    expected = plain_order(session, query)
    assert expected, query
    for limit in (1, 3, 7, 20):
        for offset in range(0, len(expected) + 1, max(1, limit - 1)):
            page = [hit.article.id for hit in articles.search(query, limit=limit, offset=offset)]
            assert page == expected[offset : offset + limit], (query, limit, offset)


def test_pages_cut_through_ties_and_between_them(session: Session, corpus: Corpus) -> None:
    """Ties that straddle a page's last row, and ranks that do not: both orders are exact."""
    articles = ArticleRepository(session)
    hits = articles.search("agenda", limit=100)
    ranks = [hit.rank for hit in hits]
    straddled = [n for n in range(1, len(ranks)) if ranks[n - 1] == ranks[n]]
    clean = [n for n in range(1, len(ranks)) if ranks[n - 1] != ranks[n]]
    assert straddled, ranks
    if session.get_bind().dialect.name == "sqlite":
        # bm25 weighs length too: both the quick path and the one settling a tie are taken.
        assert clean, ranks
    expected = plain_order(session, "agenda")
    for wanted in straddled + clean:
        page = [hit.article.id for hit in articles.search("agenda", limit=wanted)]
        assert page == expected[:wanted], wanted


def test_a_tie_longer_than_what_is_read_is_still_settled_exactly(session: Session) -> None:
    """Forty articles alike in every count rank equal: the page's order comes from the dates
    (some shared) and then the ids, as in the plain query."""
    store = ArticleStore(session)
    ids = [store.store(make_draft(n)).article_id for n in range(100, 140)]
    hits = ArticleRepository(session).search("rebuild harbour", limit=100)
    assert sorted(hit.article.id for hit in hits) == sorted(ids)
    assert len({hit.rank for hit in hits}) == 1
    expected = plain_order(session, "rebuild harbour")
    articles = ArticleRepository(session)
    for limit in (1, 2, 5, 13, 20, 39, 40):
        for offset in (0, 1, 7, 25):
            page = articles.search("rebuild harbour", limit=limit, offset=offset)
            assert [hit.article.id for hit in page] == expected[offset : offset + limit]


def _tied_pair(session: Session) -> tuple[int, int, ArticleStore]:
    """Two stored articles whose ranks for "rebuild harbour" are equal: (older, newer)."""
    store = ArticleStore(session)
    older = store.store(make_draft(5)).article_id
    newer = store.store(make_draft(6)).article_id
    assert older is not None and newer is not None
    hits = ArticleRepository(session).search("rebuild harbour")
    assert [hit.article.id for hit in hits] == [newer, older]
    assert hits[0].rank == hits[1].rank
    return older, newer, store


def _copies_agree(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps no copy of published_at
    stale = session.scalar(
        text(
            "SELECT count(*) FROM article_search s JOIN articles a ON a.id = s.article_id "
            "WHERE s.published_at IS DISTINCT FROM a.published_at"
        )
    )
    assert stale == 0


def test_the_tie_break_follows_an_updated_publication_time(session: Session) -> None:
    older, newer, store = _tied_pair(session)
    draft = make_draft(5)
    # A source whose only change is the date: same body, so the same rank.
    moved = dataclasses.replace(
        draft,
        raw_text=draft.raw_text + "\nDate corrected.",
        published_at=datetime(2021, 6, 30, 9, 0, tzinfo=UTC),
    )
    assert store.store(moved).outcome == "updated"
    session.expire_all()
    _copies_agree(session)
    articles = ArticleRepository(session)
    assert [hit.article.id for hit in articles.search("rebuild harbour")] == [older, newer]
    assert plain_order(session, "rebuild harbour") == [older, newer]

    undated = dataclasses.replace(draft, raw_text=draft.raw_text + "\nDate unknown.")
    undated = dataclasses.replace(undated, published_at=None)
    assert store.store(undated).outcome == "updated"
    _copies_agree(session)
    assert [hit.article.id for hit in articles.search("rebuild harbour")] == [newer, older]

    articles.delete(newer)
    _copies_agree(session)
    assert [hit.article.id for hit in articles.search("rebuild harbour")] == [older]
    assert articles.count_search("rebuild harbour") == 1


def test_verify_finds_a_stale_publication_time_in_the_search_entry(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("only PostgreSQL's search entries copy published_at")
    older, _newer, _store = _tied_pair(session)
    session.execute(
        text("UPDATE article_search SET published_at = NULL WHERE article_id = :id"), {"id": older}
    )
    problems = verify_archive(session).problems
    assert [(p.check, p.row) for p in problems] == [("search_index", str(older))]
    assert problems[0].message.endswith(
        "search entry (published_at) differs from what a refresh writes"
    )
    search_index.refresh(session, [older])
    assert verify_archive(session).problems == []


LONG_BODY = " ".join(f"word{n} term{n * 7} item{n * 13}" for n in range(90))
MOMENT = datetime(2016, 3, 28, tzinfo=UTC)


def _article(number: int, headline: str, body: str, published: datetime | None) -> dict[str, Any]:
    return {
        "id": number,
        "slug": f"article-{number}",
        "headline": headline,
        "published_at": published,
        "language": "en",
        "body": body,
        "source_format": "text",
        "raw_text": body,
        "removed_boilerplate": [],
        "content_hash": content_hash(body),
        "word_count": word_count(body),
        "created_at": MOMENT,
        "updated_at": MOMENT,
    }


def test_upgrading_keeps_every_entry_and_moves_documents_inline(
    fresh_database: ScratchDatabase,
) -> None:
    """An archive indexed at 0002 comes out of 0003 with the same entries, dated, and on
    PostgreSQL with its documents in the row instead of the TOAST table."""
    engine = fresh_database.engine()
    postgresql = fresh_database.backend == "postgresql"
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(
                insert(Article.__table__),
                [
                    _article(1, "Long one", LONG_BODY, MOMENT),
                    _article(2, "Short one", "A short body.", None),
                ],
            )
        migrate.downgrade(engine, "0001")  # drop the index, so 0002 builds it from the rows
        migrate.upgrade(engine, "0002")
        with engine.connect() as connection:
            if postgresql:
                before = connection.execute(
                    text("SELECT article_id, document::text FROM article_search ORDER BY 1")
                ).all()
                toasted = connection.scalar(
                    text(
                        "SELECT pg_relation_size(reltoastrelid) FROM pg_class "
                        "WHERE relname = 'article_search'"
                    )
                )
                assert toasted, "the long document went to the TOAST table at 0002"
            else:
                before = connection.execute(
                    text("SELECT rowid, headline, captions, body FROM article_search ORDER BY 1")
                ).all()
        migrate.upgrade(engine)
        with engine.connect() as connection:
            if postgresql:
                after = connection.execute(
                    text(
                        "SELECT article_id, document::text, published_at "
                        "FROM article_search ORDER BY 1"
                    )
                ).all()
                assert [tuple(row[:2]) for row in after] == [tuple(row) for row in before]
                assert [row[2] for row in after] == [MOMENT, None]
                toasted = connection.scalar(
                    text(
                        "SELECT pg_relation_size(reltoastrelid) FROM pg_class "
                        "WHERE relname = 'article_search'"
                    )
                )
                assert toasted == 0
            else:
                after = connection.execute(
                    text("SELECT rowid, headline, captions, body FROM article_search ORDER BY 1")
                ).all()
                assert after == before
        with Session(engine) as session:
            hits = ArticleRepository(session).search("word89")
            assert [hit.article.id for hit in hits] == [1]
            assert verify_archive(session).problems == []
        migrate.downgrade(engine, "0002")
        migrate.upgrade(engine)
        with Session(engine) as session:
            assert [hit.article.id for hit in ArticleRepository(session).search("short")] == [2]
    finally:
        engine.dispose()
