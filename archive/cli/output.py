"""One formatter for every command: rich tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])


def json_option(func: F) -> F:
    """The shared --json flag."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_default, indent=2)


def emit_json(data: Any) -> None:
    click.echo(to_json(data))


def console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def emit_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    empty: str = "(nothing found)",
) -> None:
    if not rows:
        click.echo(empty)
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console().print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def is_terminal() -> bool:
    return sys.stderr.isatty()
