"""The README's read-only PostgreSQL role, created with the README's own SQL on a throwaway
database: every repository read path and the reading commands work under it, and every
write is refused by the server, in one line."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from archive.repositories import ArticleFilters
from archive.unit_of_work import UnitOfWork, open_archive
from tests.cli.runner import SEED_SLUG, Archive
from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase, postgres_admin_url, throwaway_database
from tests.reliability.conftest import BAD_FOLDER, stock
from tests.reliability.test_bad_input import fingerprint

pytestmark = pytest.mark.postgres_only


def readme_role_sql() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Read-only access on PostgreSQL\n")
    section = readme[start : readme.index("\n## ", start + 1)]
    [block] = re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)
    lines = [line for line in block.splitlines() if not line.strip().startswith("--")]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[tuple[Archive, Archive]]:
    """(the owner's archive, the same archive through a role made by the README's SQL)."""
    role = f"archive_reader_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with throwaway_database("postgresql", tmp_path) as database:
            owner = stock(database)
            _create_role(database, role)
            url = database.url.set(username=role, password="choose-a-password")
            yield owner, Archive(url.render_as_string(hide_password=False), "postgresql")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def _create_role(database: ScratchDatabase, role: str) -> None:
    engine = create_engine(database.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in readme_role_sql():
                statement = statement.replace("archive_reader", f'"{role}"')
                statement = statement.replace(
                    "DATABASE news", f'DATABASE "{database.url.database}"'
                )
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def read_everything(archive: UnitOfWork) -> dict[str, Any]:
    """Every read path of the repositories, as plain data."""
    detail = archive.articles.get(SEED_SLUG)
    return {
        "count": archive.articles.count(),
        "count_filtered": archive.articles.count(ArticleFilters(agency="IRNA")),
        "list": archive.articles.list(),
        "list_filtered": archive.articles.list(ArticleFilters(person="Ali Shamkhani")),
        "page": archive.articles.page(limit=2),
        "get": detail.to_dict(),
        "get_by_id": archive.articles.get(detail.id).to_dict(),
        "get_many": archive.articles.get_many([detail.id]),
        "summary": archive.articles.summary(SEED_SLUG),
        "search": archive.articles.search("Palmyra"),
        "count_search": archive.articles.count_search("Palmyra"),
        "quotes": archive.quotes.list(speaker="Ali Shamkhani"),
        "quotes_text": archive.quotes.list(text="support"),
        "quotes_count": archive.quotes.count(article=SEED_SLUG),
        "speakers": archive.quotes.top_speakers(limit=5),
        "thread": archive.comments.thread(SEED_SLUG),
        "comment_count": archive.comments.count(SEED_SLUG),
        "comment_counts": archive.comments.counts([detail.id]),
        "agencies": archive.agencies.list(),
        "agency": archive.agencies.find("IRNA"),
        "authors": archive.authors.list(),
        "people": archive.people.list(),
        "person": archive.people.find("Shamkhani"),
    }


def test_the_read_only_role_reads_everything(reader: tuple[Archive, Archive]) -> None:
    owner, restricted = reader
    with open_archive(owner.url, readonly=True) as archive:
        expected = read_everything(archive)
    with open_archive(restricted.url, readonly=True) as archive:
        assert read_everything(archive) == expected
    assert expected["count"] == 6 and expected["thread"] and expected["search"]


def test_the_read_only_role_runs_the_reading_commands(reader: tuple[Archive, Archive]) -> None:
    owner, restricted = reader
    for command in (
        ("list",), ("show", SEED_SLUG), ("search", "Palmyra"), ("quotes",), ("speakers",),
        ("comments", SEED_SLUG), ("agencies",), ("authors",), ("people",),
    ):  # fmt: skip
        assert restricted.json(*command) == owner.json(*command), command
    assert restricted.ok("export").stdout == owner.ok("export").stdout
    assert restricted.json("stats")["tables"] == owner.json("stats")["tables"]


def test_the_read_only_role_cannot_write(reader: tuple[Archive, Archive]) -> None:
    owner, restricted = reader
    before = fingerprint(owner)
    with (
        pytest.raises(ProgrammingError, match="permission denied for table comments"),
        open_archive(restricted.url) as archive,  # not even with readonly=False
    ):
        archive.comments.add(SEED_SLUG, author="Eve", body="Let me in")
    refusals = {
        ("comment", "add", SEED_SLUG, "--author", "Eve", "--body", "Hi"): "comments",
        ("delete", SEED_SLUG, "--yes"): "articles",
    }
    for command, table in refusals.items():
        assert restricted.fails(*command) == (
            f"Error: database error: permission denied for table {table}\n"
        )
    imported = restricted.run("import", str(BAD_FOLDER / "undated.txt"))
    assert imported.exit_code == 1
    assert re.fullmatch(
        r"Error: the database refused to write \(permission denied for table \w+\): nothing "
        r"was stored; the batch of 1 being written was rolled back\n",
        imported.stderr,
    ), imported.stderr
    assert fingerprint(owner) == before
