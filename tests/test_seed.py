"""Seeding loads the founding article faithfully, through the ordinary import path, once."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from archive.models import (
    Agency,
    AgencyAlias,
    Article,
    ArticleAgency,
    Author,
    Comment,
    Image,
    Person,
    PersonAlias,
    Quote,
)
from archive.seeding import seed_archive, seeds_folder
from archive.unit_of_work import open_archive
from tests.conftest import SEED_FILE
from tests.databases import ScratchDatabase

SLUG = "2016-03-28-russian-president-vladimir-putin-and-his-iranian-counterpart"
# SHA-256 of the normalised body: the same on every run, machine and database.
CONTENT_HASH = "577bbc92df2c2b90656eb2dc5e86521027d8dcd6077a129194dd4f77afd23a1b"
TABLES = (
    Article,
    Quote,
    Image,
    Comment,
    Agency,
    AgencyAlias,
    Author,
    Person,
    PersonAlias,
    ArticleAgency,
)


@pytest.fixture
def engine(fresh_database: ScratchDatabase) -> Engine:
    engine = fresh_database.engine()
    yield engine  # type: ignore[misc]
    engine.dispose()


def snapshot(engine: Engine) -> dict[str, object]:
    with open_archive(engine=engine, readonly=True) as archive:
        session = archive.session
        counts = {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in TABLES
        }
        hashes = sorted(session.scalars(select(Article.content_hash)))
        updated = sorted(str(t) for t in session.scalars(select(Article.updated_at)))
    return {"counts": counts, "hashes": hashes, "updated": updated}


def test_the_seed_file_is_the_founding_article_byte_for_byte() -> None:
    digest = hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
    assert SEED_FILE.parent == seeds_folder()
    # The SHA-256 of ../shared/seeds/000_5f6bf16f8b870bf1.txt as it was handed over.
    assert digest == "e5240dc66bc3a7d3985cf5db58a3f70e78219bfc1dee9f0fd42a77aa89f9efc3"


def test_seeding_an_empty_database_migrates_it_and_stores_the_founding_article(
    engine: Engine,
) -> None:
    migrated, report = seed_archive(engine)
    assert migrated is True
    assert report.summary() == {"added": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert report.items[0].slug == SLUG

    with open_archive(engine=engine, readonly=True) as archive:
        article = archive.articles.get(SLUG)
        raw_text = archive.session.scalars(select(Article.raw_text)).one()

    assert article.headline is None
    assert article.byline == "By Agencies"
    assert article.authors == ("Agencies",)
    assert article.published_at == datetime(2016, 3, 28, tzinfo=UTC)
    assert article.content_hash == CONTENT_HASH
    assert raw_text == SEED_FILE.read_text(encoding="utf-8")

    paragraphs = article.paragraphs
    assert len(paragraphs) == 12
    assert paragraphs[0].startswith(
        "Russian President Vladimir Putin and his Iranian counterpart, Hassan Rowhani, agreed "
        "in a telephone call to intensify bilateral contacts"
    )
    assert paragraphs[-1] == (
        "Syrian troops ousted the militants from the ancient city on Sunday almost a year "
        "after they had seized it."
    )
    assert "\n" not in "".join(paragraphs) and "  " not in article.body
    assert "continue to support Asasd’s government" in article.body
    assert "notably sending “military advisers” and volunteers” to fight" in article.body
    for absent in (
        "(AP)",
        "By Agencies",
        "Monday, 28 March 2016",
        "(With Reuters, AFP)",
        "No comments:",
        "Post a Comment",
        "make their way prior to attending",
    ):
        assert absent not in article.body, absent

    (image,) = article.images
    assert image.caption.startswith(
        "Russian President Vladimir Putin, left, and his Iranian counterpart Hassan Rowhani "
        "make their way"
    )
    assert image.caption.endswith("in Tehran, Iran, Monday, Nov. 23, 2015.")
    assert image.credit == "AP"

    roles = {(a.short_name or a.name, a.role) for a in article.agencies}
    assert roles == {
        ("Reuters", "credit"),
        ("AFP", "credit"),
        ("AP", "photo"),
        ("IRNA", "source"),
        ("Fars", "source"),
        ("Al-Alam", "source"),
    }

    attributed = [(q.text, q.speaker, q.kind, q.via) for q in article.quotes if q.speaker]
    assert attributed == [
        ("admirable and honorable", "Ali Shamkhani", "partial", None),
        (
            "will continue to provide Syria with their full support",
            "Ali Shamkhani",
            "partial",
            "Islamic Republic News Agency",
        ),
        (
            "the situation in Syria is very good",
            "Mohammad Ali Jafari",
            "partial",
            "Fars News Agency",
        ),
        (
            "Iran’s support continues for the fight against terrorism in Syria, Iraq and countries "
            "exposed to this threat,",
            "Hossein Jaber Ansari",
            "direct",
            "Al-Alam",
        ),
        (
            "Syria will march forward strongly in the fight against terrorism and the terrorists "
            "definitely won't have a place in the future of the region,",
            "Hossein Jaber Ansari",
            "direct",
            None,
        ),
    ]
    assert [q.cue for q in article.quotes if q.speaker][-1] == "added"
    for quote in article.quotes:
        assert article.body[quote.start : quote.end] == quote.text
        assert paragraphs[quote.paragraph].count(quote.text) >= 1
        if quote.text in ("terrorism", "military advisers"):
            assert (quote.kind, quote.speaker) == ("scare", None)

    people = {p.name: p.title for p in article.people}
    assert people["Ali Shamkhani"] == "secretary of the Supreme National Security Council"
    assert people["Mohammad Ali Jafari"] == "Guards chief Major General"
    assert people["Hossein Jaber Ansari"] == "Foreign ministry spokesman"
    assert {"Vladimir Putin", "Hassan Rowhani", "Bashar al-Assad"} <= set(people)

    assert article.comments == ()
    assert article.comment_count == 0


def test_seeding_twice_changes_nothing(engine: Engine) -> None:
    seed_archive(engine)
    before = snapshot(engine)
    migrated, report = seed_archive(engine)
    assert migrated is False
    assert report.summary() == {"added": 0, "updated": 0, "unchanged": 1, "rejected": 0}
    assert snapshot(engine) == before


def test_a_changed_seed_file_updates_its_article(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    copy = folder / SEED_FILE.name
    shutil.copyfile(SEED_FILE, copy)
    _, first = seed_archive(engine, folder)
    original = copy.read_text(encoding="utf-8")
    copy.write_text(
        original.replace("seized it.", "seized it. Fighting went on."), encoding="utf-8"
    )

    _, second = seed_archive(engine, folder)
    assert second.summary() == {"added": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    assert second.items[0].article_id == first.items[0].article_id
    with open_archive(engine=engine, readonly=True) as archive:
        assert archive.articles.count() == 1
        article = archive.articles.get(first.items[0].article_id or 0)
    assert article.slug == SLUG
    assert article.paragraphs[-1].endswith("seized it. Fighting went on.")
    assert len([q for q in article.quotes if q.speaker]) == 5
