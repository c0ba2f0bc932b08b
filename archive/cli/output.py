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
from rich.text import Text

F = TypeVar("F", bound=Callable[..., Any])

EMPTY_LISTING = "(nothing found)"
# Piped output is not cut to a terminal's width: a table row stays one greppable line.
PIPE_WIDTH = 10_000


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
    """A console on stdout; as wide as the terminal, or unbounded when piped."""
    width = None if sys.stdout.isatty() else PIPE_WIDTH
    return Console(file=sys.stdout, width=width, soft_wrap=False, highlight=False, emoji=False)


def emit_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    empty: str = EMPTY_LISTING,
) -> None:
    if not rows:
        click.echo(empty)
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        # Text, not str: a headline with [brackets] or :colons: is data, not rich markup.
        table.add_row(*(Text(_cell(row.get(column))) for column in columns))
    console().print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 quote", "7 quotes"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def day(moment: datetime | None) -> str:
    """A date as listings show it: the UTC day, or "undated"."""
    return moment.date().isoformat() if moment is not None else "undated"


def moment_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "undated"


def is_terminal() -> bool:
    return sys.stderr.isatty()
