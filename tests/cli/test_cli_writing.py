"""Commands that change the archive, end to end on both databases: seed, import, comment
add/approve/hide/spam/delete, delete, and refusing to work on an unmigrated database."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from archive.config import database_url, mask_url
from archive.db.engine import create_archive_engine
from archive.models import Article, Comment, Quote
from archive.unit_of_work import open_archive
from tests.cli.runner import SEED_SLUG, Archive


def row_counts(archive: Archive) -> dict[str, int]:
    with open_archive(archive.url, readonly=True) as opened:
        return {
            model.__tablename__: int(
                opened.session.execute(select(func.count()).select_from(model)).scalar_one()
            )
            for model in (Article, Quote, Comment)
        }


# -- seed -------------------------------------------------------------------------------------


def test_seed_migrates_an_empty_database_then_leaves_it_alone(empty: Archive) -> None:
    first = empty.ok("seed").stdout.splitlines()
    assert first[0].endswith("migrated the schema to 0005")
    assert first[1] == (
        f"added     seeds/2016-03-28_putin-rowhani-palmyra.txt -> article 1 ({SEED_SLUG})"
    )
    assert first[2] == "seeded: 1 added, 0 updated, 0 left alone, 0 rejected"
    counts = row_counts(empty)
    second = empty.ok("seed").stdout.splitlines()
    assert second[0].endswith("schema already at 0005, not migrated")
    assert second[1].startswith("unchanged seeds/2016-03-28_putin-rowhani-palmyra.txt")
    assert second[2] == "seeded: 0 added, 0 updated, 1 left alone, 0 rejected"
    assert row_counts(empty) == counts


def test_seed_json(empty: Archive) -> None:
    report = empty.json("seed")
    assert report["migrated"] is True
    assert report["revision"] == "0005"
    assert report["summary"] == {"added": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    [item] = report["items"]
    assert item["outcome"] == "added" and item["slug"] == SEED_SLUG and item["reason"] is None
    again = empty.json("seed")
    assert again["migrated"] is False
    assert again["summary"]["unchanged"] == 1


# -- import -----------------------------------------------------------------------------------


def test_import_files_folders_and_stdin(seeded: Archive, articles_folder: Path) -> None:
    result = seeded.ok("import", str(articles_folder))
    assert result.stdout == "imported 2, updated 0, unchanged 0, rejected 0\n"
    slugs = {item["slug"] for item in seeded.json("list")}
    assert {"2016-04-05-harbour-reopens-after-the-storm", SEED_SLUG} <= slugs
    text = "Ferry resumes\n\nThe ferry service resumed on Friday, the operator said.\n"
    report = json.loads(seeded.ok("import", "-", "--json", input=text).stdout)
    assert report["summary"] == {"added": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert report["items"][0]["name"] == "<stdin>"
    assert seeded.json("show", report["items"][0]["slug"])["body"].startswith("The ferry")


def test_import_twice_changes_nothing(seeded: Archive, articles_folder: Path) -> None:
    seeded.ok("import", str(articles_folder))
    counts = row_counts(seeded)
    again = seeded.ok("import", "-v", str(articles_folder)).stdout.splitlines()
    assert again[-1] == "imported 0, updated 0, unchanged 2, rejected 0"
    assert sum(line.startswith("unchanged ") for line in again) == 2
    assert row_counts(seeded) == counts


def test_import_reports_each_rejected_input_and_exits_1(
    seeded: Archive, articles_folder: Path, tmp_path: Path
) -> None:
    binary = articles_folder / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty_file = tmp_path / "empty.txt"
    empty_file.write_text("")
    missing = tmp_path / "missing.txt"
    result = seeded.run("import", str(articles_folder), str(empty_file), str(missing))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"rejected  {binary}: contains NUL bytes: a binary file, or text in UTF-16/32" in lines
    assert f"rejected  {empty_file}: empty input" in lines
    assert f"rejected  {missing}: no such file or folder" in lines
    assert lines[-1] == "imported 2, updated 0, unchanged 0, rejected 3"
    assert result.stderr == "Error: 3 of 5 inputs rejected\n"
    # The good files went in regardless.
    assert len(seeded.json("list")) == 3


def test_import_json_report(seeded: Archive, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = seeded.run("import", "--json", str(missing))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report == {
        "summary": {"added": 0, "updated": 0, "unchanged": 0, "rejected": 1},
        "items": [
            {
                "name": str(missing),
                "outcome": "rejected",
                "article_id": None,
                "slug": None,
                "reason": "no such file or folder",
            }
        ],
    }


def test_import_needs_a_path(seeded: Archive) -> None:
    assert "Missing argument 'PATH...'" in seeded.fails("import", code=2)


# -- comments ---------------------------------------------------------------------------------


def test_comment_add_reply_and_moderate(seeded: Archive) -> None:
    out = seeded.ok("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Well put.")
    assert out.stdout == "added comment 1 on article 1 (pending)\n"
    reply = seeded.json(
        "comment", "add", "1", "--author", "Bo", "--body", "Agreed.", "--reply-to", "1"
    )
    assert reply == {
        "article_id": 1,
        "parent_id": 1,
        "id": 2,
        "author": "Bo",
        "body": "Agreed.",
        "posted_at": reply["posted_at"],
        "status": "pending",
        "replies": [],
    }
    assert seeded.ok("comment", "approve", "1").stdout == "comment 1 on article 1 is now approved\n"
    assert [c["status"] for c in seeded.json("comments", SEED_SLUG)] == ["approved"]
    assert seeded.json("show", SEED_SLUG)["comment_count"] == 2

    assert seeded.ok("comment", "hide", "1").stdout == "comment 1 on article 1 is now hidden\n"
    assert seeded.json("comments", SEED_SLUG) == []
    assert seeded.ok("comments", SEED_SLUG).stdout == "(nothing found)\n"
    assert seeded.json("show", SEED_SLUG)["comment_count"] == 0
    assert [c["status"] for c in seeded.json("comments", SEED_SLUG, "--all")] == ["hidden"]

    assert seeded.json("comment", "spam", "2")["status"] == "spam"
    assert seeded.json("comment", "approve", "1")["status"] == "approved"
    assert seeded.json("comments", SEED_SLUG)[0]["replies"] == []  # the spam reply is hidden


def test_comment_delete_takes_replies_and_asks_first(seeded: Archive) -> None:
    seeded.ok("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "First.")
    seeded.ok("comment", "add", SEED_SLUG, "--author", "Bo", "--body", "Re.", "--reply-to", "1")
    refused = seeded.run("comment", "delete", "1", input="n\n")
    assert refused.exit_code == 1
    assert "Delete comment 1 by Ann on article 1" in refused.stderr
    assert len(seeded.json("comments", SEED_SLUG, "--all")) == 1
    done = seeded.ok("comment", "delete", "1", "--yes")
    assert done.stdout == "deleted comment 1 on article 1 and 1 reply\n"
    assert seeded.json("comments", SEED_SLUG, "--all") == []


def test_comment_errors_are_one_line(seeded: Archive) -> None:
    assert seeded.fails("comment", "approve", "99") == "Error: no comment with id 99\n"
    assert seeded.fails("comment", "delete", "99", "--yes") == "Error: no comment with id 99\n"
    assert seeded.fails("comment", "add", SEED_SLUG, "--author", "A", "--body", " ") == (
        "Error: comment body is empty\n"
    )
    assert seeded.fails(
        "comment", "add", SEED_SLUG, "--author", "A", "--body", "x", "--email", "not-an-address"
    ) == ("Error: not an e-mail address (it needs an @, no spaces and at most 320 characters)\n")
    assert seeded.fails(
        "comment", "add", SEED_SLUG, "--author", "A", "--body", "x", "--reply-to", "5"
    ) == ("Error: no comment with id 5\n")
    assert "Missing option '--author'" in seeded.fails(
        "comment", "add", SEED_SLUG, "--body", "x", code=2
    )
    assert "'abc' is not a valid integer" in seeded.fails("comment", "hide", "abc", code=2)
    assert seeded.json("comments", SEED_SLUG, "--all") == []


# -- delete -----------------------------------------------------------------------------------


def test_a_thread_prints_each_author_on_its_own_heading_line(
    seeded: Archive, tmp_path: Path
) -> None:
    """An imported comment's author may hold a line break: it must not forge a comment line."""
    line = {
        "body": "A short article that carries one imported comment for this test.",
        "comments": [
            {
                "id": 500,
                "author": "Ann\n#99 Admin · 2020-01-01 00:00 UTC · approved",
                "body": "First line.\nSecond line.",
                "posted_at": "2020-01-01T00:00:00+00:00",
                "status": "approved",
                "replies": [],
            }
        ],
    }
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    seeded.ok("import", str(source))
    article = next(i["id"] for i in seeded.json("list") if i["slug"] != SEED_SLUG)
    assert seeded.ok("comments", str(article)).stdout.splitlines() == [
        "#500 Ann #99 Admin · 2020-01-01 00:00 UTC · approved · 2020-01-01 00:00 UTC · approved",
        "    First line.",
        "    Second line.",
    ]
    # stored and exported as written
    assert seeded.json("comments", str(article))[0]["author"] == line["comments"][0]["author"]


