"""Full-text search: one user syntax, the same answers on both databases, whatever is typed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article
from archive.repositories import ArticleFilters, ArticleRepository
from archive.search.query import parse_search
from tests.corpus import Corpus, build_corpus


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)


@pytest.fixture
def articles(session: Session) -> ArticleRepository:
    return ArticleRepository(session)


def found(articles: ArticleRepository, corpus: Corpus, query: str, **kwargs: object) -> list[int]:
    """Spec numbers of the hits, best first."""
    return corpus.numbers([hit.article.id for hit in articles.search(query, limit=100, **kwargs)])  # type: ignore[arg-type]


# -- the parser, without a database ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "websearch", "fts5"),
    [
        ("palmyra", '"palmyra"', '("palmyra")'),
        ("ancient city", '"ancient" "city"', '("ancient" AND "city")'),
        ('"ancient city"', '"ancient city"', '("ancient city")'),
        ("harbour -storm", '"harbour" -"storm"', '(("harbour") NOT ("storm"))'),
        ('a b OR c -"d e"', '"b" or "c" -"d e"', '("b") OR (("c") NOT ("d e"))'),
        ("al-Assad", '"al-Assad"', '("al Assad")'),
        ("“curly quotes”", '"curly quotes"', '("curly quotes")'),
        ('"unbalanced phrase', '"unbalanced phrase"', '("unbalanced phrase")'),
        ("headline:palmyra", '"headline palmyra"', '("headline palmyra")'),
        ("NEAR(x y)", '"NEAR x" "y"', '("NEAR x" AND "y")'),
        ("palmyra*", '"palmyra"', '("palmyra")'),
        ("cat OR -dog", '"cat"', '("cat")'),
        ("cat cat OR cat", '"cat"', '("cat")'),
    ],
)
def test_the_query_is_rewritten_from_words_only(text: str, websearch: str, fts5: str) -> None:
    query = parse_search(text)
    assert query.websearch() == websearch
    assert query.fts5() == fts5


@pytest.mark.parametrize(
    "text",
    ["", "   ", '""', '"', "-", "--", "OR", "or OR or", "-palmyra", "the", "*", "()", "'", "don't"],
)
def test_text_that_means_nothing_parses_to_nothing(text: str) -> None:
    assert parse_search(text).is_empty


# -- semantics, identical on both databases ---------------------------------------------------


def test_a_headline_match_ranks_above_a_caption_above_a_single_body_mention(
    articles: ArticleRepository, corpus: Corpus
) -> None:
    assert found(articles, corpus, "palmyra") == [0, 2, 1]
    hits = articles.search("palmyra")
    assert hits[0].rank > hits[1].rank > hits[2].rank > 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ancient city", {3, 4}),
        ('"ancient city"', {3}),
        ('"city ancient"', set()),
        ("harbour", {6, 8}),
        ("harbours", {6, 8}),  # stemmed like the documents
        ("harbour -storm", {6}),
        ('harbour -"the storm"', {6}),
        ("-storm harbour", {6}),
        ("cyclone OR tornado", {9, 10, 12}),
        ("cyclone tornado", {12}),
        ("tornado -warnings OR harbour", {10, 6, 8}),
        ("tornado OR cyclone -warnings", {9, 10, 12}),
        ('"ancient city" OR "harbour closed"', {3, 8}),
        ("PALMYRA", {0, 1, 2}),
        ("the harbour", {6, 8}),  # stop words mean nothing
        ('"the harbour"', {6, 8}),
        ('"harbour the"', {6, 8}),
        ("palmyra OR the", {0, 1, 2}),
        ("palmyra OR -harbour", {0, 1, 2}),
        ("talking", {n for n in range(32) if n % 3 == 1}),
        ("talking support", {n for n in range(32) if n % 3 == 1 and n % 5 == 3}),
    ],
)
def test_phrase_exclusion_and_or(
    articles: ArticleRepository, corpus: Corpus, query: str, expected: set[int]
) -> None:
    assert set(found(articles, corpus, query)) == expected
    assert articles.count_search(query) == len(expected)


def test_search_takes_the_listing_filters(articles: ArticleRepository, corpus: Corpus) -> None:
    assert set(found(articles, corpus, "palmyra", filters=ArticleFilters(agency="Reuters"))) == {
        0,
        2,
    }
    assert found(articles, corpus, "palmyra", filters=ArticleFilters(author="Jane Doe")) == [2, 1]
    since = ArticleFilters(since=date(2020, 1, 2))
    assert set(found(articles, corpus, "talking", filters=since)) == {
        n for n in range(32) if n % 3 == 1 and n >= 2 and n not in (22,)
    }
    assert articles.count_search("talking", since) == len(
        found(articles, corpus, "talking", filters=since)
    )


def test_equal_ranks_are_ordered_newest_first(articles: ArticleRepository, corpus: Corpus) -> None:
    # "agenda" is in every article's first paragraph; these four are alike in every length.
    hits = articles.search("agenda", limit=100)
    assert len(hits) == 32
    alike = [n for n in corpus.numbers([h.article.id for h in hits]) if n in (16, 19, 25, 31)]
    assert alike == [31, 25, 19, 16]


def test_search_pages_cover_every_hit_once(articles: ArticleRepository, corpus: Corpus) -> None:
    everything = [hit.article.id for hit in articles.search("agenda", limit=100)]
    paged: list[int] = []
    for offset in range(0, 40, 7):
        paged.extend(hit.article.id for hit in articles.search("agenda", limit=7, offset=offset))
    assert paged == everything
    assert len(set(paged)) == 32


def test_snippets_highlight_the_matched_words(articles: ArticleRepository, corpus: Corpus) -> None:
    hits = articles.search("palmyra")
    assert all("**Palmyra**" in hit.snippet for hit in hits), [h.snippet for h in hits]
    body_hit = next(hit for hit in hits if hit.article.id == corpus.id(1))
    assert "visited **Palmyra** before" in body_hit.snippet
    assert hits[0].to_dict()["snippet"] == hits[0].snippet
    assert hits[0].to_dict()["slug"] == "corpus-00"


# -- whatever is typed --------------------------------------------------------------------------

TEN_KB_OF_ONE_WORD = "palmyra " * 1300
TEN_KB_OF_WORDS = " ".join(f"zq{n}x" for n in range(1800))
TEN_KB_OF_SYMBOLS = "\"()*:^-'; " * 1100

HOSTILE = [
    ("'; DROP TABLE articles; --", set()),
    ("palmyra'; DROP TABLE articles; --", set()),
    ("palmyra' OR '1'='1", {0, 1, 2}),
    ('palmyra" OR "1"="1', {1}),  # palmyra AND 1: the quotes swallow the OR
    ("1=1 OR palmyra", {0, 1, 2}),
    ("palmyra)", {0, 1, 2}),
    ("(palmyra", {0, 1, 2}),
    ("((palmyra OR harbour)", {0, 1, 2, 6, 8}),
    ("palmyra*", {0, 1, 2}),
    ("*", set()),
    ("pal*", set()),
    ("NEAR(palmyra harbour)", set()),
    ("palmyra NEAR harbour", set()),
    ("palmyra AND harbour", set()),
    ("palmyra NOT harbour", set()),
    ("headline:palmyra", set()),
    ("body : palmyra", set()),
    ("{headline body}: palmyra", set()),
    ("^palmyra", {0, 1, 2}),
    ("palmyra --", {0, 1, 2}),
    ("-- palmyra", {0, 1, 2}),
    ("--palmyra", set()),
    ("- palmyra", {0, 1, 2}),
    ('"palmyra', {0, 1, 2}),
    ('palmyra"', {0, 1, 2}),
    ('"""palmyra"""', {0, 1, 2}),
    ('"palmyra" "', {0, 1, 2}),
    ("palmyra & harbour | !storm", set()),
    ("palmyra <-> retakes", {0}),
    ("palmyra:*", {0, 1, 2}),
    ("palmyra\\", {0, 1, 2}),
    ("palmyra\x00harbour", set()),
    ("pal\x00myra", set()),
    ("\ud800palmyra", {0, 1, 2}),
    ("Пальмира 🔥 パルミラ", set()),
    ("", set()),
    ("   \t\n ", set()),
    ('""', set()),
    ("OR OR OR", set()),
    ("-palmyra", set()),
    ("the of and", set()),
    (TEN_KB_OF_ONE_WORD, {0, 1, 2}),
    (TEN_KB_OF_WORDS, set()),
    (TEN_KB_OF_SYMBOLS, set()),
    ("palmyra OR " * 900, {0, 1, 2}),
    ('"' + "palmyra " * 1200 + '"', set()),
]


@pytest.mark.parametrize(("query", "expected"), HOSTILE, ids=[repr(q)[:40] for q, _ in HOSTILE])
def test_hostile_input_never_fails_and_never_finds_wrong_articles(
    session: Session, articles: ArticleRepository, corpus: Corpus, query: str, expected: set[int]
) -> None:
    assert set(found(articles, corpus, query)) == expected
    assert articles.count_search(query) == len(expected)
    filtered = articles.search(query, ArticleFilters(agency="Reuters"), limit=100)
    assert {hit.article.id for hit in filtered} <= {corpus.id(n) for n in expected}
    assert session.scalar(select(func.count()).select_from(Article)) == 32
