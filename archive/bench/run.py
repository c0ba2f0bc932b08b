"""One benchmark run: every measurement on the same machine, each in its own scratch archive."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL

from archive.bench import limit, naive, reading, text_import
from archive.bench.corpus import Corpus
from archive.bench.scratch import ScratchArchives
from archive.db.engine import create_archive_engine

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


def run_benchmark(
    url: URL,
    articles: int,
    *,
    seed: int,
    naive_articles: int,
    rss_factor: int,
    text_articles: int | None = None,
    keep: bool = False,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    corpus = Corpus(seed)
    figures: dict[str, Any] = {
        "backend": url.get_backend_name(),
        "articles": articles,
        "seed": seed,
    }
    with ScratchArchives(url, keep=keep) as scratch:
        progress(f"limit: writing {articles:,} articles raw")
        target = scratch.new("limit")
        limit_seconds = limit.write_limit(target, corpus, articles)
        limit_rows = table_counts(target)
        scratch.drop(target)
        figures["limit_per_s"] = _rate(articles, limit_seconds)

        progress(f"import: storing {articles:,} drafts through ArticleStore")
        loaded = scratch.new("import")
        imported = import_in_child(loaded, articles, seed)
        figures["import_per_s"] = _rate(articles, imported["seconds"])
        figures["ratio_to_limit"] = _ratio(figures["import_per_s"], figures["limit_per_s"])
        figures["peak_rss_mb"] = round(imported["peak_rss_mb"], 1)
        imported_rows = table_counts(loaded)
        if imported_rows != limit_rows:
            raise RuntimeError(
                f"the import and the limit wrote different rows: {imported_rows} != {limit_rows}"
            )
        figures["rows_per_table"] = imported_rows

        progress("search: 100 ranked queries")
        queries = reading.search_queries(corpus, articles)
        search = reading.measure_search(loaded, queries)
        figures["search_p50_ms"] = search.latency.p50_ms
        figures["search_p95_ms"] = search.latency.p95_ms
        figures["search_ranked_only_p50_ms"] = search.ranked_only.p50_ms
        figures["search_ranked_only_p95_ms"] = search.ranked_only.p95_ms
        figures["search_uses_index"] = search.uses_index
        figures["search_same_order_as_plain"] = search.same_order_as_plain
        figures["search_common_word_matches"] = search.common_word_matches
        progress("show: 100 articles by slug")
        figures["show_p50_ms"] = reading.measure_show(loaded).p50_ms
        if not keep:
            scratch.drop(loaded)

        small = min(articles, naive_articles)
        progress(f"naive: {small:,} articles, ORM add + commit each")
        target = scratch.new("naive")
        naive_seconds = naive.write_naive(target, corpus, small)
        scratch.drop(target)
        figures["naive_articles"] = small
        figures["naive_per_s"] = _rate(small, naive_seconds)
        figures["speedup_vs_naive"] = _ratio(figures["import_per_s"], figures["naive_per_s"])

        texts = min(articles, text_articles or articles)
        progress(f"text: {texts:,} text files through the import pipeline")
        figures["text_articles"] = texts
        figures.update(_text_figures(scratch, corpus, texts, figures["limit_per_s"]))

        if rss_factor > 1:
            bigger = articles * rss_factor
            progress(f"memory: storing {bigger:,} drafts in a child process")
            target = scratch.new("rss")
            imported = import_in_child(target, bigger, seed)
            figures[f"articles_{rss_factor}x"] = bigger
            figures[f"import_per_s_{rss_factor}x"] = _rate(bigger, imported["seconds"])
            figures[f"peak_rss_{rss_factor}x_mb"] = round(imported["peak_rss_mb"], 1)
            figures["rss_growth_mb"] = round(imported["peak_rss_mb"] - figures["peak_rss_mb"], 1)
            progress(f"search at {bigger:,} articles")
            search = reading.measure_search(target, reading.search_queries(corpus, bigger))
            figures[f"search_p50_ms_{rss_factor}x"] = search.latency.p50_ms
            figures[f"search_p95_ms_{rss_factor}x"] = search.latency.p95_ms
            figures[f"search_ranked_only_p95_ms_{rss_factor}x"] = search.ranked_only.p95_ms
            scratch.drop(target)

    figures["fresh_sqlite_seeded_s"] = fresh_sqlite_seconds()
    return figures


def table_counts(url: URL) -> dict[str, int]:
    """Rows in every table the import writes, the search index included."""
    engine = create_archive_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: int(connection.scalar(text(f"SELECT count(*) FROM {table}")) or 0)
                for table in (*limit.COLUMNS, "article_search")
            }
    finally:
        engine.dispose()


def import_in_child(url: URL, articles: int, seed: int) -> dict[str, Any]:
    """Run the import in a child process, so its peak RSS is the import's alone."""
    command = [
        sys.executable,
        "-m",
        "archive.bench.worker",
        url.render_as_string(hide_password=False),
        "0",
        str(articles),
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the import child process failed: {last}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["outcomes"] != {"added": articles}:
        raise RuntimeError(f"the import did not add every article: {result['outcomes']}")
    return result


def _text_figures(
    scratch: ScratchArchives, corpus: Corpus, articles: int, limit_per_s: float
) -> dict[str, Any]:
    missing = text_import.unavailable()
    if missing:
        return {"text_import_per_s": None, "text_ratio_to_limit": None, "text_unavailable": missing}
    with tempfile.TemporaryDirectory(prefix="archive-bench-text-") as tmp:
        corpus.write_text_files(Path(tmp), articles)
        target = scratch.new("text")
        seconds, stored = text_import.import_folder(target, Path(tmp))
        scratch.drop(target)
    rate = _rate(articles, seconds)
    return {
        "text_import_per_s": rate,
        "text_ratio_to_limit": _ratio(rate, limit_per_s),
        "text_articles_stored": stored,
    }


def fresh_sqlite_seconds() -> float:
    """Seconds for a new process to migrate and seed an empty SQLite archive (a cold start)."""
    with tempfile.TemporaryDirectory(prefix="archive-bench-fresh-") as tmp:
        url = f"sqlite:///{tmp}/archive.sqlite3"
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "archive.bench.worker", "seed", url],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - began
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"seeding a fresh archive failed: {last}")
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])["outcomes"]
    if outcomes.get("added", 0) < 1 or outcomes.get("rejected", 0):
        raise RuntimeError(f"seeding a fresh archive did not add the seeds: {outcomes}")
    return round(seconds, 3)


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0
