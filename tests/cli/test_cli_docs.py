"""Every command documents itself (a summary and a working `Example:`) and appears in the
README's "Command line" section; the README's "Run the archive" command works as printed."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from archive.cli.main import cli
from tests.cli.runner import CONSOLE_SCRIPT, SEED_SLUG, run
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def readme_section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command under the root, groups included, as the words that invoke it."""
    yield path
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from command_paths(sub, (*path, name))


COMMANDS = list(command_paths(cli))


def test_the_command_set_is_the_documented_one() -> None:
    leaves = {" ".join(p) for p in COMMANDS if p and not isinstance(resolve(p), click.Group)}
    assert leaves == {
        "db upgrade", "db downgrade", "db current", "db check", "seed", "import", "list",
        "show", "search", "quotes", "speakers", "agencies", "authors", "people", "comments",
        "comment add", "comment approve", "comment hide", "comment spam", "comment delete",
        "delete", "export", "transfer", "stats", "verify",
    }  # fmt: skip


def resolve(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "archive")
def test_every_command_has_help_with_a_summary_and_an_example(
    path: tuple[str, ...], tmp_path: Path
) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    usage, blank, summary, after_summary, *rest = result.stdout.splitlines()
    assert usage.startswith(f"Usage: archive {' '.join(path)}".rstrip())
    assert blank == ""
    # One line, not wrapped: it is what `archive --help` lists.
    assert summary.startswith("  ") and summary.strip().endswith(".")
    assert after_summary == ""
    at = [n for n, line in enumerate(rest) if line.strip().startswith("Example: ")]
    assert len(at) == 1, result.stdout
    example = rest[at[0]].strip()
    assert rest[at[0] + 1] == "", "the example is one unwrapped line"
    words = shlex.split(example.removeprefix("Example: "))
    assert words[0] == "archive"
    # The example names this very command and only options it has: parsing it with --help
    # added fails on any unknown option or command (and never touches a real archive).
    nowhere = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    parsed = run("--db", nowhere, *words[1:], "--help")
    assert parsed.exit_code == 0, (example, parsed.stderr)
    assert parsed.stdout.splitlines()[0].startswith(f"Usage: archive {' '.join(path)}".rstrip())


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    section = readme_section("Command line")
    name = " ".join(path)
    if isinstance(resolve(path), click.Group):
        assert f"`archive {name} " in section
        return
    row = next(
        (line for line in section.splitlines() if line.startswith(f"| `archive {name}")), None
    )
    assert row is not None, f"no row for archive {name}"
    example = row.rsplit("|", 2)[-2].strip().strip("`")
    assert example.startswith(f"archive {name}") or f" {name}" in example, row
    # The JSON shape of every command that prints JSON is documented too.
    if name == "export" or any(param.name == "as_json" for param in resolve(path).params):
        assert name in documented_shapes(), f"no JSON shape documented for archive {name}"


def documented_shapes() -> set[str]:
    """Commands in the first column of the JSON shapes table (`comment add\\|hide` is two)."""
    shapes = readme_section("Command line").split("**JSON shapes**")[1]
    names: set[str] = set()
    for entry in re.findall(r"^\| `([^`]+)` \|", shapes, flags=re.MULTILINE):
        *group, verbs = entry.replace("\\|", "|").split(" ")
        names.update(" ".join([*group, verb]) for verb in verbs.split("|"))
    return names


def readme_run_command() -> str:
    section = readme_section("The two commands")
    blocks = re.findall(r"```sh\n(.*?)\n```", section, flags=re.DOTALL)
    return blocks[0]


def test_the_readme_run_command_works_as_printed(tmp_path: Path) -> None:
    """Everything after the venv set-up, run with this checkout's installed `archive`."""
    steps = readme_run_command().split(" && ")
    assert steps[:2] == ["python3 -m venv .venv", ".venv/bin/pip install -q -e ."]
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_DATABASE_URL"}
    outputs = []
    for step in steps[2:]:
        words = shlex.split(step)
        assert words[0] == ".venv/bin/archive"
        done = subprocess.run(
            [str(CONSOLE_SCRIPT), *words[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (step, done.stderr)
        outputs.append(done.stdout)
    assert (tmp_path / "archive.sqlite3").exists()
    seed, listing, shown, searched = outputs
    assert "migrated the schema" in seed and "added" in seed
    assert SEED_SLUG in listing
    assert "Syrian troops ousted the militants from the ancient city" in shown
    assert SEED_SLUG in searched and "**Palmyra**" in searched
