"""`archive import`: files, folders and stdin through the import pipeline, with a report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from archive.cli.context import AppContext, CommandFailed, pass_app
from archive.cli.output import emit_json, is_terminal, json_option
from archive.cli.report import echo_items, report_to_dict
from archive.importing.pipeline import ItemResult, import_paths


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--verbose", "-v", is_flag=True, help="List every input, not only rejected ones.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that parse while one writes (default: one per CPU, or "
    "$ARCHIVE_IMPORT_JOBS); 1 parses in the importing process.",
)
@json_option
@pass_app
def import_command(
    app: AppContext, paths: tuple[str, ...], verbose: bool, jobs: int | None, as_json: bool
) -> None:
    """Import article files, folders (recursively) or - for stdin.

    Every input is added, updated, left unchanged or rejected with a reason; a rejected
    input never stops or spoils the others. Exits 1 if anything was rejected.

    Example: archive import ~/articles/2016/ extra.txt
    """
    engine = app.migrated_engine()
    with _progress() as on_item:
        report = import_paths(engine, list(paths), on_item=on_item, jobs=jobs)
    if as_json:
        emit_json(report_to_dict(report))
    else:
        echo_items(report.items if verbose else report.rejected)
        counts = report.summary()
        click.echo(
            f"imported {counts['added']}, updated {counts['updated']}, "
            f"unchanged {counts['unchanged']}, rejected {counts['rejected']}"
        )
    if report.rejected:
        raise CommandFailed(f"{len(report.rejected)} of {len(report.items)} inputs rejected")


@contextmanager
def _progress() -> Iterator[Callable[[ItemResult], None] | None]:
    """A live count on stderr when it is a terminal; nothing at all otherwise."""
    if not is_terminal():
        yield None
        return
    console = Console(file=sys.stderr)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    with Progress(
        SpinnerColumn(),
        TextColumn("importing"),
        BarColumn(),
        TextColumn("{task.completed} inputs · {task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=None, counts="")

        def on_item(item: ItemResult) -> None:
            counts[item.outcome] += 1
            progress.update(
                task,
                advance=1,
                counts=", ".join(f"{number} {name}" for name, number in counts.items()),
            )

        yield on_item
