"""Measure a whole-archive transfer: SQLite -> PostgreSQL with N generated articles.

Builds a scratch SQLite archive (the seed plus N articles from the benchmark's corpus, with
comment threads in every moderation status), transfers it into a new database on the
PostgreSQL server given (the transfer checks the copy and runs `archive verify`'s checks on
it), prints the figures and removes both scratch archives (unless --keep). A measurement to
run by hand, not a test.

Example: .venv/bin/python -m archive.bench.transfer --articles 10000 \
             --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import click
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from archive.bench.corpus import Corpus
from archive.config import mask_url, parse_database_url
from archive.db.engine import create_archive_engine
from archive.importing.draft import ArticleDraft
from archive.importing.store import ArticleStore
from archive.models import COMMENT_STATUSES
from archive.seeding import seed_archive
from archive.transfer import transfer_archive


def with_moderation(index: int, draft: ArticleDraft) -> ArticleDraft:
    comments = tuple(
        dataclasses.replace(
            comment,
            status=COMMENT_STATUSES[(index + number) % len(COMMENT_STATUSES)],
            author_email=f"reader{number}@mail.example" if number % 3 == 0 else None,
        )
        for number, comment in enumerate(draft.comments)
    )
    return dataclasses.replace(draft, comments=comments)


@click.command()
@click.option("--articles", default=10_000, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--postgres",
    default="postgresql://postgres@127.0.0.1:5432/test",
    show_default=True,
    help="A server to create the target database on (it is dropped afterwards).",
)
@click.option("--keep", is_flag=True, help="Keep both scratch archives and print where.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def main(articles: int, postgres: str, keep: bool, as_json: bool) -> None:
    """Build N articles on SQLite, transfer them to PostgreSQL, verify, report."""
    folder = Path(tempfile.mkdtemp(prefix="archive-transfer-"))
    source = create_archive_engine(f"sqlite:///{folder / 'source.sqlite3'}")
    server = parse_database_url(postgres)
    name = f"archive_transfer_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    target = create_archive_engine(server.set(database=name))
    figures: dict[str, Any] = {"articles": articles + 1}
    try:
        began = time.perf_counter()
        seed_archive(source)
        corpus = Corpus()
        with Session(source) as session:
            drafts = (with_moderation(i, corpus.article(i).draft) for i in range(articles))
            stored = sum(1 for r in ArticleStore(session).store_many(drafts) if r.article_id)
            session.commit()
        figures["source_build_s"] = round(time.perf_counter() - began, 2)
        figures["source_articles_stored"] = stored + 1
        figures["source_file_mb"] = round((folder / "source.sqlite3").stat().st_size / 2**20, 1)

        phases: dict[str, float] = {}
        began = time.perf_counter()

        def on_progress(phase: str, done: int, total: int) -> None:
            step = phase.split(" ")[0]  # copy, index, check, verify
            phases.setdefault(f"{step}_began", time.perf_counter())
            if done >= total:
                phases[step] = time.perf_counter() - phases[f"{step}_began"]

        report = transfer_archive(source, target, progress=on_progress)
        figures["transfer_s"] = round(report.seconds, 2)
        for step in ("copy", "index", "check", "verify"):
            figures[f"  {step}_s"] = round(phases.get(step, 0.0), 2)
        figures["transfer_ok"] = report.ok
        figures["rows"] = {check.table: check.target_rows for check in report.tables}
        figures["articles_per_s"] = round((articles + 1) / report.seconds)
        figures["content_hashes_checked"] = report.articles_checked
        assert report.verify is not None
        figures["verify_ok"] = report.verify.ok
        figures["verify_checked"] = report.verify.checked
        figures["verify_problems"] = [str(problem) for problem in report.verify.problems[:10]]
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        figures["source"] = mask_url(source.url)
        figures["target"] = mask_url(target.url)
    finally:
        source.dispose()
        target.dispose()
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()
        admin.dispose()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            click.echo(f"{key:>24}: {value}")
    sys.exit(0 if figures["transfer_ok"] and figures["verify_ok"] else 1)


if __name__ == "__main__":
    main()
