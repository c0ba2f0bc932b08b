"""A one-word search on PostgreSQL ranks only the matches with the word in their headline
when those fill the page (ts_rank puts every one of them above every other match), and gives
exactly the plain ranked order on every page, with filters or without."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from archive.bench.reading import plain_ranked
from archive.importing.draft import ImageDraft
from archive.importing.store import ArticleStore
from archive.repositories import ArticleFilters, ArticleRepository
from archive.search.backend import search_backend
from archive.search.query import parse_search
from tests.drafts import make_draft

IN_HEADLINE = 24


@pytest.fixture
def ferries(session: Session) -> None:
    """24 articles with "ferry" in the headline and once or twice in the body, and 36 without
    it in the headline but many times in the body or a caption (some on the same day, so
    equal ranks are broken by date and id)."""
    store = ArticleStore(session)
    for n in range(60):
        headline = f"Ferry service {n} resumes" if n < IN_HEADLINE else f"Harbour works {n}"
        times = 1 + n % 2 if n < IN_HEADLINE else 3 + n % 12
        body = (
            f"Story {n} about the crossing. " + "The ferry sailed at dawn. " * times,
            "Passengers waited on the quay for the morning boat to arrive.",
        )
        caption = "The ferry at the quay." if n % 5 == 0 else "The quay at dawn."
        image = ImageDraft(caption=caption, credit="AP", credit_agency="Associated Press")
        store.store(
            make_draft(
                n,
                headline=headline,
                paragraphs=body,
                raw_text="\n".join(body) + f"\nsource {n}",
                source_key=f"test/ferry-{n}.txt",
                quotes=(),
                people=(),
                images=(image,),
                published_at=datetime(2021, 5, n % 9 + 1, 9, 0, tzinfo=UTC),
            )
        )


@pytest.fixture
def tier_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether each search answered from the first tier (True) or ranked every match."""
    answered: list[bool] = []
    original = ArticleRepository._first_tier_page

    def spy(self: ArticleRepository, *args: object, **kwargs: object) -> object:
        page = original(self, *args, **kwargs)  # type: ignore[arg-type]
        answered.append(page is not None)
        return page

    monkeypatch.setattr(ArticleRepository, "_first_tier_page", spy)
    yield answered


def plain_order(session: Session, query: str, filters: ArticleFilters | None = None) -> list[int]:
    statement = plain_ranked(session, query, limit=1000)
    if filters is not None:
        statement = statement.where(*filters.conditions())
    return list(session.scalars(statement))


def postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@pytest.mark.usefixtures("ferries")
def test_every_page_of_a_one_word_search_is_the_plain_ranked_order(
    session: Session, tier_pages: list[bool]
) -> None:
    articles = ArticleRepository(session)
    expected = plain_order(session, "ferry")
    assert len(expected) == 60
    headline_ids = {hit.article.id for hit in articles.search("ferry", limit=IN_HEADLINE)}
    assert set(expected[:IN_HEADLINE]) == headline_ids  # every headline match first
    tier_pages.clear()
    for limit, offset in [(20, 0), (1, 0), (24, 0), (7, 14), (1, 23), (10, 20), (20, 40), (25, 0)]:
        page = [hit.article.id for hit in articles.search("ferry", limit=limit, offset=offset)]
        assert page == expected[offset : offset + limit], (limit, offset)
    if postgresql(session):
        # Pages inside the 24 headline matches come from them alone; the rest rank everything.
        assert tier_pages == [True, True, True, True, True, False, False, False]
    else:
        assert tier_pages == []  # FTS5's bm25 has no such tier


@pytest.mark.usefixtures("ferries")
def test_filters_apply_to_the_tier_as_to_every_match(
    session: Session, tier_pages: list[bool]
) -> None:
    articles = ArticleRepository(session)
    filters = ArticleFilters(since=date(2021, 5, 3))
    expected = plain_order(session, "ferry", filters)
    for limit, offset in [(5, 0), (10, 5), (20, 0)]:
        page = articles.search("ferry", filters, limit=limit, offset=offset)
        assert [hit.article.id for hit in page] == expected[offset : offset + limit]
    if postgresql(session):
        # 16 of the 24 headline matches are dated from 3 May on: the third page is not theirs.
        assert tier_pages == [True, True, False]


@pytest.mark.usefixtures("ferries")
@pytest.mark.parametrize("query", ["ferry-boat", "the ferry", "ferry quay", "ferry OR quay"])
def test_other_queries_rank_every_match(session: Session, query: str) -> None:
    articles = ArticleRepository(session)
    expected = plain_order(session, query)
    page = [hit.article.id for hit in articles.search(query, limit=20)]
    assert page == expected[:20]


def test_only_one_word_queries_have_a_first_tier_on_postgresql(session: Session) -> None:
    backend = search_backend(session)
    one_word = backend.articles(parse_search("ferry")).first_tier
    assert (one_word is not None) == postgresql(session)
    for query in ("ferry quay", '"ferry quay"', "ferry -quay", "ferry OR quay"):
        assert backend.articles(parse_search(query)).first_tier is None, query
