"""`archive transfer --to URL`: copy the whole archive to another database and check the copy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from archive.cli.context import AppContext, CommandFailed, pass_app
from archive.cli.output import emit_json, emit_table, is_terminal, json_option
from archive.config import mask_url, parse_database_url
from archive.db.engine import check_connection, create_archive_engine
from archive.transfer import Progress as ProgressCallback
from archive.transfer import TransferReport, transfer_archive


@click.command("transfer")
@click.option(
    "--to",
    "target_url",
    required=True,
    metavar="URL",
    help="The database to copy the archive into (its schema is created by the migrations).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Empty the target first if it already holds an archive (refused otherwise).",
)
@json_option
@pass_app
def transfer(app: AppContext, target_url: str, replace: bool, as_json: bool) -> None:
    """Copy the whole archive to another database, then check the copy.

    Every row of every table moves with its id, in one transaction on the target; the search
    index is rebuilt there. Then row counts, table digests and content hashes are compared
    with the source and `archive verify`'s checks run on the target. Exits 1 if anything
    differs. A target that already holds rows is refused unless --replace.

    Example: archive transfer --to postgresql://postgres@127.0.0.1/news
    """
    source = app.migrated_engine()
    target = create_archive_engine(parse_database_url(target_url))
    try:
        check_connection(target)
        with _progress() as progress:
            report = transfer_archive(source, target, replace=replace, progress=progress)
    finally:
        target.dispose()
    if as_json:
        emit_json(report.to_dict())
    else:
        _echo(report)
    if not report.ok:
        raise CommandFailed(f"the copy at {mask_url(target.url)} does not match the source")


def _echo(report: TransferReport) -> None:
    emit_table(
        [check.to_dict() for check in report.tables],
        ["table", "source_rows", "target_rows", "ok"],
    )
    for line in report.hash_problems:
        click.echo(f"content hash: {line}")
    if report.verify is not None:
        for problem in report.verify.problems:
            click.echo(f"verify: {problem}")
    rows = sum(check.target_rows for check in report.tables)
    verdict = "ok" if report.ok else "NOT OK"
    click.echo(
        f"{verdict}: copied {rows:,} rows from {report.source} to {report.target} in "
        f"{report.seconds:.1f} s; {report.articles_checked:,} content hashes checked, "
        f"verify {'passed' if report.verify is not None and report.verify.ok else 'failed'}"
    )


@contextmanager
def _progress() -> Iterator[ProgressCallback | None]:
    """A bar per phase on stderr when it is a terminal; nothing at all otherwise."""
    if not is_terminal():
        yield None
        return
    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def on_progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bars.add_task(phase, total=max(total, 1))
            bars.update(tasks[phase], completed=done if total else 1)

        yield on_progress
