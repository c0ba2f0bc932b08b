"""The archive's own JSON Lines export: one whole article record per line, newest first.

Each line is `archive show --json`'s object plus what restoring the article needs (see
archive.export.records and the JSON Schema archive/data/article.schema.json), so `archive
import` of the file rebuilds the archive exactly. Every comment is written with its status;
a commenter's e-mail address only with include_private=True. Lines are written a batch of
articles at a time, so an export of any size runs in bounded memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from sqlalchemy.orm import Session

from archive.export.records import DEFAULT_BATCH_SIZE, iter_records
from archive.repositories import ArticleFilters

EXPORT_BATCH_SIZE = DEFAULT_BATCH_SIZE
# Line breaks for str.splitlines that JSON leaves unescaped (it escapes those below U+0020).
_LINE_BREAKS_JSON_KEEPS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def write_jsonl(
    session: Session,
    out: TextIO,
    filters: ArticleFilters | None = None,
    *,
    include_private: bool = False,
    batch_size: int = EXPORT_BATCH_SIZE,
) -> int:
    """Write every article matching `filters` to `out`, newest first; returns how many."""
    records = iter_records(session, filters, include_private=include_private, batch_size=batch_size)
    return write_json_lines((record.to_dict() for record in records), out)


def write_json_lines(objects: Iterable[Any], out: TextIO) -> int:
    """Each object on its own line; returns how many."""
    written = 0
    for data in objects:
        out.write(article_line(data))
        out.write("\n")
        written += 1
    return written


def article_line(data: Any) -> str:
    """One JSON value on one line (no newline at the end), the same bytes on every run.

    Text stays readable (no \\u escapes) except NEL, U+2028 and U+2029: valid inside JSON
    strings, but line readers such as Python's str.splitlines would break the line there.
    """
    text = json.dumps(data, ensure_ascii=False)
    for character, escaped in _LINE_BREAKS_JSON_KEEPS:  # str.replace: fast, unlike translate
        if character in text:
            text = text.replace(character, escaped)
    return text
