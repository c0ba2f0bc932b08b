"""`archive quotes` and `archive speakers`: who said what, across the archive."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.filters import limit_option, offset_option
from archive.cli.output import day, emit_json, emit_table, json_option
from archive.repositories.quotes import DEFAULT_LIMIT


@click.command("quotes")
@click.option("--speaker", metavar="NAME", help="Said by this person (any spelling, or a surname).")
@click.option("--article", metavar="ID|SLUG", help="In this article.")
@click.option("--via", metavar="AGENCY", help="Reported through this agency (any name).")
@click.option("--text", metavar="QUERY", help="Search the quoted words (same syntax as search).")
@limit_option(DEFAULT_LIMIT, "quotes")
@offset_option
@json_option
@pass_app
def quotes(
    app: AppContext,
    speaker: str | None,
    article: str | None,
    via: str | None,
    text: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List quotes with their speakers, newest article first.

    Example: archive quotes --speaker "Ali Shamkhani" --via IRNA
    """
    with app.archive(readonly=True) as archive:
        found = archive.quotes.list(
            speaker=speaker, article=article, via=via, text=text, limit=limit, offset=offset
        )
    if as_json:
        emit_json([quote.to_dict() for quote in found])
        return
    rows = [
        {
            "speaker": quote.speaker or "unattributed",
            "via": quote.via,
            "kind": quote.kind,
            "quote": f"“{quote.text}”",
            "article": quote.article_id,
            "date": day(quote.published_at),
        }
        for quote in found
    ]
    emit_table(rows, ("speaker", "via", "kind", "quote", "article", "date"))


@click.command("speakers")
@limit_option(10, "speakers")
@offset_option
@json_option
@pass_app
def speakers(app: AppContext, limit: int, offset: int, as_json: bool) -> None:
    """The most quoted people, with how many quotes and articles.

    Example: archive speakers --limit 5
    """
    with app.archive(readonly=True) as archive:
        found = archive.quotes.top_speakers(limit=limit, offset=offset)
    if as_json:
        emit_json([speaker.to_dict() for speaker in found])
        return
    emit_table(
        [speaker.to_dict() for speaker in found],
        ("name", "title", "quote_count", "article_count"),
    )
