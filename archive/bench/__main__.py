"""`python -m archive.bench`: import and search figures for one database, as ratios to its limit.

Example: python -m archive.bench --db postgresql://postgres@127.0.0.1/test --articles 100000 --json
"""

from __future__ import annotations

import json
import platform
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from archive.bench.corpus import DEFAULT_SEED
from archive.bench.run import run_benchmark
from archive.config import database_url, mask_url
from archive.db.engine import check_connection, create_archive_engine
from archive.errors import ArchiveError

# (key, label, target as text) in the order the table shows them.
_ROWS = (
    ("import_per_s", "bulk import, articles/s", ""),
    ("limit_per_s", "raw limit, articles/s", ""),
    ("ratio_to_limit", "import / limit", ">= 0.7"),
    ("naive_per_s", "naive ORM loop, articles/s", ""),
    ("speedup_vs_naive", "import / naive", ">= 5"),
    ("text_import_per_s", "text files end to end, articles/s", ""),
    ("text_ratio_to_limit", "text import / limit", ">= 0.5"),
    ("search_p50_ms", "ranked search p50, ms", ""),
    ("search_p95_ms", "ranked search p95, ms", "<= 20 at 100k"),
    ("show_p50_ms", "article by slug p50, ms", ""),
    ("peak_rss_mb", "import peak RSS, MB", ""),
    ("rss_growth_mb", "RSS growth N -> 10N, MB", "< 50"),
    ("search_p95_ms_10x", "ranked search p95 at 10N, ms", "<= 50 at 1M"),
    ("fresh_sqlite_seeded_s", "fresh SQLite archive migrated + seeded, s", "< 2"),
)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    metavar="URL",
    envvar="ARCHIVE_DATABASE_URL",
    help="Where to run: scratch archives are made beside this database and removed after.",
)
@click.option("--articles", default=10_000, show_default=True, type=click.IntRange(min=10))
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
@click.option(
    "--naive-articles",
    default=2_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Articles for the naive baseline (it is slow; capped at --articles).",
)
@click.option(
    "--rss-factor",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Also import this many times --articles to see memory growth (1 skips it).",
)
@click.option(
    "--text-articles",
    type=click.IntRange(min=1),
    help="Text files for the end-to-end import (default: --articles).",
)
@click.option("--keep", is_flag=True, help="Keep the loaded archive instead of removing it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def main(
    db: str | None,
    articles: int,
    seed: int,
    naive_articles: int,
    rss_factor: int,
    text_articles: int | None,
    keep: bool,
    as_json: bool,
) -> None:
    """Measure bulk import, search and memory on one database, against its raw limit.

    Example: python -m archive.bench --db sqlite:////tmp/bench.sqlite3 --articles 100000
    """
    url = database_url(db)
    engine = create_archive_engine(url)
    try:
        check_connection(engine)
    finally:
        engine.dispose()

    def progress(message: str) -> None:
        click.echo(f"[{mask_url(url)}] {message}", err=True)

    figures = run_benchmark(
        url,
        articles,
        seed=seed,
        naive_articles=naive_articles,
        rss_factor=rss_factor,
        text_articles=text_articles,
        keep=keep,
        progress=progress,
    )
    figures["machine"] = machine()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        _table(figures)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import os

    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                "",
            )
    except OSError:
        pass
    memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
    }


def _table(figures: dict[str, Any]) -> None:
    table = Table(
        title=f"archive benchmark: {figures['backend']}, {figures['articles']:,} articles"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target")
    for key, label, target in _ROWS:
        value = figures.get(key)
        table.add_row(label, "n/a" if value is None else f"{value:,}", target)
    Console(highlight=False).print(table)
    if figures.get("text_unavailable"):
        click.echo(f"text import not measured: {figures['text_unavailable']}")


if __name__ == "__main__":
    try:
        main(standalone_mode=True)
    except ArchiveError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
