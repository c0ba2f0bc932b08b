"""Fixtures for the command-line tests: archives built through the command line itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runner import Archive, seed_and_fill
from tests.databases import ScratchDatabase, throwaway_database


@pytest.fixture(scope="package")
def filled(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A seeded archive with a few more articles and a comment thread; tests only read it."""
    with throwaway_database(backend, tmp_path_factory.mktemp(f"cli-{backend}")) as database:
        yield seed_and_fill(database)


@pytest.fixture
def empty(fresh_database: ScratchDatabase) -> Archive:
    """An empty database (no schema yet) that a test may change at will."""
    return Archive(fresh_database.url_string, fresh_database.backend)


@pytest.fixture
def seeded(fresh_database: ScratchDatabase) -> Archive:
    """A freshly seeded archive that a test may change at will."""
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("seed")
    return archive


@pytest.fixture
def articles_folder(tmp_path: Path) -> Path:
    """Two small plain-text articles in a folder."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "harbour.txt").write_text(
        "Harbour reopens after the storm\n\nBy Port Desk\n\nTuesday, 5 April 2016\n\n"
        "The harbour reopened on Tuesday after a week of storms, the port authority said.\n\n"
        "Fishing boats returned to the quay by noon.\n",
        encoding="utf-8",
    )
    (folder / "bridge.txt").write_text(
        "New bridge opens to traffic\n\nBy City Desk\n\nWednesday, 6 April 2016\n\n"
        "The new bridge over the river opened to traffic on Wednesday morning.\n\n"
        "Commuters said the crossing took half the time it used to.\n",
        encoding="utf-8",
    )
    return folder
