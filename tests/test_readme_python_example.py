"""The README's "Querying from Python" example runs as printed, against the seeded archive."""

from __future__ import annotations

import re

import pytest

from archive.config import DATABASE_URL_ENV, REPLICA_URLS_ENV
from archive.seeding import seed_archive
from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase

SECTION = "## Querying from Python"


def readme_section() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    return readme[start : end if end != -1 else len(readme)]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", readme_section(), flags=re.DOTALL)


@pytest.fixture
def seeded_archive(fresh_database: ScratchDatabase, monkeypatch: pytest.MonkeyPatch) -> str:
    engine = fresh_database.engine()
    try:
        _migrated, report = seed_archive(engine)
        assert report.summary()["added"] == 1
    finally:
        engine.dispose()
    monkeypatch.setenv(DATABASE_URL_ENV, fresh_database.url_string)
    monkeypatch.delenv(REPLICA_URLS_ENV, raising=False)
    return fresh_database.url_string


def test_the_readme_example_prints_what_the_readme_says(
    seeded_archive: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example, notebook = blocks("python")
    (promised,) = blocks("text")
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(example, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    expected = promised.splitlines()
    assert len(printed) == len(expected)
    for line, promise in zip(printed, expected, strict=True):
        if promise.startswith("…"):  # the snippet: each database chooses its own passage
            assert "**" in line, line
        else:
            assert line == promise

    exec(compile(notebook, "README.md", "exec"), namespace)
    assert capsys.readouterr().out == "2 comments in the thread\n"
