"""Running `archive` in tests: through click's runner, or as the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from archive.cli.main import cli
from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase

EVAL_FOLDER = PROJECT_ROOT / "tests" / "data" / "eval"
SEED_SLUG = "2016-03-28-russian-president-vladimir-putin-and-his-iranian-counterpart"
# A commenter's address that must never be printed.
SECRET_EMAIL = "ann.private@example.org"
CONSOLE_SCRIPT = Path(sys.executable).parent / "archive"


def run(*args: str, input: str | bytes | None = None) -> Result:
    """`archive ARGS` in this process, with stdout and stderr kept apart."""
    runner = CliRunner()
    return runner.invoke(
        cli,
        list(args),
        input=input,
        catch_exceptions=False,
        env={"ARCHIVE_DATABASE_URL": None, "COLUMNS": "200"},
        prog_name="archive",
    )


def run_process(*args: str, input: str | None = None, cwd: Path | None = None) -> Any:
    """`archive ARGS` as its own process, through the installed console script."""
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


@dataclass
class Archive:
    """An archive's URL and backend, with shortcuts to run commands against it."""

    url: str
    backend: str

    def run(self, *args: str, input: str | bytes | None = None) -> Result:
        return run("--db", self.url, *args, input=input)

    def ok(self, *args: str, input: str | bytes | None = None) -> Result:
        """Run a command that must succeed silently on stderr."""
        result = self.run(*args, input=input)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        assert result.stderr == "", (args, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def fails(self, *args: str, code: int = 1, input: str | None = None) -> str:
        """Run a command that must fail with `code`; returns its stderr."""
        result = self.run(*args, input=input)
        assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
        return result.stderr


def tuning_articles() -> list[Path]:
    """The evaluation articles of the first (tuning) group: the counts these tests pin were
    taken on them, so growing the held-out group does not move them."""
    return [
        label.with_suffix(".txt")
        for label in sorted(EVAL_FOLDER.glob("*.json"))
        if "split" not in json.loads(label.read_text(encoding="utf-8"))
    ]


def seed_and_fill(database: ScratchDatabase) -> Archive:
    """The seed, the evaluation articles, and a comment thread on the seeded article."""
    archive = Archive(database.url_string, database.backend)
    archive.ok("seed")
    archive.ok("import", *(str(path) for path in tuning_articles()))
    first = archive.json(
        "comment", "add", SEED_SLUG, "--author", "Ann", "--body", "A fair summary.",
        "--email", SECRET_EMAIL, "--approved",
    )  # fmt: skip
    archive.ok(
        "comment", "add", SEED_SLUG, "--author", "Bo", "--body", "Agreed.",
        "--reply-to", str(first["id"]),
    )  # fmt: skip
    hidden = archive.json("comment", "add", SEED_SLUG, "--author", "Cy", "--body", "Buy pills")
    archive.ok("comment", "spam", str(hidden["id"]))
    return archive
