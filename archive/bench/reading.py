"""Reads on a loaded archive: ranked full-text search and article-by-slug.

The 100 search queries are fixed for a seed: single common words (each matches a large
share of the archive), rare words, two- and three-word queries and quoted phrases taken
from the articles themselves. Each query is timed once after one warm-up pass.
"""

from __future__ import annotations

import functools
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.db.engine import create_archive_engine
from archive.models import Article
from archive.repositories import ArticleRepository
from archive.repositories.filters import NEWEST_FIRST
from archive.search.backend import search_backend
from archive.search.query import parse_search

RESULTS_PER_QUERY = 20
QUERY_COUNT = 100
RARE_QUERY = 25  # the first of the rare-word queries below
SHOW_COUNT = 100

# Words both databases index the same way: PostgreSQL's English configuration drops
# stop words, SQLite's FTS5 tokenizer keeps them, so queries stay clear of them.
_STOP_TEXT = (
    "a about above after again against all am an and any are as at be because been before "
    "being below between both but by can did do does doing down during each few for from "
    "further had has have having he her here hers herself him himself his how i if in "
    "into is it its itself just me more most my myself no nor not now of off on once only "
    "or other our ours ourselves out over own s same she should so some such t than that "
    "the their theirs them themselves then there these they this those through to too "
    "under until up very was we were what when where which while who whom why will with "
    "would you your yours yourself yourselves one two also new first could"
)
_STOP_WORDS = set(_STOP_TEXT.split())

SEARCH_INDEX_IN_PLAN = {"postgresql": "ix_article_search_document", "sqlite": "VIRTUAL TABLE INDEX"}


def plain_ranked(session: Session, text: str, limit: int = RESULTS_PER_QUERY) -> Select[Any]:
    """The archive's ranking done the obvious way: rank every match, sort, keep the top.

    Same rank and tie-break as the archive's search (rank, then newest first), so its hits
    must come back in exactly this order.
    """
    match = search_backend(session).articles(parse_search(text))
    rank = match.rank.label("rank")
    return (
        select(Article.id)
        .select_from(match.source)
        .join(Article, Article.id == match.key)
        .where(match.condition)
        .order_by(rank.desc(), *NEWEST_FIRST)
        .limit(limit)
    )


def search_queries(corpus: Corpus, articles: int) -> list[str]:
    """100 queries for an archive of `articles` corpus articles (phrases come from them)."""
    rng = random.Random(corpus.seed + 7)
    vocabulary = [w for w in corpus.vocabulary if w not in _STOP_WORDS]
    common = vocabulary[:150]
    middle = vocabulary[150:3000]
    rare = vocabulary[8000:]
    queries: list[str] = []
    queries += rng.sample(common, 25)
    queries += rng.sample(rare, 15)
    queries += [" ".join(rng.sample(common, 2)) for _ in range(15)]
    queries += [f"{rng.choice(common)} {rng.choice(middle)}" for _ in range(10)]
    queries += [" ".join(rng.sample(common, 3)) for _ in range(10)]
    queries += [f"{rng.choice(middle)} {rng.choice(rare)}" for _ in range(5)]
    while len(queries) < QUERY_COUNT:  # phrases as they occur in stored articles
        body = corpus.article(rng.randrange(articles)).draft.body
        words = [w.strip(".,“”") for w in body.split()]
        at = rng.randrange(len(words) - 1)
        pair = words[at : at + 2]
        if all(w.isalpha() and w.lower() not in _STOP_WORDS for w in pair):
            queries.append(f'"{pair[0].lower()} {pair[1].lower()}"')
    return queries


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p95_ms: float


def _percentiles(samples: Sequence[float]) -> Latency:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Latency(round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2))


def _time_each(calls: Sequence[Callable[[], object]]) -> Latency:
    for call in calls:  # warm-up: the figures are for a running archive, not a cold one
        call()
    samples = []
    for call in calls:
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return _percentiles(samples)


@dataclass(frozen=True)
class SearchFigures:
    latency: Latency  # the archive's search: ranked hits with summaries and snippets
    ranked_only: Latency  # the plain ranked query alone (ids in rank order)
    uses_index: bool
    same_order_as_plain: bool
    common_word_matches: int


def measure_search(url: URL, queries: Sequence[str]) -> SearchFigures:
    engine = create_archive_engine(url)
    backend = engine.dialect.name
    try:
        with Session(engine) as session:
            articles = ArticleRepository(session)

            def run_plain(query: str) -> list[int]:
                return list(session.scalars(plain_ranked(session, query)))

            def run_archive(query: str) -> list[int]:
                hits = articles.search(query, limit=RESULTS_PER_QUERY)
                return [hit.article.id for hit in hits]

            latency = _time_each([functools.partial(run_archive, q) for q in queries])
            ranked_only = _time_each([functools.partial(run_plain, q) for q in queries])
            same_order = all(run_archive(q) == run_plain(q) for q in queries)
            # A selective (rare-word) query: where the index must be used. A word in half
            # of all articles is rightly read by a sequential scan on PostgreSQL.
            plan = _plan(session, plain_ranked(session, queries[RARE_QUERY]))
            matches = _count_matches(session, backend, queries[0])
    finally:
        engine.dispose()
    return SearchFigures(
        latency, ranked_only, SEARCH_INDEX_IN_PLAN[backend] in plan, same_order, matches
    )


def _plan(session: Session, statement: Select[Any]) -> str:
    """The database's query plan for a statement, as text."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    prefix = "EXPLAIN " if connection.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    params: Any = compiled.params
    if connection.dialect.name == "sqlite":  # qmark style: values in statement order
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    rows = connection.exec_driver_sql(prefix + str(compiled), params)
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


def _count_matches(session: Session, backend: str, query: str) -> int:
    if backend == "postgresql":
        sql = (
            "SELECT count(*) FROM article_search"
            " WHERE document @@ websearch_to_tsquery('archive_english', :q)"
        )
    else:
        sql = "SELECT count(*) FROM article_search WHERE article_search MATCH :q"
    return int(session.scalar(text(sql), {"q": query}) or 0)


def measure_show(url: URL) -> Latency:
    """Article by slug with its authors, agencies, images, quotes (with speakers) and comments."""
    engine = create_archive_engine(url)
    try:
        with Session(engine) as session:
            total = session.scalar(select(func.count()).select_from(Article)) or 0
            step = max(1, total // SHOW_COUNT)
            slugs = list(
                session.scalars(
                    select(Article.slug).order_by(Article.id).offset(0).limit(total)
                ).all()[::step][:SHOW_COUNT]
            )
            return _time_each([functools.partial(show_article, session, s) for s in slugs])
    finally:
        engine.dispose()


def show_article(session: Session, slug: str) -> int:
    """What `archive show` reads: the whole article through the repository."""
    detail = ArticleRepository(session).get(slug)
    session.expunge_all()
    return len(detail.quotes) + len(detail.comments)
