"""Importing HTML pages end to end, on both databases: files in, rows out, through the
ordinary import pipeline, read back through the repositories."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from archive.importing.pipeline import ImportReport, import_paths
from archive.models import Article, ArticleAgency, Comment, Image, Person, Quote
from archive.unit_of_work import open_archive

PAGES = Path(__file__).parent / "data" / "html"
IMPORTED = {
    "lisbon_night_ferries.html",
    "montreal_terrace_fees_cp1252.html",
    "nairobi_court_ruling.html",
    "tag_soup_county_fair.html",
}
REJECTED = {
    "page_not_found.html": "an error page, not an article "
    "(it says “Page not found | The Harbour Courier”)",
    "section_front.html": "no article in the page: headings, lists or links but no paragraphs "
    "of text (0 words); a section front or navigation page?",
    "truncated_download.html": "no article in the page: no main text found",
}


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder of the test pages, as a user would point the importer at one."""
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    return folder


def outcomes(report: ImportReport) -> dict[str, tuple[str, str | None]]:
    return {Path(item.name).name: (item.outcome, item.reason) for item in report.items}


def test_a_folder_of_pages_imports_and_the_pages_without_articles_are_refused(
    fresh_archive: Engine, pages: Path
) -> None:
    report = import_paths(fresh_archive, [str(pages)])

    found = outcomes(report)
    assert {name: found[name][0] for name in IMPORTED} == dict.fromkeys(IMPORTED, "added")
    assert {name: found[name][1] for name in REJECTED} == REJECTED
    assert report.summary() == {"added": 4, "updated": 0, "unchanged": 0, "rejected": 3}

    slugs = {Path(item.name).name: item.slug for item in report.items}
    with open_archive(engine=fresh_archive, readonly=True) as archive:
        assert archive.articles.count() == 4
        lisbon = archive.articles.get(str(slugs["lisbon_night_ferries.html"]))
        nairobi = archive.articles.get(str(slugs["nairobi_court_ruling.html"]))
        rows = {
            row.slug: row
            for row in archive.session.execute(
                select(
                    Article.slug,
                    Article.source_format,
                    Article.source_encoding,
                    Article.raw_text,
                    Article.canonical_url,
                    Article.removed_boilerplate,
                )
            )
        }

    assert lisbon.headline == "Lisbon approves night ferries after months of riverside protests"
    assert lisbon.byline == "By Helen Marsh and Tiago Lopes, Reuters"
    assert lisbon.authors == ("Helen Marsh", "Tiago Lopes")
    assert lisbon.published_at == datetime(2023, 5, 16, 6, 45, tzinfo=UTC)
    assert lisbon.source_name == "The Harbour Courier"
    assert lisbon.dateline == "LISBON"
    assert lisbon.paragraphs[0].startswith("Lisbon’s port authority on Tuesday approved")
    assert "Leave a Reply" not in lisbon.body and "Related stories" not in lisbon.body
    (image,) = lisbon.images
    assert (image.caption, image.credit) == (
        "A commuter ferry crosses the Tagus river towards Cacilhas at dusk on May 15, 2023.",
        "REUTERS/Pedro Nunes",
    )
    assert {(a.name, a.role) for a in lisbon.agencies} == {
        ("Reuters", "credit"),
        ("Reuters", "photo"),
        ("Lusa", "source"),
    }
    for quote in lisbon.quotes:
        assert lisbon.body[quote.start : quote.end] == quote.text
    assert (
        "Marta Coelho",
        "We listened to the people who live along the river, and we heard them,",
    ) in {(q.speaker, q.text) for q in lisbon.quotes}

    # Comments are stored approved, with their dates, and threaded.
    first, second = lisbon.comments
    assert (first.author, first.status, first.posted_at) == (
        "Rui Almada",
        "approved",
        datetime(2023, 5, 16, 8, 12, 44, tzinfo=UTC),
    )
    assert first.body.endswith("Lets see if they keep it going past the summer.")
    (reply,) = first.replies
    assert (reply.author, reply.parent_id, reply.posted_at) == (
        "Sofia M.",
        first.id,
        datetime(2023, 5, 16, 9, 3, 5, tzinfo=UTC),
    )
    assert (second.author, second.replies) == ("harbourwatcher", ())
    assert [(c.author, c.status) for node in nairobi.comments for c in node.walk()] == [
        ("Wanjiku K", "approved"),
        ("Otieno", "approved"),
        ("Halima", "approved"),
    ]

    lisbon_row = rows[lisbon.slug]
    assert lisbon_row.source_format == "html"
    assert lisbon_row.source_encoding == "utf-8"
    assert lisbon_row.raw_text == (pages / "lisbon_night_ferries.html").read_text("utf-8")
    assert lisbon_row.canonical_url == (
        "https://www.harbourcourier.example/world/2023/05/16/lisbon-night-ferries"
    )
    montreal_row = rows[str(slugs["montreal_terrace_fees_cp1252.html"])]
    assert montreal_row.source_encoding == "cp1252"
    assert montreal_row.raw_text == (
        pages / "montreal_terrace_fees_cp1252.html"
    ).read_bytes().decode("cp1252")
    assert any("J. Mutua" in line for line in rows[nairobi.slug].removed_boilerplate)


