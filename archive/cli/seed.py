"""`archive seed`: migrate if needed, then load seeds/ through the ordinary importer."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, CommandFailed, pass_app
from archive.cli.output import emit_json, json_option
from archive.cli.report import echo_items, report_to_dict
from archive.db import migrate
from archive.seeding import seed_archive, seeds_folder


@click.command("seed")
@json_option
@pass_app
def seed(app: AppContext, as_json: bool) -> None:
    """Create or upgrade the schema if needed, then load every article under seeds/.

    Idempotent: a second run leaves every article alone and says so; a changed seed file
    updates its article.

    Example: archive --db sqlite:///news.sqlite3 seed
    """
    engine = app.engine()
    migrated, report = seed_archive(engine)
    revision = migrate.current_revision(engine)
    if as_json:
        emit_json(
            {
                "database": app.url_for_display,
                "migrated": migrated,
                "revision": revision,
                **report_to_dict(report),
            }
        )
    else:
        if migrated:
            click.echo(f"{app.url_for_display}: migrated the schema to {revision}")
        else:
            click.echo(f"{app.url_for_display}: schema already at {revision}, not migrated")
        echo_items(report.items, root=seeds_folder().parent)
        counts = report.summary()
        click.echo(
            f"seeded: {counts['added']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} left alone, {counts['rejected']} rejected"
        )
    if report.rejected:
        raise CommandFailed(f"{len(report.rejected)} seed file(s) rejected")
