"""`archive agencies | authors | people`: the names the archive knows, with counts."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.filters import limit_option, offset_option
from archive.cli.output import emit_json, emit_table, json_option


@click.command("agencies")
@limit_option(None, "agencies")
@offset_option
@json_option
@pass_app
def agencies(app: AppContext, limit: int | None, offset: int, as_json: bool) -> None:
    """Agencies and outlets, most articles first, with every name they go by.

    Example: archive agencies --limit 10
    """
    with app.archive(readonly=True) as archive:
        found = archive.agencies.list(limit=limit, offset=offset)
    rows = [agency.to_dict() for agency in found]
    if as_json:
        emit_json(rows)
    else:
        emit_table(rows, ("id", "name", "short_name", "kind", "article_count", "aliases"))


@click.command("authors")
@limit_option(None, "authors")
@offset_option
@json_option
@pass_app
def authors(app: AppContext, limit: int | None, offset: int, as_json: bool) -> None:
    """Authors named in bylines, most articles first.

    Example: archive authors --json
    """
    with app.archive(readonly=True) as archive:
        found = archive.authors.list(limit=limit, offset=offset)
    rows = [author.to_dict() for author in found]
    if as_json:
        emit_json(rows)
    else:
        emit_table(rows, ("id", "name", "kind", "article_count"))


@click.command("people")
@limit_option(None, "people")
@offset_option
@json_option
@pass_app
def people(app: AppContext, limit: int | None, offset: int, as_json: bool) -> None:
    """People named or quoted, most articles first, with their spellings.

    Example: archive people --limit 20
    """
    with app.archive(readonly=True) as archive:
        found = archive.people.list(limit=limit, offset=offset)
    rows = [person.to_dict() for person in found]
    if as_json:
        emit_json(rows)
    else:
        emit_table(rows, ("id", "name", "title", "article_count", "quote_count", "aliases"))
