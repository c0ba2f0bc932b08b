"""For any input, the import pipeline and the store on a real database either keep an
article whose quotes all sit on their offsets, or reject the input with a one-line reason.
Nothing else: no exception, no half-stored article, no inconsistent row.

A bounded number of examples per database keeps the suite fast; the texts are built from
pieces of news (headers, dates far and near, quote marks of every kind, cue words, names,
control characters) as well as arbitrary Unicode and arbitrary bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text

from archive.db import migrate
from archive.importing.pipeline import parse_sources, store_parsed
from archive.importing.sources import Source
from archive.models import Article, Quote
from archive.normalize import content_hash
from tests.databases import throwaway_database
from tests.reliability.snapshot import SEARCH_INDEX

PIECES = st.sampled_from(
    list("abcdefgh ABCDEF.,;:!?-—()'\"“”‘’«»„\n\t")
    + [" said ", " he added", " she told reporters", " according to ", " Reuters", " (AP) "]
    + [" Maria Lopez", " Lopez", " the minister", " Karl Berger", " Berger", " محمد العبدالله"]
    + [" 王小明", " Сергей Петров", "\n\n", "Advertisement\n", "Share this article\n", ". "]
    + [" the council met", " on Tuesday", " and voted", " the plan", " will work"] * 3
    + ["\x00", "\x07", "\ufffd", "\u200f", "\r\n"]
)
DATES = st.dates(min_value=date(1500, 1, 1), max_value=date(3100, 12, 31)).map(
    lambda day: day.strftime("%A, %d %B %Y")
)

ISO_MOMENTS = st.dates(min_value=date(1500, 1, 1), max_value=date(3100, 12, 31)).map(
    lambda day: f"{day.isoformat()}T12:00:00+00:00"
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Text shaped like an article: a headline, maybe a byline and a date, paragraphs."""
    headline = draw(st.lists(PIECES, min_size=1, max_size=8).map("".join))
    byline = draw(st.sampled_from(["", "By Jane Smith\n\n", "By Agencies\n\n", "By\n\n"]))
    dated = draw(st.one_of(st.just(""), DATES.map(lambda line: line + "\n\n")))
    paragraphs = draw(
        st.lists(st.lists(PIECES, min_size=3, max_size=40).map("".join), min_size=1, max_size=6)
    )
    return f"{headline}\n\n{byline}{dated}" + "\n\n".join(paragraphs)


@st.composite
def json_articles(draw: st.DrawFn) -> bytes:
    """An article as the JSON importer reads it, with quotes on or off their offsets."""
    body = draw(articles()).strip() or "x"
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(body) - 1))
        end = draw(st.integers(start + 1, len(body)))
        text = draw(st.one_of(st.just(body[start:end]), st.text(max_size=10)))
        kind = draw(st.sampled_from(["direct", "partial", "scare", "shouted"]))
        paragraph = body[:start].count("\n\n")
        quotes.append(
            {"text": text, "kind": kind, "paragraph": paragraph, "start": start, "end": end}
        )
    record: dict[str, object] = {"body": body, "quotes": quotes}
    if draw(st.booleans()):
        record["published_at"] = draw(st.one_of(ISO_MOMENTS, DATES))
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8")


INPUTS = st.one_of(
    articles().map(lambda raw: raw.encode("utf-8")),
    json_articles(),
    articles().map(lambda raw: raw.encode("cp1252", errors="replace")),
    st.text(max_size=400).map(lambda raw: raw.encode("utf-8")),
    st.binary(max_size=400),
)


@pytest.fixture(scope="module")
def archive_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated archive of this module's own: the examples commit into it."""
    with throwaway_database(backend, tmp_path_factory.mktemp(f"props-{backend}")) as database:
        engine = database.engine()
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=INPUTS, format_hint=st.sampled_from([None, "text", "html", "json"]))
def test_any_input_is_stored_consistently_or_rejected_with_a_reason(
    archive_engine: Engine, data: bytes, format_hint: str | None
) -> None:
    source = Source("input", None, data, format_hint)
    report = store_parsed(archive_engine, parse_sources([source]))
    assert len(report.items) == 1
    item = report.items[0]
    event(item.outcome)
    if item.outcome == "rejected":
        assert item.reason and item.reason.strip() == item.reason and "\n" not in item.reason
        # The last check before the store is a safety net, never what catches a parser.
        assert "does not match the body" not in item.reason
        return
    assert item.outcome in ("added", "unchanged"), item
    assert item.article_id is not None
    with archive_engine.connect() as connection:
        article = connection.execute(
            select(Article.body, Article.content_hash).where(Article.id == item.article_id)
        ).one()
        quotes = connection.execute(
            select(Quote.text, Quote.start_offset, Quote.end_offset).where(
                Quote.article_id == item.article_id
            )
        ).all()
        indexed = connection.execute(
            select(func.count()).select_from(
                text(f"({SEARCH_INDEX[archive_engine.dialect.name]}) AS entries")
            )
        ).scalar_one()
        articles_held = connection.execute(select(func.count(Article.id))).scalar_one()
    assert article.content_hash == content_hash(article.body)
    for quoted, start, end in quotes:
        assert article.body[start:end] == quoted
    assert indexed == articles_held  # one search entry per article, this one included
