"""`archive stats`: what the archive holds, at a glance."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.output import emit_json, emit_table, json_option, moment_text
from archive.stats import archive_stats


@click.command("stats")
@json_option
@pass_app
def stats(app: AppContext, as_json: bool) -> None:
    """Rows per table, date range, top agencies and speakers, database size.

    Example: archive stats --json
    """
    with app.archive(readonly=True, snapshot=True) as archive:
        found = archive_stats(archive.session)
    if as_json:
        emit_json({"database": app.url_for_display, **found.to_dict()})
        return
    click.echo(f"{app.url_for_display} ({found.backend}, {human_size(found.size_bytes)})")
    span = (
        f"{moment_text(found.earliest)} to {moment_text(found.latest)}"
        if found.earliest is not None and found.latest is not None
        else "no dated articles"
    )
    click.echo(f"published: {span}; undated: {found.undated}")
    counts = [f"{n} {status}" for status, n in found.comments_by_status.items() if n]
    if counts:
        click.echo("comments: " + ", ".join(counts))
    emit_table([{"table": t, "rows": n} for t, n in found.tables.items()], ("table", "rows"))
    emit_table(
        [a.to_dict() for a in found.top_agencies],
        ("name", "short_name", "article_count"),
        title="top agencies",
        empty="top agencies: (none)",
    )
    emit_table(
        [s.to_dict() for s in found.top_speakers],
        ("name", "quote_count", "article_count"),
        title="top speakers",
        empty="top speakers: (none)",
    )


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    amount = size / 1024
    for unit in ("kB", "MB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"
