"""The installed `archive` console script as its own process: exit statuses, stderr, the
--debug traceback, the progress display on a terminal, and a reader that goes away."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.cli.runner import CONSOLE_SCRIPT, SEED_SLUG, Archive, run_process


def test_exit_statuses_and_one_line_errors(filled: Archive) -> None:
    shown = run_process("--db", filled.url, "show", SEED_SLUG, "--json")
    assert shown.returncode == 0 and shown.stderr == ""
    assert json.loads(shown.stdout)["slug"] == SEED_SLUG

    missing = run_process("--db", filled.url, "show", "no-such-article")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == "Error: no article with id or slug 'no-such-article'\n"

    usage = run_process("--db", filled.url, "list", "--since", "2016-13-01")
    assert usage.returncode == 2 and usage.stdout == ""
    assert usage.stderr.splitlines()[-1].startswith(
        "Error: Invalid value for '--since': '2016-13-01' is not a date"
    )

    unreachable = run_process("--db", "postgresql://postgres:pw@127.0.0.1:1/x", "list")
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith("Error: cannot connect to postgresql://postgres:***@")
    assert len(unreachable.stderr.splitlines()) == 1


def test_debug_shows_the_traceback(filled: Archive) -> None:
    failed = run_process("--debug", "--db", filled.url, "show", "no-such-article")
    assert failed.returncode == 1
    assert failed.stderr.startswith("Traceback (most recent call last):")
    assert "archive.errors.ArticleNotFound: no article with id or slug 'no-such-article'" in (
        failed.stderr
    )


def test_python_dash_m_and_the_environment(filled: Archive) -> None:
    env = {**os.environ, "ARCHIVE_DATABASE_URL": filled.url}
    done = subprocess.run(
        [sys.executable, "-m", "archive", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert SEED_SLUG in {item["slug"] for item in json.loads(done.stdout)}
    version = run_process("--version")
    assert version.returncode == 0 and version.stdout.startswith("archive, version ")


def test_import_shows_progress_only_on_a_terminal(seeded: Archive, articles_folder: Path) -> None:
    # Not a terminal: stderr stays empty.
    quiet = run_process("--db", seeded.url, "import", str(articles_folder))
    assert quiet.returncode == 0
    assert quiet.stderr == ""
    assert quiet.stdout == "imported 2, updated 0, unchanged 0, rejected 0\n"
    # stderr on a terminal: a live count there, and the same report on stdout.
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--db", seeded.url, "import", str(articles_folder)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**env, "COLUMNS": "120", "TERM": "xterm"},
        text=True,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    stdout, _ = process.communicate(timeout=300)
    assert process.returncode == 0
    assert stdout == "imported 0, updated 0, unchanged 2, rejected 0\n"
    assert b"importing" in shown
    assert b"2 inputs" in shown


def test_a_reader_that_goes_away_ends_the_export_quietly(filled: Archive) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "--db", filled.url, "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `archive export | head -0`: nobody reads
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=300)
    assert process.returncode == 1
    assert stderr == b""
