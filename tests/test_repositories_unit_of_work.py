"""open_archive: commit on success, rollback on error, lazy connection, read-only and replicas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.config import DATABASE_URL_ENV, REPLICA_URLS_ENV, mask_url
from archive.db import migrate
from archive.errors import ArchiveClosed, ConfigurationError, DatabaseUnavailable, InvalidInput
from archive.unit_of_work import open_archive
from tests.builders import build_article
from tests.databases import ScratchDatabase


def migrated_with_article(database: ScratchDatabase, slug: str) -> str:
    """Migrate the database, commit one article with this slug, return the URL."""
    engine = database.engine()
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            build_article(session, slug=slug, headline=f"Stored in {slug}")
            session.commit()
    finally:
        engine.dispose()
    return database.url_string


@pytest.fixture
def archive_url(fresh_database: ScratchDatabase) -> str:
    return migrated_with_article(fresh_database, "primary-article")


def comment_bodies(url: str) -> list[str]:
    with open_archive(url) as archive:
        return [node.body for node in archive.comments.thread("primary-article")]


def test_leaving_the_block_commits(archive_url: str) -> None:
    with open_archive(archive_url) as archive:
        archive.comments.add("primary-article", author="Ann", body="Kept.")
    assert comment_bodies(archive_url) == ["Kept."]


def test_an_exception_rolls_back_and_propagates(archive_url: str) -> None:
    with pytest.raises(RuntimeError, match="boom"), open_archive(archive_url) as archive:
        archive.comments.add("primary-article", author="Ann", body="Lost.")
        raise RuntimeError("boom")
    assert comment_bodies(archive_url) == []


def test_an_archive_error_inside_the_block_keeps_nothing_of_the_block(archive_url: str) -> None:
    with pytest.raises(InvalidInput), open_archive(archive_url) as archive:
        archive.comments.add("primary-article", author="Ann", body="Written first.")
        archive.comments.add("primary-article", author="Ann", body="   ")
    assert comment_bodies(archive_url) == []


def test_notebook_style_explicit_commit_rollback_and_close(archive_url: str) -> None:
    archive = open_archive(archive_url)
    archive.comments.add("primary-article", author="Ann", body="Discarded.")
    archive.rollback()
    assert archive.comments.count("primary-article") == 0
    archive.comments.add("primary-article", author="Ann", body="Committed.")
    archive.commit()
    archive.comments.add("primary-article", author="Ann", body="Never committed.")
    archive.close()
    assert comment_bodies(archive_url) == ["Committed."]
    with pytest.raises(ArchiveClosed, match="this archive was closed"):
        archive.articles.list()
    archive.close()  # closing twice is harmless


def test_the_repositories_share_one_session(archive_url: str) -> None:
    with open_archive(archive_url) as archive:
        added = archive.comments.add("primary-article", author="Ann", body="Seen at once.")
        assert archive.articles.get("primary-article").comments[0].id == added.id
        assert archive.articles.session is archive.comments.session is archive.session
        assert archive.articles is archive.articles


def test_nothing_connects_before_the_first_query() -> None:
    archive = open_archive("sqlite:////no/such/folder/archive.sqlite3")
    with pytest.raises(DatabaseUnavailable, match="folder /no/such/folder does not exist"):
        archive.articles.count()
    archive.close()


def test_a_bad_url_fails_when_opening() -> None:
    with pytest.raises(ConfigurationError, match="unsupported database 'mysql'"):
        open_archive("mysql://localhost/archive")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql//reader:s3cret@db/news", "'postgresql//reader:***@db/news'"),
        (
            "postgresql://reader:s3cret@db:fivefour/news",
            "'postgresql://reader:***@db:fivefour/news'",
        ),
        ("postgresql://reader:s3c:r@t@[::1/news", "'postgresql://reader:***@[::1/news'"),
        ("postgresql://reader@db:x/news", "'postgresql://reader@db:x/news'"),
    ],
)
def test_an_unparseable_url_fails_when_opening_without_showing_its_password(
    url: str, shown: str
) -> None:
    with pytest.raises(ConfigurationError) as raised:
        open_archive(url)
    assert str(raised.value).startswith(f"not a database URL: {shown} (expected e.g. ")
    assert "s3c" not in str(raised.value)
    assert mask_url(url) == shown.strip("'")


def test_the_configured_url_is_the_default(
    archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, archive_url)
    with open_archive() as archive:
        assert [a.slug for a in archive.articles.list()] == ["primary-article"]


def test_a_given_engine_is_used_and_left_open(fresh_database: ScratchDatabase) -> None:
    migrated_with_article(fresh_database, "primary-article")
    engine = fresh_database.engine()
    try:
        with open_archive(engine=engine) as archive:
            assert archive.engine is engine
            archive.comments.add("primary-article", author="Ann", body="Via the engine.")
        with Session(engine) as session:
            assert session.scalar(text("SELECT body FROM comments")) == "Via the engine."
    finally:
        engine.dispose()


def test_a_read_only_archive_refuses_to_write(archive_url: str) -> None:
    with open_archive(archive_url, readonly=True) as archive:
        assert archive.articles.count() == 1
        with pytest.raises(InvalidInput, match="the archive was opened read-only"):
            archive.comments.add("primary-article", author="Ann", body="Refused.")
        archive.rollback()
        if archive.engine.dialect.name == "postgresql":
            read_only = archive.session.execute(text("SHOW transaction_read_only")).scalar()
            assert read_only == "on"
    assert comment_bodies(archive_url) == []


def test_read_only_queries_go_to_a_replica(
    new_database: Callable[[], ScratchDatabase], monkeypatch: pytest.MonkeyPatch
) -> None:
    primary = migrated_with_article(new_database(), "primary-article")
    replica = migrated_with_article(new_database(), "replica-article")
    monkeypatch.setenv(REPLICA_URLS_ENV, replica)
    with open_archive(primary, readonly=True) as archive:
        assert [a.slug for a in archive.articles.list()] == ["replica-article"]
    with open_archive(primary) as archive:
        assert [a.slug for a in archive.articles.list()] == ["primary-article"]
    monkeypatch.delenv(REPLICA_URLS_ENV)
    with open_archive(primary, readonly=True) as archive:
        assert [a.slug for a in archive.articles.list()] == ["primary-article"]


def test_a_read_only_archive_refuses_a_delete_before_it_reaches_the_database(
    archive_url: str,
) -> None:
    with open_archive(archive_url) as archive:
        comment = archive.comments.add("primary-article", author="Ann", body="Kept.")
    with open_archive(archive_url, readonly=True) as archive:
        with pytest.raises(InvalidInput, match="the archive was opened read-only"):
            archive.articles.delete("primary-article")
        # Nothing was sent: the same unit of work still reads, and still sees the article.
        assert [a.slug for a in archive.articles.list()] == ["primary-article"]
        with pytest.raises(InvalidInput, match="the archive was opened read-only"):
            archive.comments.delete(comment.id)
        assert archive.comments.count("primary-article") == 1
    assert comment_bodies(archive_url) == ["Kept."]


def test_a_refused_write_leaves_a_read_only_archive_readable(archive_url: str) -> None:
    with open_archive(archive_url) as archive:
        comment = archive.comments.add("primary-article", author="Ann", body="Kept.")
    with open_archive(archive_url, readonly=True) as archive:
        with pytest.raises(InvalidInput, match="the archive was opened read-only"):
            archive.comments.add("primary-article", author="Bo", body="Refused.")
        # No rollback() needed: reads go on, and the refused comment is nowhere.
        assert archive.articles.count() == 1
        assert archive.comments.count("primary-article") == 1
        with pytest.raises(InvalidInput, match="the archive was opened read-only"):
            archive.comments.approve(comment.id)
        # The refused change is undone in the session too, not only kept from the database.
        assert [node.status for node in archive.comments.thread("primary-article")] == ["pending"]
        assert archive.comments.get(comment.id).status == "pending"
    assert comment_bodies(archive_url) == ["Kept."]


UNREACHABLE = "postgresql://reader:secret@127.0.0.1:1/replica"


def test_an_unreachable_replica_is_passed_over_for_one_that_answers(
    new_database: Callable[[], ScratchDatabase], monkeypatch: pytest.MonkeyPatch
) -> None:
    primary = migrated_with_article(new_database(), "primary-article")
    replica = migrated_with_article(new_database(), "replica-article")
    monkeypatch.setenv(REPLICA_URLS_ENV, f"{UNREACHABLE},{replica}")
    for _ in range(8):  # the replica is picked at random: every pick must find the live one
        with open_archive(primary, readonly=True) as archive:
            assert [a.slug for a in archive.articles.list()] == ["replica-article"]


def test_with_every_replica_down_reads_go_to_the_primary(
    archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(REPLICA_URLS_ENV, UNREACHABLE)
    with open_archive(archive_url, readonly=True) as archive:
        assert [a.slug for a in archive.articles.list()] == ["primary-article"]


def test_when_nothing_answers_the_error_names_every_database_tried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(REPLICA_URLS_ENV, UNREACHABLE)
    archive = open_archive("postgresql://owner:hidden@127.0.0.1:2/news", readonly=True)
    with pytest.raises(DatabaseUnavailable) as raised:
        archive.articles.count()
    archive.close()
    message = str(raised.value)
    assert message.startswith("cannot connect to ")
    assert "reader:***@127.0.0.1:1/replica" in message
    assert "owner:***@127.0.0.1:2/news" in message
    assert "secret" not in message and "hidden" not in message
    assert "\n" not in message
