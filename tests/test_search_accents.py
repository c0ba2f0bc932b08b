"""Search ignores accents on both databases: FTS5 removes them, PostgreSQL's archive_english
configuration (migration 0005) does too, so a name typed without them is found either way."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.importing.draft import QuoteDraft
from archive.importing.store import ArticleStore
from archive.repositories import ArticleRepository, QuoteRepository
from tests.drafts import make_draft

QUOTED = "Le Québec est prêt à accueillir les traversiers"
BODY = (
    "Ferries returned to Montréal on Monday after a week of strikes, officials said.",
    f"“{QUOTED},” Hassan Rouháni said at the port of São Paulo.",
)


@pytest.fixture
def montreal(session: Session) -> int:
    start = len(BODY[0]) + 2 + 1
    stored = ArticleStore(session).store(
        make_draft(
            1,
            headline="Montréal ferries resume",
            paragraphs=BODY,
            raw_text="\n\n".join(BODY),
            people=(),
            quotes=(
                QuoteDraft(
                    text=QUOTED,
                    start=start,
                    end=start + len(QUOTED),
                    paragraph=1,
                    kind="direct",
                    speaker=None,
                ),
            ),
        )
    )
    assert stored.article_id is not None
    return stored.article_id


@pytest.mark.parametrize(
    "query", ["montreal", "Montréal", "MONTREAL", "rouhani", "Rouháni", "sao paulo", '"São Paulo"']
)
def test_a_word_is_found_with_or_without_its_accents(
    session: Session, montreal: int, query: str
) -> None:
    hits = ArticleRepository(session).search(query)
    assert [hit.article.id for hit in hits] == [montreal]


def test_the_snippet_marks_the_word_as_printed(session: Session, montreal: int) -> None:
    (hit,) = ArticleRepository(session).search("rouhani")
    assert "**Rouháni**" in hit.snippet


@pytest.mark.parametrize("query", ["quebec", "Québec", "pret"])
def test_quoted_words_are_found_without_their_accents(
    session: Session, montreal: int, query: str
) -> None:
    hits = QuoteRepository(session).list(text=query)
    assert [hit.text for hit in hits] == [QUOTED]


def test_words_that_differ_by_more_than_accents_stay_apart(session: Session, montreal: int) -> None:
    assert ArticleRepository(session).search("montrel") == []
    assert ArticleRepository(session).search("rohani") == []


def test_postgresql_indexes_and_queries_with_the_archive_configuration(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 tokenizer removes accents itself")
    folded = session.scalar(text("SELECT to_tsvector('archive_english', 'Montréal Rouháni')"))
    assert folded == "'montreal':1 'rouhani':2"
