"""An archive filled at the first schema revision upgrades to the newest with every row
intact and its search index built; a downgrade that would delete rows says so and refuses
unless --yes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, insert

from archive.db import migrate
from archive.normalize import content_hash, word_count
from tests.cli.runner import SEED_SLUG, Archive
from tests.databases import ScratchDatabase
from tests.reliability import snapshot
from tests.reliability.test_bad_input import fingerprint, verify_passes

MOMENT = datetime(2016, 3, 28, 9, 30, tzinfo=UTC)
BODIES = [
    "Iran hailed the recapture of Palmyra.\n\nShamkhani called it “admirable and honorable”.",
    "The harbour reopened after the storm.\n\n“We are back,” said Ingrid Solberg.",
    "Ministers met in Geneva.\n\nСергей Петров called the talks “useful and frank.”",
]


def first_revision() -> str:
    revisions = list(ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())
    return revisions[-1].revision


def _article(number: int, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": number,
        "slug": f"article-{number}",
        "headline": f"Headline {number}",
        "byline": "By Agencies",
        "published_at": MOMENT,
        "dateline": None,
        "language": "en",
        "body": body,
        "source_name": None,
        "url": f"https://example.org/{number}",
        "canonical_url": None,
        "source_key": f"files/{number}.txt",
        "source_format": "text",
        "source_encoding": "utf-8",
        "raw_text": body,
        "removed_boilerplate": ["Share this article"],
        "content_hash": content_hash(body),
        "word_count": word_count(body),
        "created_at": MOMENT,
        "updated_at": MOMENT,
    } | extra


def _quote(number: int, article: int, body: str, words: str, **extra: Any) -> dict[str, Any]:
    start = body.index(words)
    paragraph = body[:start].count("\n\n")
    return {
        "id": number,
        "article_id": article,
        "speaker_id": None,
        "via_agency_id": None,
        "text": words,
        "kind": "partial",
        "cue": None,
        "paragraph": paragraph,
        "start_offset": start,
        "end_offset": start + len(words),
    } | extra


def populate_first_revision(engine: Engine) -> None:
    """Rows in every table, written as plain inserts against the tables as they are."""
    tables = MetaData()
    tables.reflect(engine)
    rows: dict[str, list[dict[str, Any]]] = {
        "agencies": [
            {"id": 1, "name": "Islamic Republic News Agency", "short_name": "IRNA",
             "kind": "state_agency", "country": "Iran"},
            {"id": 2, "name": "Reuters", "short_name": None, "kind": "wire_service",
             "country": None},
        ],
        "agency_aliases": [
            {"id": 1, "agency_id": 1, "alias": "IRNA", "normalized_alias": "irna"},
            {"id": 2, "agency_id": 1, "alias": "Islamic Republic News Agency",
             "normalized_alias": "islamic republic news agency"},
            {"id": 3, "agency_id": 2, "alias": "Reuters", "normalized_alias": "reuters"},
        ],
        "authors": [
            {"id": 1, "name": "Agencies", "normalized_name": "agencies", "kind": "collective"},
        ],
        "people": [
            {"id": 1, "name": "Ali Shamkhani", "normalized_name": "ali shamkhani",
             "title": "secretary of the Supreme National Security Council"},
            {"id": 2, "name": "Ingrid Solberg", "normalized_name": "ingrid solberg",
             "title": None},
            {"id": 3, "name": "Сергей Петров", "normalized_name": "сергеи петров",
             "title": None},
        ],
        "person_aliases": [
            {"id": 1, "person_id": 1, "alias": "Shamkhani", "normalized_alias": "shamkhani"},
            {"id": 2, "person_id": 1, "alias": "Ali Shamkhani",
             "normalized_alias": "ali shamkhani"},
            {"id": 3, "person_id": 2, "alias": "Ingrid Solberg",
             "normalized_alias": "ingrid solberg"},
            {"id": 4, "person_id": 3, "alias": "Сергей Петров",
             "normalized_alias": "сергеи петров"},
        ],
        "articles": [
            _article(1, BODIES[0]),
            _article(2, BODIES[1], published_at=None, slug="undated-harbour"),
            _article(3, BODIES[2], headline="Переговоры в Женеве"),
        ],
        "article_agencies": [
            {"article_id": 1, "agency_id": 1, "role": "source"},
            {"article_id": 1, "agency_id": 2, "role": "credit"},
            {"article_id": 2, "agency_id": 2, "role": "photo"},
        ],
        "article_authors": [
            {"article_id": 1, "author_id": 1, "position": 0},
            {"article_id": 3, "author_id": 1, "position": 0},
        ],
        "article_people": [
            {"article_id": 1, "person_id": 1, "role": "quoted", "title": "secretary"},
            {"article_id": 2, "person_id": 2, "role": "quoted", "title": None},
            {"article_id": 3, "person_id": 3, "role": "mentioned", "title": None},
        ],
        "quotes": [
            _quote(1, 1, BODIES[0], "admirable and honorable", speaker_id=1, via_agency_id=1),
            _quote(2, 2, BODIES[1], "We are back,", speaker_id=2, kind="direct", cue="said"),
            _quote(3, 3, BODIES[2], "useful and frank.", kind="scare"),
        ],
        "images": [
            {"id": 1, "article_id": 2, "position": 0, "caption": "Boats in the lighthouse cove",
             "credit": "(Reuters)", "credit_agency_id": 2, "url": None},
        ],
        "comments": [
            {"id": 1, "article_id": 1, "parent_id": None, "author_name": "Ann",
             "author_email": "ann.private@example.org", "body": "A fair summary.",
             "posted_at": MOMENT, "status": "approved", "created_at": MOMENT,
             "updated_at": MOMENT},
            {"id": 2, "article_id": 1, "parent_id": 1, "author_name": "Bo",
             "author_email": None, "body": "Agreed.", "posted_at": MOMENT,
             "status": "pending", "created_at": MOMENT, "updated_at": MOMENT},
            {"id": 3, "article_id": 1, "parent_id": None, "author_name": "Cy",
             "author_email": None, "body": "Buy pills", "posted_at": MOMENT,
             "status": "spam", "created_at": MOMENT, "updated_at": MOMENT},
        ],
    }  # fmt: skip
    with engine.begin() as connection:
        for table in tables.sorted_tables:
            if table.name in rows:
                connection.execute(insert(table), rows.pop(table.name))
    assert rows == {}, f"tables missing at the first revision: {sorted(rows)}"


def test_an_archive_filled_at_the_first_revision_upgrades_with_every_row(
    fresh_database: ScratchDatabase,
) -> None:
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine, first_revision())
        populate_first_revision(engine)
        before = snapshot.take(engine, search_index=False)
        assert all(before.values()), "every table holds rows"
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        after = snapshot.take(engine)
    finally:
        engine.dispose()
    for table, rows in before.items():
        assert after[table] == rows, table
    # The full-text index was built for the articles that were already there.
    assert set(after["article_search"]) == {(1,), (2,), (3,)}
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    verify_passes(archive)
    for words, found in (("Palmyra", 1), ("lighthouse", 2), ("Петров", 3), ("Женеве", 3)):
        assert [hit["id"] for hit in archive.json("search", words)] == [found], words
    assert [q["text"] for q in archive.json("quotes", "--text", "honorable")] == [
        "admirable and honorable"
    ]


def test_a_downgrade_that_would_delete_data_says_so_and_refuses(
    fresh_stocked: Archive,
) -> None:
    before = fingerprint(fresh_stocked)
    counts = snapshot.counts(before)
    refused = fresh_stocked.run("db", "downgrade", "base")
    assert (refused.exit_code, refused.stdout) == (1, "")
    listed = {
        table: counts[table]
        for table in (
            "agencies", "agency_aliases", "article_agencies", "article_authors",
            "article_people", "articles", "authors", "comments", "images", "people",
            "person_aliases", "quotes",
        )
        if counts[table]
    }  # fmt: skip
    assert refused.stderr == (
        f"Error: downgrading to base would delete {sum(listed.values()):,} stored row(s) or "
        f"value(s) ({', '.join(f'{t} {n:,}' for t, n in listed.items())}): pass --yes to "
        "delete them\n"
    )
    # Relative revisions are resolved before the check.
    assert fresh_stocked.run("db", "downgrade", "--", "-5").stderr == refused.stderr
    assert snapshot.compare(before, fingerprint(fresh_stocked)).none
    verify_passes(fresh_stocked)

    # Dropping only the search index loses nothing: allowed, and an upgrade rebuilds it.
    stepped = fresh_stocked.run("db", "downgrade", "0001")
    assert (stepped.exit_code, stepped.stderr) == (0, "")
    fresh_stocked.ok("db", "upgrade")
    assert snapshot.compare(before, fingerprint(fresh_stocked)).none
    assert fresh_stocked.json("search", "Palmyra")[0]["slug"] == SEED_SLUG

    done = fresh_stocked.run("db", "downgrade", "base", "--yes")
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.endswith("downgraded 0005 -> base\n")
    assert fresh_stocked.fails("list").endswith(
        "has no archive schema: run `archive db upgrade` first\n"
    )


def test_an_unknown_revision_is_one_line(fresh_stocked: Archive) -> None:
    for command in (("db", "downgrade", "nonsense"), ("db", "upgrade", "9999")):
        result = fresh_stocked.run(*command)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: unknown schema revision {command[-1]!r}: "
            "use one of 0001, 0002, 0003, 0004, 0005, head or base\n"
        )
