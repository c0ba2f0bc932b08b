"""The root `archive` command: global options, command registration, error reporting."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from sqlalchemy.exc import SQLAlchemyError

from archive import __version__
from archive.cli.context import AppContext
from archive.cli.db import db_group
from archive.config import mask_url
from archive.db.engine import first_line
from archive.errors import ArchiveError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    metavar="URL",
    envvar="ARCHIVE_DATABASE_URL",
    help="Database URL (default: $ARCHIVE_DATABASE_URL, else sqlite:///archive.sqlite3).",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(__version__, prog_name="archive")
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """An archive of news articles on SQLite or PostgreSQL.

    Example: archive --db postgresql://postgres@127.0.0.1/news db upgrade
    """
    app = AppContext(db=db, debug=debug)
    ctx.obj = app
    ctx.call_on_close(app.close)


cli.add_command(db_group)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; errors become one `Error: …` line (exit 1) unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="archive", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except ArchiveError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        return 1
    except SQLAlchemyError as exc:
        if debug:
            raise
        detail = first_line(getattr(exc, "orig", None) or exc)
        click.echo(f"Error: database error: {mask_url_in(detail)}", err=True)
        return 1
    except OSError as exc:
        if debug:
            raise
        click.echo(
            f"Error: {exc.strerror or exc}: {exc.filename}" if exc.filename else f"Error: {exc}",
            err=True,
        )
        return 1
    return 0


def mask_url_in(message: str) -> str:
    """Mask any database URL that a driver message quotes back."""
    words = [mask_url(word) if "://" in word else word for word in message.split(" ")]
    return " ".join(words)


if __name__ == "__main__":
    sys.exit(main())