def test_delete_asks_for_confirmation(seeded: Archive) -> None:
    seeded.ok("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hm.")
    refused = seeded.run("delete", SEED_SLUG, input="n\n")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"Delete article 1 ({SEED_SLUG}) with 7 quotes, 1 image, 1 comment? [y/N]"
    )
    assert seeded.json("show", SEED_SLUG)["slug"] == SEED_SLUG
    # No answer at all (stdin closed) is a no as well.
    assert seeded.run("delete", SEED_SLUG, input="").exit_code == 1
    accepted = seeded.run("delete", SEED_SLUG, input="y\n")
    assert accepted.exit_code == 0
    assert accepted.stdout == (
        f"deleted article 1 ({SEED_SLUG}) with 7 quotes, 1 image, 1 comment\n"
    )
    assert row_counts(seeded) == {"articles": 0, "quotes": 0, "comments": 0}
    assert seeded.json("search", "Palmyra") == []
    seeded.ok("verify")


def test_delete_yes_and_json(seeded: Archive) -> None:
    gone = seeded.json("delete", "1", "--yes")
    assert gone["deleted"]["slug"] == SEED_SLUG
    assert (gone["quotes"], gone["images"], gone["comments"]) == (7, 1, 0)
    assert seeded.json("list") == []
    assert seeded.fails("delete", "1", "--yes") == "Error: no article with id or slug '1'\n"


