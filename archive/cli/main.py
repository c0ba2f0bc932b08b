"""The root `archive` command: global options, command registration, error reporting."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from archive import __version__
from archive.cli.articles import delete, list_articles, search, show
from archive.cli.comments import comment_group, comments
from archive.cli.context import AppContext, CommandFailed
from archive.cli.db import db_group
from archive.cli.export import export
from archive.cli.importing import import_command
from archive.cli.names import agencies, authors, people
from archive.cli.quotes import quotes, speakers
from archive.cli.seed import seed
from archive.cli.stats import stats
from archive.cli.transfer import transfer
from archive.cli.verify import verify
from archive.db.engine import first_line
from archive.errors import ArchiveError


class ArchiveGroup(click.Group):
    """The root group: whatever a command raises becomes one line, unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # click reports these itself (a closed pipe quietly, with status 1)
        except (ArchiveError, SQLAlchemyError, OSError) as exc:
            app = ctx.find_object(AppContext)
            if app is not None and app.debug:
                raise
            raise CommandFailed(describe(exc)) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order they were added: setup, reading, writing, upkeep."""
        return list(self.commands)


def describe(exc: BaseException) -> str:
    """The one line a user sees for an error; never a password."""
    if isinstance(exc, SQLAlchemyError):
        message = f"database error: {first_line(getattr(exc, 'orig', None) or exc)}"
    elif isinstance(exc, OSError) and exc.filename:
        message = f"{exc.strerror or exc}: {exc.filename}"
    else:
        message = str(exc)
    return mask_urls_in(" ".join(line.strip() for line in message.splitlines() if line.strip()))


# scheme://user:PASSWORD@host — the password is whatever lies between the first ":" after
# the user name and the last "@" before the host.
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)([^\s]*)(@[^\s@]*)")


def mask_urls_in(message: str) -> str:
    """Mask the password of any URL that a message quotes back (drivers sometimes do)."""
    return _URL_PASSWORD.sub(r"\1***\3", message)


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

    Example: archive --db postgresql://postgres@127.0.0.1/news list --agency AP
    """
    app = AppContext(db=db, debug=debug)
    ctx.obj = app
    ctx.call_on_close(app.close)


for command in (
    db_group,
    seed,
    import_command,
    list_articles,
    show,
    search,
    quotes,
    speakers,
    agencies,
    authors,
    people,
    comments,
    comment_group,
    delete,
    export,
    transfer,
    stats,
    verify,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (0 ok, 1 failure, 2 usage error)."""
    args = list(sys.argv[1:] if argv is None else argv)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
