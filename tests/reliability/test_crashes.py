"""Imports that die halfway: killed with SIGKILL, or cut off by the server. What was
committed is whole articles only, `archive verify` passes, and running the same import
again completes the rest."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from archive.importing.store import DEFAULT_BATCH_SIZE
from archive.models import Article, ArticleAuthor, ArticlePerson, Quote
from tests.cli.runner import CONSOLE_SCRIPT, Archive
from tests.databases import ScratchDatabase, postgres_admin_url
from tests.reliability.corpus import QUOTES_PER_ARTICLE, write_articles
from tests.reliability.snapshot import SEARCH_INDEX
from tests.reliability.test_bad_input import verify_passes

ARTICLES = 3_000
WAIT_SECONDS = 300


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "articles"
    write_articles(folder, range(ARTICLES))
    return folder


def _start_import(url: str, folder: Path, *options: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    return subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--db", url, "import", *options, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Its own process group, as a shell job has: Ctrl-C reaches the whole group.
        start_new_session=True,
        # A foreground job takes Ctrl-C; a test run started in the background (`&`) would
        # pass its ignored SIGINT on and the import would never see the Ctrl-C.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _watcher(database: ScratchDatabase) -> Engine:
    """A plain engine (not the archive's: its application name is the importer's)."""
    return create_engine(database.url)


def _wait_until(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert process.poll() is None, "the import finished before it could be interrupted"
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.01)


def _writing(database: ScratchDatabase) -> bool:
    """Whether the importer is inside a write transaction right now."""
    if database.backend == "sqlite":
        # The importer begins IMMEDIATE: while it writes, nobody else can take the lock.
        probe = sqlite3.connect(str(database.url.database), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc), exc
            return True
        finally:
            probe.close()
    admin = create_engine(postgres_admin_url())
    try:
        with admin.connect() as connection:
            return bool(connection.execute(_WRITING, {"name": database.url.database}).first())
    finally:
        admin.dispose()


_WRITING = text(
    "SELECT pid FROM pg_stat_activity WHERE datname = :name AND application_name = "
    "'archive' AND state IN ('active', 'idle in transaction')"
)


def _articles(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count(Article.id))).scalar_one())


def assert_only_whole_articles(engine: Engine) -> int:
    """Every stored article has all its quotes, people, author and search entry."""
    with engine.connect() as connection:
        held = connection.execute(select(func.count(Article.id))).scalar_one()
        for child, expected in (
            (Quote, QUOTES_PER_ARTICLE),
            (ArticlePerson, QUOTES_PER_ARTICLE),
            (ArticleAuthor, 1),
        ):
            per_article = (
                select(func.count())
                .select_from(child)
                .where(child.article_id == Article.id)
                .scalar_subquery()
            )
            incomplete = connection.execute(
                select(func.count(Article.id)).where(per_article != expected)
            ).scalar_one()
            assert incomplete == 0, (child.__tablename__, incomplete)
        indexed = len(connection.execute(text(SEARCH_INDEX[engine.dialect.name])).all())
        assert indexed == held
    # Batches are committed whole: an interruption leaves a whole number of them.
    assert held % DEFAULT_BATCH_SIZE == 0, held
    return int(held)


def _rerun_completes(archive: Archive, folder: Path, held: int) -> None:
    result = archive.run("import", "--json", str(folder))
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["summary"] == {
        "added": ARTICLES - held,
        "updated": 0,
        "unchanged": held,
        "rejected": 0,
    }
    verify_passes(archive)


@pytest.mark.slow
def test_an_import_killed_halfway_keeps_whole_articles_and_resumes(
    fresh_database: ScratchDatabase, big_folder: Path
) -> None:
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("db", "upgrade")
    watcher = _watcher(fresh_database)
    try:
        process = _start_import(fresh_database.url_string, big_folder)
        _wait_until(lambda: _articles(watcher) > 0, process)
        # Kill it while it writes a batch, not while it reads the next files.
        _wait_until(lambda: _writing(fresh_database), process)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=WAIT_SECONDS)
        assert process.returncode == -signal.SIGKILL
        held = assert_only_whole_articles(watcher)
        assert 0 < held < ARTICLES
    finally:
        watcher.dispose()
    verify_passes(archive)
    _rerun_completes(archive, big_folder, held)


def _children(pid: int) -> list[int]:
    listed = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True, check=False
    )
    return [int(line) for line in listed.stdout.split()]


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1]
        except FileNotFoundError:
            return True
        if state.startswith("Z"):
            return True  # exited, waiting to be reaped
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["ctrl-c", "sigkill"])
def test_an_import_stopped_while_workers_parse_leaves_no_workers_behind(
    fresh_database: ScratchDatabase, big_folder: Path, stop: str
) -> None:
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("db", "upgrade")
    watcher = _watcher(fresh_database)
    try:
        process = _start_import(fresh_database.url_string, big_folder, "--jobs", "2")
        _wait_until(lambda: _articles(watcher) > 0, process)
        workers = _children(process.pid)
        assert len(workers) >= 2, workers
        if stop == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=WAIT_SECONDS)
        if stop == "ctrl-c":
            assert process.returncode == 1
            assert "Traceback" not in stderr, stderr
        assert all(_gone(pid) for pid in workers), workers
        held = assert_only_whole_articles(watcher)
        assert held < ARTICLES
    finally:
        watcher.dispose()
    verify_passes(archive)
    _rerun_completes(archive, big_folder, held)


@pytest.mark.slow
@pytest.mark.postgres_only
def test_a_dropped_postgresql_connection_is_one_line_and_a_rerun_completes(
    postgres_database: ScratchDatabase, big_folder: Path
) -> None:
    fresh_database = postgres_database
    archive = Archive(fresh_database.url_string, fresh_database.backend)
    archive.ok("db", "upgrade")
    watcher = _watcher(fresh_database)
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = fresh_database.url.database
    try:
        process = _start_import(fresh_database.url_string, big_folder)
        _wait_until(lambda: _articles(watcher) > 0, process)
        terminated: list[int] = []

        def cut_off_while_writing() -> bool:
            with admin.connect() as connection:
                for (pid,) in connection.execute(_WRITING, {"name": name}):
                    connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                    terminated.append(pid)
            return bool(terminated)

        _wait_until(cut_off_while_writing, process)
        stdout, stderr = process.communicate(timeout=WAIT_SECONDS)
        held = assert_only_whole_articles(watcher)
    finally:
        watcher.dispose()
        admin.dispose()
    assert process.returncode == 1
    assert stdout == ""
    # The server says why it ends the connection; cut off while the importer is still sending
    # (a COPY, more likely now that parsing runs beside the writes), the driver only sees the
    # connection close.
    said = re.fullmatch(
        r"Error: lost the connection to the database while importing \((?:terminating "
        r"connection due to administrator command|consuming input failed: server closed the "
        r"connection unexpectedly)\): the (\d+) inputs before it are in the archive; the "
        rf"batch of {DEFAULT_BATCH_SIZE} being written did not finish; run the same import "
        r"again to finish\n",
        stderr,
    )
    assert said is not None, stderr
    # What the importer knew was stored. Cut off inside COMMIT, the server may have kept the
    # batch the client never heard back about: then the archive holds one batch more.
    assert int(said.group(1)) in (held, held - DEFAULT_BATCH_SIZE)
    assert 0 < held < ARTICLES
    verify_passes(archive)
    _rerun_completes(archive, big_folder, held)