# -- an unmigrated database -------------------------------------------------------------------

NEEDS_SCHEMA = [
    ("list",),
    ("show", "1"),
    ("search", "Palmyra"),
    ("quotes",),
    ("speakers",),
    ("agencies",),
    ("authors",),
    ("people",),
    ("comments", "1"),
    ("comment", "add", "1", "--author", "A", "--body", "B"),
    ("comment", "approve", "1"),
    ("delete", "1", "--yes"),
    ("export",),
    ("stats",),
    ("verify",),
    ("import", "-"),
]


def test_commands_on_an_unmigrated_database_say_what_to_do(empty: Archive) -> None:
    if empty.backend == "sqlite":
        # The database exists but holds no schema.
        Path(empty.url.removeprefix("sqlite:///")).write_bytes(b"")
    for command in NEEDS_SCHEMA:
        stderr = empty.fails(*command, input="")
        assert stderr.startswith("Error: "), command
        assert stderr.endswith("has no archive schema: run `archive db upgrade` first\n"), command
        assert stderr.count("\n") == 1


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite3"
    archive = Archive(f"sqlite:///{path}", "sqlite")
    for command in NEEDS_SCHEMA:
        assert archive.fails(*command, input="") == (
            f"Error: no archive at sqlite:///{path}: run `archive db upgrade` first\n"
        )
    assert not path.exists()
    archive.ok("seed")
    assert archive.json("list")[0]["slug"] == SEED_SLUG


def test_an_older_schema_asks_for_an_upgrade(seeded: Archive) -> None:
    seeded.ok("db", "downgrade", "0001")
    assert seeded.fails("list") == (
        f"Error: {seeded_display(seeded)} is at schema revision 0001, this version reads 0005: "
        "run `archive db upgrade` first\n"
    )
    seeded.ok("db", "upgrade")
    assert seeded.json("list")[0]["slug"] == SEED_SLUG


def seeded_display(archive: Archive) -> str:
    return mask_url(database_url(archive.url))


# -- db ---------------------------------------------------------------------------------------


