"""The README's test command is exactly what CI runs."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT


def two_commands() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## The two commands\n")
    end = readme.index("\n## ", start + 1)
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", readme[start:end], re.S)]


def test_there_are_exactly_two_commands_each_on_one_line() -> None:
    commands = two_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command_verbatim_with_postgresql_required() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = two_commands()[1]
    assert ci.rstrip().splitlines()[-1] == test_command
    assert "export CI=true" in ci
    assert "pg_ctlcluster" in ci  # starts the server when it is down


def test_the_test_command_installs_the_dev_extras_it_needs() -> None:
    test_command = two_commands()[1]
    assert 'pip install -q -e ".[dev]"' in test_command
    assert test_command.endswith("-m pytest")