def test_importing_the_same_pages_twice_leaves_the_same_archive(
    fresh_archive: Engine, pages: Path
) -> None:
    first = import_paths(fresh_archive, [str(pages)])
    before = snapshot(fresh_archive)
    second = import_paths(fresh_archive, [str(pages)])

    assert first.summary() == {"added": 4, "updated": 0, "unchanged": 0, "rejected": 3}
    assert second.summary() == {"added": 0, "updated": 0, "unchanged": 4, "rejected": 3}
    assert {name: reason for name, (_, reason) in outcomes(second).items() if name in REJECTED} == (
        REJECTED
    )
    assert snapshot(fresh_archive) == before


def test_a_changed_page_updates_its_article_and_keeps_its_comments(
    fresh_archive: Engine, pages: Path
) -> None:
    import_paths(fresh_archive, [str(pages)])
    page = pages / "lisbon_night_ferries.html"
    page.write_text(
        page.read_text("utf-8").replace("hire 60 additional sailors", "hire 64 additional sailors"),
        "utf-8",
    )
    report = import_paths(fresh_archive, [str(page)])

    assert report.summary() == {"added": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    with open_archive(engine=fresh_archive, readonly=True) as archive:
        article = archive.articles.get(str(report.items[0].slug))
        assert "hire 64 additional sailors" in article.body
        assert archive.comments.count(article.id) == 3
        assert archive.session.scalar(select(func.count()).select_from(Comment)) == 6


def snapshot(fresh_archive: Engine) -> dict[str, Any]:
    """Every article as the archive shows it, and how many rows each table holds."""
    with open_archive(engine=fresh_archive, readonly=True) as archive:
        slugs = sorted(archive.session.scalars(select(Article.slug)))
        articles = [archive.articles.get(slug).to_dict() for slug in slugs]
        counts = {
            model.__tablename__: archive.session.scalar(select(func.count()).select_from(model))
            for model in (Article, Quote, Image, Comment, Person, ArticleAgency)
        }
        updated = sorted(str(t) for t in archive.session.scalars(select(Article.updated_at)))
    return {"articles": articles, "counts": counts, "updated": updated}


SAVED_FROM = (
    "<!-- saved from url=(0070)https://www.harbourcourier.example/world/2023/05/16/lisbon -->\n"
)


@pytest.mark.parametrize(
    "prefix",
    [SAVED_FROM, '<?xml version="1.0" encoding="utf-8"?>\n', "\n<!-- cached 2023-05-16 -->\n"],
)
def test_a_page_with_no_suffix_to_go_by_is_read_as_html_after_a_leading_comment(
    fresh_archive: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    """A page saved by a browser starts with a '<!-- saved from url=… -->' comment. On
    standard input, or under a name that does not say HTML, such a page whose <head> ran past
    the first 1,000 characters was stored as plain text: its markup as the body, no headline."""
    data = (prefix + (PAGES / "lisbon_night_ferries.html").read_text(encoding="utf-8")).encode()
    assert data.find(b"<body") > 1000
    named = tmp_path / "lisbon.php"
    named.write_bytes(data)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    report = import_paths(fresh_archive, ["-", str(named)])
    assert [item.outcome for item in report.items] == ["added", "unchanged"]
    with open_archive(engine=fresh_archive, readonly=True) as archive:
        article = archive.articles.get(str(report.items[0].slug))
        assert article is not None
        assert (
            article.headline == "Lisbon approves night ferries after months of riverside protests"
        )
        assert "<" not in article.body
