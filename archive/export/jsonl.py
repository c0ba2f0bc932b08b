"""JSON Lines export: one whole article per line, in exactly `archive show --json`'s shape.

Lines are written a batch of articles at a time, so an export of any size runs in bounded
memory. A commenter's e-mail address is never written.
"""

from __future__ import annotations

import json
from typing import TextIO

from archive.repositories import ArticleDetail, ArticleFilters, ArticleRepository

EXPORT_BATCH_SIZE = 100


def article_line(detail: ArticleDetail) -> str:
    """One article as one line of JSON (no trailing newline).

    U+2028 and U+2029 are escaped: they are valid inside JSON strings, but many line readers
    (Python's str.splitlines among them) would split the record there.
    """
    text = json.dumps(detail.to_dict(), ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(
    articles: ArticleRepository,
    out: TextIO,
    filters: ArticleFilters | None = None,
    *,
    include_hidden_comments: bool = False,
    batch_size: int = EXPORT_BATCH_SIZE,
) -> int:
    """Write every article matching `filters` to `out`, newest first; returns how many."""
    written = 0
    for detail in articles.iter_details(
        filters, batch_size=batch_size, include_hidden_comments=include_hidden_comments
    ):
        out.write(article_line(detail))
        out.write("\n")
        written += 1
    return written
