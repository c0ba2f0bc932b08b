"""Whatever a user types reaches the database as a bound parameter, never as SQL; a
commenter's e-mail address never leaves the archive unasked; passwords are masked.

The SQL fragments all carry a marker word. Every statement the archive runs is captured:
the marker may sit in the parameters, never in the statement text. And the archive's
fingerprint (every row of every table) is the same afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, event

from archive.errors import ArchiveError
from archive.repositories import ArticleFilters
from archive.repositories.filters import Cursor
from archive.unit_of_work import UnitOfWork, open_archive
from tests.cli.runner import SECRET_EMAIL, SEED_SLUG, Archive, run, run_process
from tests.reliability import snapshot
from tests.reliability.conftest import PASSWORD, WRONG
from tests.reliability.private_server import PrivateServer
from tests.reliability.test_bad_input import fingerprint

MARKER = "zqxj"
FRAGMENTS = [
    f"{MARKER}' OR '1'='1",
    f"{MARKER}'; DROP TABLE articles; --",
    f'{MARKER}" OR ""="',
    f"{MARKER}') UNION SELECT author_email FROM comments --",
    f"{MARKER}%",
    f"%{MARKER}_",
    f"{MARKER}\\'; DELETE FROM comments WHERE '1'='1",
    f"{MARKER} OR 1=1",
    # full-text syntax of either database, which must not reach it as syntax
    f"body:{MARKER}",
    f"NEAR({MARKER} x)",
    f'"{MARKER}',
    f"{MARKER}* ^x",
    f"{MARKER} & !x | y:*",
    f"{MARKER} NOT x AND (y",
]
# What an injected statement would show in the statement text.
INJECTED = ("DROP TABLE", "UNION SELECT", "'1'='1", "DELETE FROM comments WHERE")


@dataclass
class Captured:
    statements: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)


@contextmanager
def captured_sql() -> Iterator[Captured]:
    """Every statement any engine in this process runs, with its parameters as text."""
    found = Captured()

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
    ) -> None:
        found.statements.append(statement)
        found.parameters.append(repr(parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def assert_only_bound(found: Captured, *, reached: bool = True) -> None:
    for statement in found.statements:
        assert MARKER not in statement.lower(), statement
        assert not any(piece in statement for piece in INJECTED), statement
    if reached:
        assert any(MARKER in parameters.lower() for parameters in found.parameters)


# -- the command line -------------------------------------------------------------------------


def cli_commands(fragment: str) -> list[tuple[str, ...]]:
    return [
        ("list", "--agency", fragment),
        ("list", "--author", fragment),
        ("list", "--person", fragment),
        ("list", "--agency", fragment, "--agency-role", "credit", "--person", fragment),
        ("search", fragment),
        ("search", f"Palmyra {fragment}"),
        ("search", "Palmyra", "--agency", fragment),
        ("export", "--author", fragment),
        ("export", "--person", fragment, "--format", "ninjs"),
        ("quotes", "--speaker", fragment),
        ("quotes", "--via", fragment),
        ("quotes", "--text", fragment),
        ("quotes", "--article", fragment),
        ("show", fragment),
        ("comments", fragment, "--all"),
        ("delete", fragment, "--yes"),
        ("comment", "add", fragment, "--author", "Mallory", "--body", "x"),
    ]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_sql_fragments_in_every_filter_and_argument(stocked: Archive, fragment: str) -> None:
    before = fingerprint(stocked)
    for command in cli_commands(fragment):
        with captured_sql() as found:
            result = stocked.run(*command, *(("--json",) if _has_json(command) else ()))
        if result.exit_code == 0:
            # Nothing matched: no injected condition widened the query.
            assert result.stdout.strip() in ("[]", ""), (command, result.stdout[:200])
            assert result.stderr == ""
        else:
            # A missing article, in one line, naming exactly what was typed.
            assert result.exit_code == 1, (command, result.stderr)
            assert result.stderr == f"Error: no article with id or slug {fragment!r}\n"
        assert_only_bound(found)
    assert snapshot.compare(before, fingerprint(stocked)).none


def _has_json(command: tuple[str, ...]) -> bool:
    return command[0] in ("list", "search", "quotes", "show", "comments", "delete")


def test_typed_text_is_stored_as_typed(fresh_stocked: Archive) -> None:
    """A comment made of SQL is kept word for word, and nothing else changes."""
    before = fingerprint(fresh_stocked)
    author = f"{MARKER}'); DROP TABLE comments; --"
    body = f"{MARKER}' OR '1'='1'; DELETE FROM articles; --"
    with captured_sql() as found:
        added = fresh_stocked.json(
            "comment", "add", SEED_SLUG, "--author", author, "--body", body,
            "--email", f"{MARKER}'--@example.org",
        )  # fmt: skip
    assert_only_bound(found)
    assert (added["author"], added["body"]) == (author, body)
    thread = fresh_stocked.json("comments", SEED_SLUG)
    assert [(c["author"], c["body"]) for c in thread][-1] == (author, body)
    difference = snapshot.compare(before, fingerprint(fresh_stocked))
    assert difference.only_added() and set(difference.added) == {"comments"}


# -- the repositories -------------------------------------------------------------------------


def repository_calls(fragment: str) -> list[Callable[[UnitOfWork], object]]:
    filters = [
        ArticleFilters(agency=fragment),
        ArticleFilters(author=fragment),
        ArticleFilters(person=fragment),
        ArticleFilters(agency=fragment, agency_role="source", person=fragment, author=fragment),
    ]
    calls: list[Callable[[UnitOfWork], object]] = []
    for chosen in filters:
        calls += [
            lambda a, f=chosen: a.articles.list(f),
            lambda a, f=chosen: a.articles.count(f),
            lambda a, f=chosen: a.articles.page(f).items,
            lambda a, f=chosen: list(a.articles.iter_details(f)),
            lambda a, f=chosen: a.articles.search("Palmyra", filters=f),
        ]
    return [
        *calls,
        lambda a: a.articles.find(fragment),
        lambda a: a.articles.get(fragment),
        lambda a: a.articles.summary(fragment),
        lambda a: a.articles.delete(fragment),
        lambda a: a.articles.search(fragment),
        lambda a: a.articles.count_search(fragment),
        lambda a: a.quotes.list(speaker=fragment),
        lambda a: a.quotes.list(via=fragment),
        lambda a: a.quotes.list(text=fragment),
        lambda a: a.quotes.list(article=fragment),
        lambda a: a.quotes.count(speaker=fragment, via=fragment),
        lambda a: a.comments.thread(fragment),
        lambda a: a.comments.count(fragment),
        lambda a: a.comments.add(fragment, author="Mallory", body="x"),
        lambda a: a.agencies.find(fragment),
        lambda a: a.authors.find(fragment),
        lambda a: a.people.find(fragment),
        lambda a: a.articles.page(after=fragment),
        lambda a: Cursor.decode(fragment),
    ]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_sql_fragments_through_every_repository_argument(stocked: Archive, fragment: str) -> None:
    before = fingerprint(stocked)
    for call in repository_calls(fragment):
        with captured_sql() as found, open_archive(stocked.url) as archive:
            try:
                result = call(archive)
            except ArchiveError:
                result = None  # not found, or not a cursor: refused in words
            finally:
                archive.rollback()
        assert not result, result  # an empty list, zero or None: nothing else was read
        assert_only_bound(found, reached=False)
    assert snapshot.compare(before, fingerprint(stocked)).none


# -- e-mail addresses -------------------------------------------------------------------------


def test_an_email_never_appears_in_output_errors_or_logs(
    fresh_stocked: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    typo = "ann private@example.org"
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        outputs = [
            fresh_stocked.run(*command)
            for command in (
                ("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Again", "--email",
                 SECRET_EMAIL, "--json"),
                ("comment", "add", SEED_SLUG, "--author", "Ann", "--body", "x", "--email", typo),
                ("comment", "add", "no-such", "--author", "Ann", "--body", "x", "--email",
                 SECRET_EMAIL),
                ("show", SEED_SLUG, "--json"),
                ("comments", SEED_SLUG, "--all", "--json"),
                ("export",),
                ("export", "--format", "csv", "--table", "comments", "--out", "-"),
                ("export", "--format", "ninjs"),
            )
        ]  # fmt: skip
    # --debug shows the traceback instead of one line: as its own process.
    outputs.append(
        run_process(
            "--debug", "--db", fresh_stocked.url, "comment", "add", "no-such", "--author",
            "Ann", "--body", "x", "--email", SECRET_EMAIL,
        )
    )  # fmt: skip
    assert outputs[-1].stderr.startswith("Traceback")
    assert caplog.records, "the engine logged its statements"
    shown = [str(text) for result in outputs for text in (result.stdout, result.stderr)]
    shown += [record.getMessage() for record in caplog.records]
    for text in shown:
        assert SECRET_EMAIL not in text
        assert "ann.private" not in text and "ann private" not in text
    # The address is there, and leaves only when asked for.
    assert SECRET_EMAIL in fresh_stocked.ok("export", "--include-private").stdout
    assert outputs[1].stderr == (
        "Error: not an e-mail address (it needs an @, no spaces and at most 320 characters)\n"
    )


def test_a_failed_write_with_an_email_does_not_show_it_even_with_debug(
    read_only_archive: Archive,
) -> None:
    command = (
        "comment", "add", SEED_SLUG, "--author", "Ann", "--body", "Hello", "--email",
        SECRET_EMAIL,
    )  # fmt: skip
    plain = read_only_archive.run(*command)
    debug = run_process("--debug", "--db", read_only_archive.url, *command)
    assert (plain.exit_code, debug.returncode) == (1, 1)
    assert plain.stderr == "Error: database error: attempt to write a readonly database\n"
    assert debug.stderr.startswith("Traceback") and "readonly database" in debug.stderr
    for text in (plain.stdout, plain.stderr, debug.stdout, debug.stderr):
        assert SECRET_EMAIL not in text


# -- database passwords -----------------------------------------------------------------------


@pytest.mark.postgres_only
def test_passwords_are_masked_everywhere(password_server: PrivateServer) -> None:
    url = password_server.url("archivist", PASSWORD, "news")
    wrong = password_server.url("archivist", WRONG, "news")
    shown: list[str] = []
    for args in (
        ("--db", url, "db", "upgrade"),
        ("--db", url, "db", "current"),
        ("--db", url, "seed"),
        ("--db", url, "stats"),
        ("--db", url, "stats", "--json"),
        ("--db", url, "db", "downgrade", "base"),  # refused: it would delete the seed
        ("--db", wrong, "list"),
    ):
        result = run(*args)
        shown += [result.stdout, result.stderr]
    debug = run_process("--debug", "--db", wrong, "list")
    assert debug.stderr.startswith("Traceback") and "password authentication failed" in (
        debug.stderr
    )
    shown += [debug.stdout, debug.stderr]
    assert all(PASSWORD not in text and WRONG not in text for text in shown)
    assert sum("archivist:***@" in text for text in shown) >= 5
