"""Fixtures for the reliability tests: a stocked archive to throw bad input at, and its
fingerprint before and after."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runner import EVAL_FOLDER, SECRET_EMAIL, SEED_SLUG, Archive
from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase, throwaway_database
from tests.reliability.private_server import PrivateServer, private_server

PASSWORD = "correct-horse-battery"
WRONG = "not-the-password"
BAD_FOLDER = PROJECT_ROOT / "tests" / "data" / "bad"
HTML_FOLDER = PROJECT_ROOT / "tests" / "data" / "html"
# A few articles besides the seed: plain text from the evaluation set, and one web page.
STOCK = [
    *sorted(EVAL_FOLDER.glob("voa_*.txt"))[:4],
    HTML_FOLDER / "lisbon_night_ferries.html",
]


def stock(database: ScratchDatabase) -> Archive:
    """The seed, a few more articles and a comment thread (one commenter left an e-mail)."""
    archive = Archive(database.url_string, database.backend)
    archive.ok("seed")
    archive.ok("import", *(str(path) for path in STOCK))
    first = archive.json(
        "comment", "add", SEED_SLUG, "--author", "Ann", "--body", "A fair summary.",
        "--email", SECRET_EMAIL, "--approved",
    )  # fmt: skip
    archive.ok(
        "comment", "add", SEED_SLUG, "--author", "Bo", "--body", "Agreed.",
        "--reply-to", str(first["id"]),
    )  # fmt: skip
    return archive


@pytest.fixture(scope="module")
def stocked(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A stocked archive shared by a module's tests; each test compares before and after."""
    with throwaway_database(backend, tmp_path_factory.mktemp(f"stocked-{backend}")) as database:
        yield stock(database)


@pytest.fixture
def fresh_stocked(fresh_database: ScratchDatabase) -> Archive:
    """A stocked archive of the test's own."""
    return stock(fresh_database)


@pytest.fixture
def postgres_database(tmp_path: Path) -> Iterator[ScratchDatabase]:
    """An empty PostgreSQL database, for behaviour SQLite has no counterpart of."""
    with throwaway_database("postgresql", tmp_path) as database:
        yield database


@pytest.fixture
def read_only_archive(tmp_path: Path) -> Iterator[Archive]:
    """A seeded SQLite archive whose file cannot be written, not even by root."""
    path = tmp_path / "archive.sqlite3"
    archive = Archive(f"sqlite:///{path}", "sqlite")
    archive.ok("seed")
    if os.geteuid() == 0:  # permissions do not stop root; the immutable attribute does
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"cannot make a file read-only for root here: {made.stderr.strip()}")
        undo = ["chattr", "-i", str(path)]
    else:
        path.chmod(0o444)
        undo = ["chmod", "644", str(path)]
    try:
        yield archive
    finally:
        subprocess.run(undo, check=True)


@pytest.fixture(scope="module")
def password_server() -> Iterator[PrivateServer]:
    with private_server() as server:
        server.sql(f"CREATE ROLE archivist LOGIN PASSWORD '{PASSWORD}'")
        server.sql("CREATE DATABASE news OWNER archivist")
        yield server
