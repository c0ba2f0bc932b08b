"""`archive export`: whole articles as JSON Lines, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.filters import article_filters
from archive.cli.output import counted
from archive.export.files import atomic_text_file
from archive.export.jsonl import write_jsonl
from archive.repositories import ArticleFilters


@click.command("export")
@article_filters
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default="-",
    show_default=True,
    help="Write to this file (replaced only once the export is complete); - is stdout.",
)
@click.option(
    "--all-comments", is_flag=True, help="Include hidden and spam comments, with their status."
)
@pass_app
def export(app: AppContext, filters: ArticleFilters, out: Path, all_comments: bool) -> None:
    """Export whole articles as JSON Lines: one `show --json` object per line.

    Newest first, the same filters as `list`; a commenter's e-mail is never exported.

    Example: archive export --agency Reuters --out reuters.jsonl
    """
    with app.archive(readonly=True, snapshot=True) as archive:
        if str(out) == "-":
            write_jsonl(archive.articles, sys.stdout, filters, include_hidden_comments=all_comments)
            return
        with atomic_text_file(out) as handle:
            count = write_jsonl(
                archive.articles, handle, filters, include_hidden_comments=all_comments
            )
    click.echo(f"exported {counted(count, 'article')} to {out}")
