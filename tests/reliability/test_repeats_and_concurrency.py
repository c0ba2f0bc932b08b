"""Importing twice, importing one article under two names, and two `archive import`
processes racing on overlapping folders: the archive ends the same as after one import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.db.engine import create_archive_engine
from tests.cli.runner import CONSOLE_SCRIPT, SEED_SLUG, Archive
from tests.databases import ScratchDatabase
from tests.reliability import snapshot
from tests.reliability.contents import contents
from tests.reliability.corpus import write_articles
from tests.reliability.test_bad_input import fingerprint, verify_passes

# Three folders; two importers share the middle one.
FOLDER_SIZE = 400


def test_importing_the_same_files_twice_changes_nothing(
    fresh_stocked: Archive, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, range(30))
    first = json.loads(fresh_stocked.run("import", "--json", str(folder)).stdout)
    assert first["summary"] == {"added": 30, "updated": 0, "unchanged": 0, "rejected": 0}
    before = fingerprint(fresh_stocked)
    again = fresh_stocked.run("import", str(folder))
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout == "imported 0, updated 0, unchanged 30, rejected 0\n"
    seeded = fresh_stocked.run("seed")
    assert seeded.stdout.splitlines()[-1] == "seeded: 0 added, 0 updated, 1 left alone, 0 rejected"
    assert snapshot.compare(before, fingerprint(fresh_stocked)).none
    verify_passes(fresh_stocked)


def test_one_article_under_two_file_names_is_one_article(
    fresh_stocked: Archive, tmp_path: Path
) -> None:
    [original] = write_articles(tmp_path / "one", range(1))
    copy = tmp_path / "two" / "renamed-copy.txt"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    # Both names in one run: the second is the same article as the first.
    both = json.loads(fresh_stocked.run("import", "--json", str(original), str(copy)).stdout)
    assert [item["outcome"] for item in both["items"]] == ["added", "unchanged"]
    assert both["items"][1]["reason"] == "same article as another in this import"
    # ... and names that article, as an unchanged input always does (it used to name none).
    assert both["items"][1]["article_id"] == both["items"][0]["article_id"] is not None
    assert both["items"][1]["slug"] == both["items"][0]["slug"] is not None
    before = fingerprint(fresh_stocked)
    # One name per run: the copy is recognised as the article stored from the original.
    later = json.loads(fresh_stocked.run("import", "--json", str(copy)).stdout)["items"][0]
    assert later["outcome"] == "unchanged"
    assert later["article_id"] == both["items"][0]["article_id"]
    assert later["slug"] == both["items"][0]["slug"]
    # The seed file under another name, too.
    seed_copy = tmp_path / "seed-again.txt"
    shutil.copy(Path(__file__).parents[2] / "seeds" / "2016-03-28_putin-rowhani-palmyra.txt",
                seed_copy)  # fmt: skip
    seed_item = json.loads(fresh_stocked.run("import", "--json", str(seed_copy)).stdout)
    assert seed_item["items"][0]["slug"] == SEED_SLUG
    assert seed_item["items"][0]["outcome"] == "unchanged"
    assert snapshot.compare(before, fingerprint(fresh_stocked)).none


def _start_import(url: str, *paths: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    return subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--db", url, "import", "--json", *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_two_importers_at_once_on_overlapping_folders(
    new_database: Callable[[], ScratchDatabase], tmp_path: Path
) -> None:
    """PostgreSQL, and SQLite in WAL mode: both finish without error, every article, agency,
    author and person exists once, and the archive equals a single import of everything."""
    corpus = tmp_path / "corpus"
    first, shared, last = corpus / "a", corpus / "b", corpus / "c"
    write_articles(first, range(0, FOLDER_SIZE))
    write_articles(shared, range(FOLDER_SIZE, 2 * FOLDER_SIZE))
    write_articles(last, range(2 * FOLDER_SIZE, 3 * FOLDER_SIZE))

    racing = new_database()
    racing_archive = Archive(racing.url_string, racing.backend)
    racing_archive.ok("db", "upgrade")
    if racing.backend == "sqlite":
        engine = create_archive_engine(racing.url)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        engine.dispose()
    # Both start on the shared folder, at the same moment.
    processes = [
        _start_import(racing.url_string, shared, first),
        _start_import(racing.url_string, shared, last),
    ]
    reports = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        assert (process.returncode, stderr) == (0, ""), stderr
        reports.append(json.loads(stdout))
    added = sum(report["summary"]["added"] for report in reports)
    unchanged = sum(report["summary"]["unchanged"] for report in reports)
    assert added == 3 * FOLDER_SIZE
    assert unchanged == FOLDER_SIZE  # the shared folder, once per importer
    assert all(report["summary"]["rejected"] == 0 for report in reports)
    verify_passes(racing_archive)

    single = new_database()
    single_archive = Archive(single.url_string, single.backend)
    single_archive.ok("db", "upgrade")
    single_archive.ok("import", str(corpus))

    engines = [create_archive_engine(db.url) for db in (racing, single)]
    try:
        raced, once = (contents(engine) for engine in engines)
    finally:
        for engine in engines:
            engine.dispose()
    assert raced["counts"] == once["counts"]
    assert raced["counts"]["articles"] == 3 * FOLDER_SIZE
    for table in raced:
        assert raced[table] == once[table], table
