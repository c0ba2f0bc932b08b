"""Errors are one clear line on stderr with the documented exit status (1 failure, 2 usage),
and no command ever prints a commenter's e-mail address or a database password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.runner import SECRET_EMAIL, SEED_SLUG, Archive, run
from tests.databases import throwaway_database

# -- a missing article ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("show", "no-such-article"),
        ("show", "no-such-article", "--json"),
        ("comments", "no-such-article"),
        ("quotes", "--article", "no-such-article"),
        ("delete", "no-such-article", "--yes"),
        ("comment", "add", "no-such-article", "--author", "A", "--body", "B"),
    ],
)
def test_a_missing_article_is_one_line(filled: Archive, command: tuple[str, ...]) -> None:
    result = filled.run(*command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: no article with id or slug 'no-such-article'\n"


def test_a_missing_article_id(filled: Archive) -> None:
    for key in ("999999", str(2**70), "0"):
        assert filled.fails("show", key) == f"Error: no article with id or slug '{key}'\n"


# -- a bad database URL -----------------------------------------------------------------------


def test_an_unsupported_or_malformed_url() -> None:
    result = run("--db", "mysql://root@localhost/news", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unsupported database 'mysql' in mysql://root@localhost/news: "
        "use sqlite or postgresql\n"
    )
    result = run("--db", "not a url", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: not a database URL: 'not a url'")
    assert result.stderr.count("\n") == 1


def test_an_unreachable_server_masks_the_password() -> None:
    url = "postgresql://postgres:s3cret-pw@127.0.0.1:1/news"
    for command in (("list",), ("seed",), ("db", "current")):
        result = run("--db", url, *command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith(
            "Error: cannot connect to postgresql://postgres:***@127.0.0.1:1/news: "
        ), result.stderr
        assert result.stderr.count("\n") == 1
        assert "s3cret" not in result.stdout + result.stderr


def test_a_sqlite_file_in_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "archive.sqlite3"
    result = run("--db", f"sqlite:///{target}", "seed")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot open sqlite:///{target}: folder {target.parent} does not exist\n"
    )
    assert not target.parent.exists()


def test_the_environment_supplies_the_url(filled: Archive) -> None:
    from click.testing import CliRunner

    from archive.cli.main import cli

    result = CliRunner().invoke(cli, ["list", "--json"], env={"ARCHIVE_DATABASE_URL": filled.url})
    assert result.exit_code == 0
    assert json.loads(result.stdout) == filled.json("list")


# -- malformed filters and options -------------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "search Palmyra", "export"])
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--since", "2016-13-01"),
        ("--until", "yesterday"),
        ("--since", "28/03/2016"),
        # ISO 8601 dates in other forms were read as midnight: --until 20160328 left that day out
        ("--until", "20160328"),
        ("--until", "2016-W13"),
        ("--since", "2016-W13-1"),
    ],
)
def test_a_malformed_date_is_a_usage_error(
    filled: Archive, command: str, option: str, value: str
) -> None:
    stderr = filled.fails(*command.split(), option, value, code=2)
    assert stderr.startswith(f"Usage: archive {command.split()[0]} [OPTIONS]")
    assert stderr.endswith(
        f"Error: Invalid value for '{option}': '{value}' is not a date: use YYYY-MM-DD, "
        "or a date and time such as 2016-03-28T09:30+00:00\n"
    )


def test_impossible_filters_are_usage_errors(filled: Archive) -> None:
    stderr = filled.fails("list", "--since", "2017-01-01", "--until", "2016-01-01", code=2)
    assert stderr.endswith(
        "Error: since (2017-01-01T00:00:00+00:00) is after until "
        "(2016-01-01T23:59:59.999999+00:00)\n"
    )
    assert filled.fails("list", "--agency", " ", code=2).endswith("Error: agency name is empty\n")
    assert "'--agency-role': 'byline' is not one of" in filled.fails(
        "list", "--agency-role", "byline", code=2
    )
    assert "0 is not in the range 1<=x<=" in filled.fails("list", "--limit", "0", code=2)
    # (click words these two differently from release to release)
    assert "--colour" in filled.fails("list", "--colour", code=2).splitlines()[-1]
    assert "'lsit'" in filled.fails("lsit", code=2).splitlines()[-1]


@pytest.mark.parametrize(
    "command", ["list", "search Palmyra", "quotes", "speakers", "agencies", "authors", "people"]
)
@pytest.mark.parametrize("option", ["--limit", "--offset"])
def test_a_limit_or_offset_past_64_bits_is_a_usage_error(
    filled: Archive, command: str, option: str
) -> None:
    """A database cannot take it (SQLite raised OverflowError, PostgreSQL "bigint out of range")."""
    huge = str(2**64)
    stderr = filled.fails(*command.split(), option, huge, code=2)
    assert stderr.endswith(
        f"Error: Invalid value for '{option}': {huge} is not in the range "
        f"{1 if option == '--limit' else 0}<=x<=9223372036854775807.\n"
    )
    # The largest accepted value is a valid, empty page (or everything, for --limit).
    filled.ok(*command.split(), option, str(2**63 - 1))
    filled.ok(*command.split(), "--limit", str(2**63 - 1), "--offset", str(2**63 - 1))


# -- unreadable input -------------------------------------------------------------------------


def test_import_of_unreadable_inputs(filled: Archive, tmp_path: Path) -> None:
    nothing = tmp_path / "nothing-here"
    nothing.mkdir()
    (nothing / "notes.md").write_text("not an article format")
    missing = tmp_path / "gone.txt"
    result = filled.run("import", str(nothing), str(missing))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"rejected  {nothing}: no importable files (.txt, .html, .json, .jsonl) in folder",
        f"rejected  {missing}: no such file or folder",
        "imported 0, updated 0, unchanged 0, rejected 2",
    ]
    assert result.stderr == "Error: 2 of 2 inputs rejected\n"


# -- privacy ----------------------------------------------------------------------------------

EVERY_READ = [
    ("show", SEED_SLUG),
    ("show", SEED_SLUG, "--json"),
    ("comments", SEED_SLUG, "--all"),
    ("comments", SEED_SLUG, "--all", "--json"),
    ("export",),
    ("export", "--format", "csv", "--table", "comments"),
    ("export", "--format", "ninjs"),
    ("export", "--format", "jsonld"),
    ("list", "--json"),
    ("search", "Palmyra", "--json"),
    ("stats",),
    ("stats", "--json"),
    ("verify", "--json"),
]


def test_no_output_contains_a_commenters_email(filled: Archive) -> None:
    for command in EVERY_READ:
        result = filled.ok(*command)
        assert SECRET_EMAIL not in result.stdout, command
        assert "ann.private" not in result.stdout, command


def test_writing_commands_never_echo_the_email(seeded: Archive) -> None:
    added = seeded.run(
        "comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hi", "--email", SECRET_EMAIL
    )
    shown = [added.stdout, added.stderr]
    for command in (
        (
            "comment",
            "add",
            "1",
            "--author",
            "Bo",
            "--body",
            "Yo",
            "--email",
            SECRET_EMAIL,
            "--json",
        ),
        ("comment", "approve", "1", "--json"),
        ("comment", "hide", "1"),
        ("comment", "spam", "1", "--json"),
        ("delete", SEED_SLUG, "--yes", "--json"),
    ):
        result = seeded.run(*command)
        assert result.exit_code == 0, (command, result.stderr)
        shown += [result.stdout, result.stderr]
    assert not any(SECRET_EMAIL in text for text in shown)


@pytest.mark.postgres_only
def test_a_password_in_the_url_is_never_printed(tmp_path: Path) -> None:
    with throwaway_database("postgresql", tmp_path) as database:
        # The test server trusts local connections: the password is accepted, and unused.
        url = database.url.set(password="s3cret-pw").render_as_string(hide_password=False)
        for command in (("seed",), ("stats",), ("stats", "--json"), ("db", "upgrade"), ("list",)):
            result = run("--db", url, *command)
            assert result.exit_code == 0, (command, result.stderr)
            assert "s3cret" not in result.stdout + result.stderr, command
        assert "postgres:***@" in run("--db", url, "stats").stdout
        assert "postgres:***@" in run("--db", url, "seed").stdout
