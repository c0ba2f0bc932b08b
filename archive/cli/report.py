"""How `seed` and `import` report what happened to each input."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click

from archive.importing.pipeline import ImportReport, ItemResult

OUTCOMES = ("added", "updated", "unchanged", "rejected")


def item_to_dict(item: ItemResult) -> dict[str, Any]:
    return {
        "name": item.name,
        "outcome": item.outcome,
        "article_id": item.article_id,
        "slug": item.slug,
        "reason": item.reason,
    }


def report_to_dict(report: ImportReport) -> dict[str, Any]:
    return {"summary": report.summary(), "items": [item_to_dict(i) for i in report.items]}


def item_line(item: ItemResult, root: Path | None = None) -> str:
    """One line per input: outcome, name, then the article or the reason."""
    name = item.name
    if root is not None:
        with contextlib.suppress(ValueError):  # outside the root: the name as given
            name = Path(name).resolve().relative_to(root.resolve()).as_posix()
    line = f"{item.outcome:<9} {name}"
    if item.outcome == "rejected":
        return f"{line}: {item.reason}"
    if item.slug:
        line += f" -> article {item.article_id} ({item.slug})"
    if item.reason:
        line += f" [{item.reason}]"
    return line


def echo_items(items: list[ItemResult], root: Path | None = None) -> None:
    for item in items:
        click.echo(item_line(item, root))