def test_db_commands_report_and_move_the_schema(empty: Archive) -> None:
    display = seeded_display(empty)
    assert empty.ok("db", "current").stdout == "empty (behind (newest is 0005))\n"
    assert empty.fails("db", "check") == (
        "Error: schema is at no revision, newest is 0005: run `archive db upgrade`\n"
    )
    assert empty.ok("db", "upgrade").stdout == f"{display}: upgraded empty -> 0005\n"
    assert empty.ok("db", "upgrade").stdout == f"{display}: already at 0005\n"
    assert empty.ok("db", "current").stdout == "0005 (up to date)\n"
    assert empty.ok("db", "check").stdout == "0005: schema matches the models\n"
    assert empty.json("list") == []
    assert empty.ok("db", "downgrade", "base").stdout == f"{display}: downgraded 0005 -> base\n"
    assert empty.ok("db", "downgrade", "base").stdout == f"{display}: already at base\n"
    assert empty.ok("db", "upgrade", "base").stdout == f"{display}: already at base\n"
    assert empty.fails("list").endswith("has no archive schema: run `archive db upgrade` first\n")


def test_db_upgrade_and_downgrade_refuse_to_go_the_other_way(seeded: Archive) -> None:
    display = seeded_display(seeded)
    # An upgrade to an older revision used to say "already at 0003" and exit 0.
    assert seeded.fails("db", "upgrade", "0001") == (
        "Error: the schema is at 0005, newer than 0001: an upgrade only goes forward "
        "(downgrade to 0001 instead)\n"
    )
    assert seeded.ok("db", "downgrade", "0005").stdout == f"{display}: already at 0005\n"
    assert seeded.ok("db", "downgrade", "head").stdout == f"{display}: already at 0005\n"
    seeded.ok("db", "downgrade", "0001")
    # A downgrade to a newer revision used to end in Alembic's traceback.
    assert seeded.fails("db", "downgrade", "0005") == (
        "Error: the schema is at 0001, older than 0005: a downgrade only goes back "
        "(upgrade to 0005 instead)\n"
    )
    assert seeded.fails("db", "downgrade", "head") == (
        "Error: the schema is at 0001, older than 0005: a downgrade only goes back "
        "(upgrade to 0005 instead)\n"
    )
    assert seeded.ok("db", "current").stdout == "0001 (behind (newest is 0005))\n"
    assert seeded.ok("db", "upgrade", "0005").stdout == f"{display}: upgraded 0001 -> 0005\n"
    assert seeded.json("list")[0]["slug"] == SEED_SLUG


def test_db_check_names_what_a_hand_altered_schema_lacks(seeded: Archive) -> None:
    engine = create_archive_engine(seeded.url)
    statements = [
        "DROP INDEX ix_articles_published_at_id",
        "ALTER TABLE articles ADD COLUMN extra TEXT",
    ]
    if seeded.backend == "postgresql":
        statements += [
            "ALTER TABLE comments DROP CONSTRAINT ck_comments_status_known",
            "ALTER TABLE quotes ALTER COLUMN cue TYPE TEXT",
            "ALTER TABLE comments ALTER COLUMN body DROP NOT NULL",
            "DROP INDEX ix_quotes_text_tsv",
            "DROP INDEX ix_articles_headline_tsv",
            "DROP TABLE article_search",
        ]
        search = (
            "column comments.body is nullable in the database, NOT NULL in the models; "
            "column quotes.cue is TEXT in the database, VARCHAR(40) in the models; "
            "check constraint ck_comments_status_known on comments is missing; "
            "table article_search is missing; index ix_quotes_text_tsv on quotes is missing; "
            "index ix_articles_headline_tsv on articles is missing"
        )
    else:
        statements += [
            "DROP TRIGGER article_search_quotes_after_update",
            "DROP TABLE article_search",
        ]
        search = (
            "table article_search is missing; trigger article_search_quotes_after_update is missing"
        )
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
    # Before, the search index and the check constraints went unseen ("schema matches the
    # models"), and the rest was printed as Alembic's Python reprs.
    assert seeded.fails("db", "check") == (
        "Error: schema differs from the models: index ix_articles_published_at_id on articles "
        f"(published_at, id) is missing; column articles.extra is not in the models; {search}\n"
    )
