"""The benchmark runs end to end at a small size, and its corpus is what it claims to be."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from archive.bench.corpus import Corpus
from tests.databases import ScratchDatabase

REQUIRED_KEYS = {
    "backend",
    "articles",
    "import_per_s",
    "limit_per_s",
    "ratio_to_limit",
    "naive_per_s",
    "speedup_vs_naive",
    "text_import_per_s",
    "text_ratio_to_limit",
    "search_p50_ms",
    "search_p95_ms",
    "show_p50_ms",
    "peak_rss_mb",
}


def test_the_corpus_is_deterministic_and_its_quotes_point_into_the_body() -> None:
    first, again = Corpus(seed=5), Corpus(seed=5)
    assert [first.article(i) for i in (0, 41, 999)] == [again.article(i) for i in (0, 41, 999)]
    assert Corpus(seed=6).article(41) != first.article(41)
    for index in range(50):
        draft = first.article(index).draft
        assert len(draft.quotes) == 5
        assert 2_500 < len(draft.body) < 4_500
        for quote in draft.quotes:
            assert draft.body[quote.start : quote.end] == quote.text
            assert quote.speaker in {person.name for person in draft.people}
        assert 1 <= len({a.name for a in draft.agencies if a.role == "credit"}) <= 3
        assert all(c.parent is None or c.parent < i for i, c in enumerate(draft.comments))


def test_the_text_form_carries_the_shapes_the_importer_reads() -> None:
    article = Corpus(seed=5).article(3)
    lines = article.text.split("\n\n")
    assert lines[1].startswith("By ")
    assert lines[3].endswith("(AP)")
    assert lines[-1].strip().startswith("(With ")
    assert all(paragraph in article.text for paragraph in article.draft.paragraphs)


@pytest.mark.slow
def test_the_benchmark_runs_at_200_articles(fresh_database: ScratchDatabase) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "archive.bench",
            "--db",
            fresh_database.url_string,
            "--articles",
            "200",
            "--naive-articles",
            "40",
            "--rss-factor",
            "2",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert set(figures) >= REQUIRED_KEYS
    assert figures["backend"] == fresh_database.backend
    assert figures["articles"] == 200
    rows = figures["rows_per_table"]  # the import wrote what the raw limit wrote
    assert rows["articles"] == rows["article_search"] == rows["images"] == 200
    assert rows["quotes"] == 1_000
    for key in ("import_per_s", "limit_per_s", "naive_per_s", "peak_rss_mb", "show_p50_ms"):
        assert figures[key] > 0, key
    assert figures["search_p50_ms"] <= figures["search_p95_ms"]
    assert figures["articles_2x"] == 400
    assert (figures["text_import_per_s"] is None) == bool(figures.get("text_unavailable"))
