"""A database that cannot be used as asked: a missing or read-only SQLite file, a wrong
password, a database that does not exist, a server that is down. Each is one line on
stderr, `Error: …`, exit status 1, nothing on stdout, never the password."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.unit_of_work import open_archive
from tests.cli.runner import SEED_SLUG, Archive, run
from tests.databases import postgres_admin_url
from tests.reliability.conftest import BAD_FOLDER, PASSWORD, WRONG
from tests.reliability.private_server import PrivateServer, private_server
from tests.reliability.test_bad_input import fingerprint


def one_line_error(result: object, *, code: int = 1) -> str:
    """The error line of a failed command, checked for the documented shape."""
    exit_code, stdout, stderr = (
        getattr(result, "exit_code", None),
        getattr(result, "stdout", ""),
        getattr(result, "stderr", ""),
    )
    assert exit_code == code, (exit_code, stdout, stderr)
    assert stdout == ""
    assert stderr.startswith("Error: ") and stderr.endswith("\n"), stderr
    assert stderr.count("\n") == 1, stderr
    return str(stderr[len("Error: ") : -1])


# -- SQLite -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", SEED_SLUG),
        ("search", "Palmyra"),
        ("stats",),
        ("verify",),
        ("import", str(BAD_FOLDER / "undated.txt")),
        ("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hello"),
        ("db", "check"),
    ],
)
def test_a_missing_sqlite_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "nowhere.sqlite3"
    message = one_line_error(run("--db", f"sqlite:///{target}", *command))
    if command == ("db", "check"):
        assert message == "schema is at no revision, newest is 0005: run `archive db upgrade`"
    else:
        assert message == f"no archive at sqlite:///{target}: run `archive db upgrade` first"
    assert not target.exists(), "reading a missing archive must not create it"


def test_a_read_only_sqlite_file_reads_but_refuses_writes_in_one_line(
    read_only_archive: Archive,
) -> None:
    before = fingerprint(read_only_archive)
    for command in (("list",), ("show", SEED_SLUG), ("search", "Palmyra"), ("verify",)):
        read_only_archive.ok(*command)
    refused = "attempt to write a readonly database"
    message = one_line_error(
        read_only_archive.run(
            "import", str(BAD_FOLDER / "undated.txt"), str(BAD_FOLDER / "non-latin-names.txt")
        )
    )
    assert message == (
        f"the database refused to write ({refused}): nothing was stored; the batch of 2 "
        "being written was rolled back"
    )
    for command in (
        ("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hello"),
        ("delete", SEED_SLUG, "--yes"),
        ("db", "downgrade", "base", "--yes"),
    ):
        assert one_line_error(read_only_archive.run(*command)) == f"database error: {refused}"
    assert fingerprint(read_only_archive) == before


# -- PostgreSQL -------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_a_wrong_password_is_one_line_and_never_printed(password_server: PrivateServer) -> None:
    # The right password works: the server is real, and asks for it.
    right = password_server.url("archivist", PASSWORD, "news")
    assert run("--db", right, "seed").exit_code == 0
    with open_archive(right, readonly=True) as archive:  # the library passes it on too
        assert archive.articles.count() == 1
    wrong = password_server.url("archivist", WRONG, "news")
    for command in (("list",), ("seed",), ("db", "current"), ("import", "-")):
        result = run("--db", wrong, *command, input="")
        message = one_line_error(result)
        assert message == (
            f"cannot connect to postgresql://archivist:***@127.0.0.1:{password_server.port}"
            f'/news: connection failed: connection to server at "127.0.0.1", port '
            f"{password_server.port} failed: FATAL:  password authentication failed for user "
            '"archivist"'
        ), command
        assert WRONG not in result.stdout + result.stderr
        assert PASSWORD not in result.stdout + result.stderr


@pytest.mark.postgres_only
def test_a_database_that_does_not_exist(password_server: PrivateServer) -> None:
    missing = password_server.url("archivist", PASSWORD, "no_such_news")
    message = one_line_error(run("--db", missing, "list"))
    assert message.startswith(
        f"cannot connect to postgresql://archivist:***@127.0.0.1:{password_server.port}"
        "/no_such_news: connection failed: "
    )
    assert message.endswith('FATAL:  database "no_such_news" does not exist')
    # The same on the shared test server, where no password is involved.
    shared = postgres_admin_url().set(database="no_such_news")
    assert one_line_error(run("--db", shared.render_as_string(False), "list")).endswith(
        'FATAL:  database "no_such_news" does not exist'
    )


@pytest.mark.postgres_only
def test_a_server_that_is_down() -> None:
    with private_server() as server:
        server.sql(f"CREATE ROLE archivist LOGIN PASSWORD '{PASSWORD}'")
        url = server.url("archivist", PASSWORD, "postgres")
        assert run("--db", url, "db", "current").exit_code == 0
        server.stop()
        for command in (("list",), ("seed",), ("import", str(BAD_FOLDER / "undated.txt"))):
            result = run("--db", url, *command)
            message = one_line_error(result)
            assert message == (
                f"cannot connect to postgresql://archivist:***@127.0.0.1:{server.port}/postgres: "
                f'connection failed: connection to server at "127.0.0.1", port {server.port} '
                "failed: Connection refused"
            ), command
            assert PASSWORD not in result.stderr
