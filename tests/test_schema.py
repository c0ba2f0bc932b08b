"""Each constraint that protects data refuses what it should, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from archive.models import (
    Agency,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Author,
    Comment,
    Image,
    Quote,
)
from archive.normalize import normalize_name
from tests.builders import (
    build_agency,
    build_article,
    build_comment,
    build_image,
    build_person,
    build_quote,
)


def test_duplicate_content_hash_is_refused(session: Session) -> None:
    first = build_article(session, body="Exactly the same words.")
    with pytest.raises(IntegrityError):
        build_article(session, body="Exactly the same words.", content_hash=first.content_hash)


def test_duplicate_slug_and_url_are_refused_but_many_null_urls_are_fine(session: Session) -> None:
    build_article(session, url=None)
    build_article(session, url=None)
    build_article(session, slug="same-slug", url="https://example.org/a")
    with pytest.raises(IntegrityError), session.begin_nested():
        build_article(session, slug="same-slug")
    with pytest.raises(IntegrityError), session.begin_nested():
        build_article(session, url="https://example.org/a")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3), (-1, 4)])
def test_quote_offsets_are_checked(session: Session, start: int, end: int) -> None:
    article = build_article(session, body="He said “yes” and left.")
    with pytest.raises(IntegrityError):
        build_quote(session, article, start, end)


def test_unknown_enum_values_are_refused(session: Session) -> None:
    article = build_article(session)
    with pytest.raises(IntegrityError), session.begin_nested():
        build_quote(session, article, 0, 4, kind="rumour")
    with pytest.raises(IntegrityError), session.begin_nested():
        build_comment(session, article, status="deleted")
    agency = build_agency(session, "Reuters")
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(ArticleAgency(article_id=article.id, agency_id=agency.id, role="owner"))
        session.flush()


def test_deleting_an_article_removes_what_hangs_off_it(session: Session) -> None:
    article = build_article(session, body="Ali said “we will stay” today.")
    person = build_person(session, "Ali Khan")
    agency = build_agency(session, "Associated Press", "AP")
    author = Author(name="Jane Doe", normalized_name="jane doe")
    session.add(author)
    session.flush()
    build_quote(session, article, 10, 22, speaker=person)
    build_image(session, article)
    parent = build_comment(session, article)
    build_comment(session, article, parent=parent)
    session.add_all(
        [
            ArticleAgency(article_id=article.id, agency_id=agency.id, role="credit"),
            ArticleAuthor(article_id=article.id, author_id=author.id, position=0),
            ArticlePerson(article_id=article.id, person_id=person.id, role="quoted"),
        ]
    )
    session.flush()

    session.execute(text("DELETE FROM articles WHERE id = :id"), {"id": article.id})
    for model in (Quote, Image, Comment, ArticleAgency, ArticleAuthor, ArticlePerson):
        count = session.scalar(
            select(func.count()).select_from(model).where(model.article_id == article.id)
        )
        assert count == 0, model.__name__
    # Shared rows survive: the person, the agency and the author belong to other articles too.
    assert session.get(Agency, agency.id) is not None
    assert session.scalar(select(func.count()).select_from(Author)) >= 1


def test_deleting_a_person_used_by_a_quote_is_refused(session: Session) -> None:
    article = build_article(session, body="Ali said “we will stay” today.")
    person = build_person(session, "Ali Khan")
    build_quote(session, article, 10, 22, speaker=person)
    with pytest.raises(IntegrityError):
        session.execute(text("DELETE FROM people WHERE id = :id"), {"id": person.id})


def test_a_reply_must_belong_to_the_same_article(session: Session) -> None:
    first = build_article(session)
    second = build_article(session)
    parent = build_comment(session, first)
    reply = build_comment(session, first, parent=parent)
    assert reply.parent_id == parent.id
    with pytest.raises(IntegrityError):
        build_comment(session, second, parent=parent)


def test_empty_comment_body_is_refused(session: Session) -> None:
    article = build_article(session)
    with pytest.raises(IntegrityError):
        build_comment(session, article, body="")


def test_names_are_unique_by_normal_form(session: Session) -> None:
    build_person(session, "Hassan Rowhani", "Rouhani")
    with pytest.raises(IntegrityError):
        build_person(session, "HASSAN  ROWHANI")
    assert normalize_name("Hassan  ROWHANI") == normalize_name("hassan rowhani")


def test_datetimes_come_back_aware_in_utc(session: Session) -> None:
    tehran = timezone(timedelta(hours=3, minutes=30))
    published = datetime(2016, 3, 28, 9, 30, tzinfo=tehran)
    article = build_article(session, published_at=published)
    session.expire_all()
    stored = session.get(type(article), article.id)
    assert stored is not None
    assert stored.published_at == published
    assert stored.published_at.tzinfo is not None
    assert stored.published_at.utcoffset() == timedelta(0)
    assert stored.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(session: Session) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        build_article(session, published_at=datetime(2016, 3, 28))


def test_image_positions_are_unique_per_article(session: Session) -> None:
    article = build_article(session)
    build_image(session, article, position=0)
    with pytest.raises(IntegrityError):
        build_image(session, article, position=0)


def test_every_model_table_has_named_constraints(session: Session) -> None:
    from sqlalchemy import inspect

    inspector = inspect(session.connection())
    for table in ("articles", "quotes", "comments", "article_agencies"):
        for check in inspector.get_check_constraints(table):
            assert check["name"] and check["name"].startswith(f"ck_{table}_"), check
        for fk in inspector.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith("fk_"), fk


def test_utc_now_default_is_close_to_now(session: Session) -> None:
    article = build_article(session)
    assert abs(article.created_at - datetime.now(UTC)) < timedelta(minutes=1)
