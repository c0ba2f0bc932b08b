"""`archive list | show | search | delete`: reading and removing articles."""

from __future__ import annotations

import click

from archive.cli.context import AppContext, pass_app
from archive.cli.filters import article_filters, limit_option, offset_option
from archive.cli.output import counted, day, emit_json, emit_table, json_option, moment_text
from archive.repositories import ArticleDetail, ArticleFilters, ArticleSummary
from archive.repositories.articles import DEFAULT_LIMIT, DEFAULT_SEARCH_LIMIT

LIST_COLUMNS = ("id", "date", "slug", "headline", "byline", "words")


def listing_row(item: ArticleSummary) -> dict[str, object]:
    return {
        "id": item.id,
        "date": day(item.published_at),
        "slug": item.slug,
        "headline": item.headline,
        "byline": item.byline,
        "words": item.word_count,
    }


@click.command("list")
@article_filters
@limit_option(DEFAULT_LIMIT, "articles")
@offset_option
@json_option
@pass_app
def list_articles(
    app: AppContext, filters: ArticleFilters, limit: int, offset: int, as_json: bool
) -> None:
    """List articles, newest first (undated last).

    Example: archive list --agency Reuters --since 2016-03-01 --limit 20
    """
    with app.archive(readonly=True) as archive:
        items = archive.articles.list(filters, limit=limit, offset=offset)
    if as_json:
        emit_json([item.to_dict() for item in items])
    else:
        emit_table([listing_row(item) for item in items], LIST_COLUMNS)


@click.command("show")
@click.argument("article", metavar="ID|SLUG")
@json_option
@pass_app
def show(app: AppContext, article: str, as_json: bool) -> None:
    """Show a whole article: header, agencies, captions, body, quotes, comment count.

    Example: archive show 1 --json
    """
    with app.archive(readonly=True) as archive:
        detail = archive.articles.get(article)
    if as_json:
        emit_json(detail.to_dict())
    else:
        click.echo(render_article(detail))


def render_article(detail: ArticleDetail) -> str:
    """The article as a person reads it in a terminal."""
    lines = [click.style(detail.headline or "(no headline)", bold=True)]
    lines.append(f"id {detail.id} · {detail.slug} · {detail.word_count} words")
    header = [detail.byline or "(no byline)", moment_text(detail.published_at)]
    if detail.dateline:
        header.append(detail.dateline)
    lines.append(" · ".join(header))
    if detail.source_name or detail.url:
        lines.append(" · ".join(part for part in (detail.source_name, detail.url) if part))
    if detail.authors:
        lines.append("Authors: " + ", ".join(detail.authors))
    if detail.agencies:
        lines.append(
            "Agencies: "
            + ", ".join(
                f"{link.name}{_short(link.short_name, link.name)} {link.role}"
                for link in detail.agencies
            )
        )
    if detail.people:
        lines.append(
            "People: "
            + "; ".join(
                f"{person.name}{f', {person.title}' if person.title else ''} ({person.role})"
                for person in detail.people
            )
        )
    for image in detail.images:
        credit = f" ({image.credit})" if image.credit else ""
        lines += ["", f"[photo] {image.caption}{credit}"]
    for paragraph in detail.paragraphs:
        lines += ["", paragraph]
    if detail.quotes:
        lines += ["", click.style(f"Quotes ({len(detail.quotes)})", bold=True)]
        for quote in detail.quotes:
            who = quote.speaker or "unattributed"
            if quote.speaker_title:
                who += f", {quote.speaker_title}"
            via = f", via {quote.via}" if quote.via else ""
            lines.append(f"  ¶{quote.paragraph} {who}{via} [{quote.kind}]: “{quote.text}”")
    count = detail.comment_count
    lines += ["", f"Comments: {count}" + (f" (archive comments {detail.id})" if count else "")]
    return "\n".join(lines)


def _short(short_name: str | None, name: str) -> str:
    return f" ({short_name})" if short_name and short_name != name else ""


@click.command("search")
@click.argument("query")
@article_filters
@limit_option(DEFAULT_SEARCH_LIMIT, "hits")
@offset_option
@json_option
@pass_app
def search(
    app: AppContext,
    query: str,
    filters: ArticleFilters,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Full-text search: words, "a phrase", -excluded, OR; best matches first.

    Example: archive search 'Palmyra -"Deir ez-Zor"' --since 2016-01-01
    """
    with app.archive(readonly=True) as archive:
        hits = archive.articles.search(query, filters, limit=limit, offset=offset)
    if as_json:
        emit_json([hit.to_dict() for hit in hits])
        return
    rows = [
        {
            "id": hit.article.id,
            "date": day(hit.article.published_at),
            "slug": hit.article.slug,
            "snippet": hit.snippet,
        }
        for hit in hits
    ]
    emit_table(rows, ("id", "date", "slug", "snippet"))


@click.command("delete")
@click.argument("article", metavar="ID|SLUG")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_app
def delete(app: AppContext, article: str, yes: bool, as_json: bool) -> None:
    """Delete an article with its quotes, images, comments, links and search entry.

    Example: archive delete 17 --yes
    """
    with app.archive() as archive:
        detail = archive.articles.get(article, include_hidden_comments=True)
        parts = {
            "quotes": len(detail.quotes),
            "images": len(detail.images),
            "comments": detail.comment_count,
        }
        what = f"article {detail.id} ({detail.slug})"
        contents = ", ".join(counted(number, name[:-1]) for name, number in parts.items())
        if not yes:
            click.confirm(f"Delete {what} with {contents}?", abort=True, err=True)
        gone = archive.articles.delete(detail.id)
    if as_json:
        emit_json({"deleted": gone.to_dict(), **parts})
    else:
        click.echo(f"deleted {what} with {contents}")
