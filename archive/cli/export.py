"""`archive export`: whole articles as JSON Lines (the archive's own shape), ninjs or JSON-LD,
or the tables as CSV files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click
from sqlalchemy.orm import Session

from archive.cli.context import AppContext, pass_app
from archive.cli.filters import article_filters
from archive.cli.output import counted
from archive.export.csv_tables import TABLE_NAMES, write_csv_table, write_csv_tables
from archive.export.files import atomic_text_file
from archive.export.jsonl import write_jsonl
from archive.export.jsonld import write_jsonld
from archive.export.ninjs import write_ninjs
from archive.repositories import ArticleFilters

FORMATS = ("jsonl", "csv", "ninjs", "jsonld")


@click.command("export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: the archive's own shape, for `archive import`; csv: one file per table; "
    "ninjs: IPTC ninjs 3.0 items; jsonld: schema.org NewsArticle documents.",
)
@article_filters
@click.option(
    "--out",
    type=click.Path(allow_dash=True),
    default="-",
    show_default=True,
    help="A file (replaced only once the export is complete), - for stdout; for csv, a folder "
    "for one TABLE.csv per table (a .csv file or - with a single --table).",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    type=click.Choice(TABLE_NAMES),
    help="csv only: this table (repeat for more); with one, --out may be - or a .csv file.",
)
@click.option(
    "--include-private",
    is_flag=True,
    help="jsonl and csv: include commenters' e-mail addresses (left out otherwise).",
)
@pass_app
def export(
    app: AppContext,
    format_: str,
    filters: ArticleFilters,
    out: str,
    tables: tuple[str, ...],
    include_private: bool,
) -> None:
    """Export articles as JSON Lines, CSV tables, ninjs or JSON-LD.

    The list filters choose the articles, newest first. jsonl (the default) writes one whole
    article per line: `show --json`'s object plus what restoring it needs (raw source, every
    comment with its status), so `archive import` of the file rebuilds the same archive.

    Example: archive export --format csv --agency Reuters --out reuters-csv
    """
    if not out.strip():  # `--out "$FOLDER"` with FOLDER unset, not the working folder
        raise click.UsageError("--out is empty: give a file or folder, or - for stdout")
    to_stdout = out == "-"
    target = Path(out)
    if tables and format_ != "csv":
        raise click.UsageError("--table applies to --format csv only")
    if include_private and format_ in ("ninjs", "jsonld"):
        raise click.UsageError(f"--include-private applies to jsonl and csv, not {format_}")
    # csv writes a folder of TABLE.csv files, or one table to stdout or to a .csv file.
    folder = format_ == "csv" and not (len(tables) == 1 and (to_stdout or target.suffix == ".csv"))
    if folder and to_stdout:
        raise click.UsageError("--format csv writes a folder: give --out FOLDER (or one --table)")
    if folder and target.exists() and not target.is_dir():
        raise click.UsageError(
            f"--out {out} is a file: --format csv writes a folder (or one --table to a .csv file)"
        )
    with app.archive(readonly=True, snapshot=True) as archive:
        session = archive.session
        if folder:
            files = write_csv_tables(
                session, target, filters, tables=tables, include_private=include_private
            )
            rows = sum(file.rows for file in files)
            click.echo(f"exported {counted(rows, 'row')} in {counted(len(files), 'file')} to {out}")
            return
        if to_stdout:
            _write(format_, session, sys.stdout, filters, tables, include_private)
            return
        if target.is_dir():
            raise click.UsageError(f"--out {out} is a folder: give a file name")
        with atomic_text_file(target) as handle:
            count = _write(format_, session, handle, filters, tables, include_private)
    what = "row" if format_ == "csv" else "article"
    click.echo(f"exported {counted(count, what)} to {out}")


def _write(
    format_: str,
    session: Session,
    out: TextIO,
    filters: ArticleFilters,
    tables: tuple[str, ...],
    include_private: bool,
) -> int:
    if format_ == "jsonl":
        return write_jsonl(session, out, filters, include_private=include_private)
    if format_ == "ninjs":
        return write_ninjs(session, out, filters)
    if format_ == "jsonld":
        return write_jsonld(session, out, filters)
    (table,) = tables
    return write_csv_table(session, out, table, filters, include_private=include_private)
