"""The store writes whole articles, once, and reports what it did."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from archive.importing.draft import PersonRef, QuoteDraft
from archive.importing.store import ArticleStore
from archive.models import (
    Agency,
    AgencyAlias,
    Article,
    ArticleAgency,
    ArticleAuthor,
    Author,
    Comment,
    Image,
    Person,
    Quote,
)
from archive.repositories.articles import ArticleRepository
from tests.drafts import make_draft

COUNTED = (Article, Quote, Image, Comment, Agency, AgencyAlias, Author, Person, ArticleAgency)


def counts(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in COUNTED
    }


def search_ids(session: Session, word: str) -> set[int]:
    if session.get_bind().dialect.name == "postgresql":
        sql = (
            "SELECT article_id FROM article_search"
            " WHERE document @@ plainto_tsquery('archive_english', :w)"
        )
    else:
        sql = "SELECT rowid FROM article_search WHERE article_search MATCH :w"
    return set(session.scalars(text(sql), {"w": word}))


def test_a_draft_is_stored_whole(session: Session) -> None:
    draft = make_draft(1)
    result = ArticleStore(session).store(draft)
    assert result.outcome == "added"
    article = session.get(Article, result.article_id)
    assert article is not None
    assert article.slug == "2021-05-02-harbour-story-1"
    assert article.body == draft.body
    assert article.content_hash == draft.content_hash
    quote = session.scalars(select(Quote).where(Quote.article_id == article.id)).one()
    assert article.body[quote.start_offset : quote.end_offset] == quote.text
    assert quote.text == "We will rebuild the harbour 1"
    speaker = session.get(Person, quote.speaker_id)
    assert speaker is not None and speaker.name == "Jane Smith"
    assert speaker.title == "harbour master"
    via = session.get(Agency, quote.via_agency_id)
    assert via is not None and via.name == "Reuters"
    roles = session.execute(
        select(Agency.name, ArticleAgency.role)
        .join(ArticleAgency)
        .where(ArticleAgency.article_id == article.id)
        .order_by(Agency.name)
    ).all()
    assert [tuple(r) for r in roles] == [("Associated Press", "photo"), ("Reuters", "credit")]
    authors = session.execute(
        select(Author.name, Author.kind, ArticleAuthor.position)
        .join(ArticleAuthor)
        .where(ArticleAuthor.article_id == article.id)
        .order_by(ArticleAuthor.position)
    ).all()
    assert [tuple(r) for r in authors] == [("Ali Khan", "person", 0), ("Agencies", "collective", 1)]
    comments = session.scalars(
        select(Comment).where(Comment.article_id == article.id).order_by(Comment.posted_at)
    ).all()
    assert [c.parent_id for c in comments] == [None, comments[0].id]
    assert article.id in search_ids(session, "harbour")
    assert article.id in search_ids(session, "dawn")  # captions are searchable


def test_storing_the_same_draft_twice_changes_nothing(session: Session) -> None:
    store = ArticleStore(session)
    first = store.store(make_draft(2))
    before = counts(session)
    again = ArticleStore(session).store(make_draft(2))
    assert again.outcome == "unchanged"
    assert again.article_id == first.article_id
    assert counts(session) == before


def test_same_body_with_other_whitespace_under_another_name_is_the_same_article(
    session: Session,
) -> None:
    draft = make_draft(3)
    first = ArticleStore(session).store(draft)
    spaced = dataclasses.replace(
        draft,
        paragraphs=tuple(p.replace(" ", "  ") for p in draft.paragraphs),
        raw_text=draft.raw_text + "\n",
        source_key="test/another-name.txt",
        quotes=(),
    )
    before = counts(session)
    result = ArticleStore(session).store(spaced)
    assert result.outcome == "unchanged"
    assert result.article_id == first.article_id
    assert result.reason is not None and first.slug is not None and first.slug in result.reason
    assert counts(session) == before


def test_a_changed_source_updates_its_article_and_keeps_readers_comments(
    session: Session,
) -> None:
    draft = make_draft(4)
    first = ArticleStore(session).store(draft)
    assert first.article_id is not None
    session.add(
        Comment(
            article_id=first.article_id,
            author_name="Later reader",
            body="Added by hand.",
            posted_at=datetime(2022, 1, 1, tzinfo=UTC),
            status="approved",
        )
    )
    session.flush()
    changed = dataclasses.replace(
        draft,
        headline="Harbour story four, corrected",
        paragraphs=(draft.paragraphs[0] + " A correction.", draft.paragraphs[1]),
        raw_text=draft.raw_text + " A correction.",
        quotes=tuple(
            dataclasses.replace(
                q, start=q.start + len(" A correction."), end=q.end + len(" A correction.")
            )
            for q in draft.quotes
        ),
    )
    result = ArticleStore(session).store(changed)
    assert result.outcome == "updated"
    assert result.article_id == first.article_id
    session.expire_all()
    article = session.get(Article, first.article_id)
    assert article is not None
    assert article.headline == "Harbour story four, corrected"
    assert article.slug == first.slug
    assert article.content_hash == changed.content_hash
    quotes = session.scalars(select(Quote).where(Quote.article_id == article.id)).all()
    assert len(quotes) == 1
    assert article.body[quotes[0].start_offset : quotes[0].end_offset] == quotes[0].text
    authors = session.scalars(
        select(Comment.author_name)
        .where(Comment.article_id == article.id)
        .order_by(Comment.posted_at)
    ).all()
    assert authors == ["Reader One", "Reader Two", "Later reader"]
    assert session.scalar(select(func.count()).select_from(Article)) >= 1
    assert article.id in search_ids(session, "correction")


def test_a_bad_article_in_a_batch_is_rejected_alone(session: Session) -> None:
    good = [make_draft(n) for n in (10, 11, 12)]
    bad = dataclasses.replace(
        make_draft(13),
        quotes=(QuoteDraft("x", start=5, end=5, paragraph=0, kind="direct"),),
    )
    results = list(ArticleStore(session, batch_size=10).store_many([good[0], bad, *good[1:]]))
    assert [r.outcome for r in results] == ["added", "rejected", "added", "added"]
    assert results[1].reason is not None and "refused" in results[1].reason
    stored = session.scalars(select(Article.source_key)).all()
    assert "test/story-13.txt" not in stored
    assert {"test/story-10.txt", "test/story-11.txt", "test/story-12.txt"} <= set(stored)
    assert (
        session.scalar(
            select(func.count())
            .select_from(Quote)
            .join(Article)
            .where(Article.source_key == "test/story-13.txt")
        )
        == 0
    )


def test_names_are_shared_across_articles_and_batches(session: Session) -> None:
    results = list(
        ArticleStore(session, batch_size=2).store_many(make_draft(n) for n in range(20, 25))
    )
    assert all(r.outcome == "added" for r in results)
    assert (
        session.scalar(select(func.count()).select_from(Person).where(Person.name == "Jane Smith"))
        == 1
    )
    assert (
        session.scalar(select(func.count()).select_from(Agency).where(Agency.name == "Reuters"))
        == 1
    )
    aliases = set(
        session.scalars(select(AgencyAlias.alias).join(Agency).where(Agency.name == "Reuters"))
    )
    assert aliases == {"Reuters", "Thomson Reuters"}


def test_a_bare_surname_is_not_merged_across_articles(session: Session) -> None:
    store = ArticleStore(session)
    store.store(make_draft(30, people=(PersonRef("Jane Smith", "quoted"),)))
    store.store(
        make_draft(
            31, people=(PersonRef("Jane Smith", "quoted"), PersonRef("John Smith", "mentioned"))
        )
    )
    names = set(session.scalars(select(Person.name).where(Person.name.like("%Smith"))))
    assert names == {"Jane Smith", "John Smith"}


def test_slug_clashes_get_a_stable_suffix(session: Session) -> None:
    one = make_draft(40, headline="Same headline")
    two = make_draft(
        40,
        headline="Same headline",
        paragraphs=("Different body text here.",),
        quotes=(),
        source_key="test/other.txt",
    )
    first = ArticleStore(session).store(one)
    second = ArticleStore(session).store(two)
    assert first.slug == "2021-05-13-same-headline"
    assert second.slug == f"2021-05-13-same-headline-{two.content_hash[:8]}"


def test_new_articles_take_the_ids_after_the_highest_in_input_order(session: Session) -> None:
    """Ids are handed out before the rows are written (one statement per batch): each result
    names its own article, and the ids are the ones the database would give rows inserted one
    by one (SQLite reuses a deleted highest id; PostgreSQL's sequence never goes back)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    highest = session.scalar(select(func.coalesce(func.max(Article.id), 0)))
    store = ArticleStore(session)
    first = list(store.store_many(make_draft(n) for n in range(1, 4)))
    start = first[0].article_id
    assert start is not None and (start == highest + 1 if sqlite else start > highest)
    assert [r.article_id for r in first] == [start, start + 1, start + 2]
    ArticleRepository(session).delete(start + 2)
    later = list(store.store_many(make_draft(n) for n in range(7, 10)))
    again = start + 2 if sqlite else start + 3
    assert [r.article_id for r in later] == [again, again + 1, again + 2]
    for result in first[:2] + later:
        article = session.get(Article, result.article_id)
        assert article is not None and article.source_key == result.source_key
        assert article.slug == result.slug
