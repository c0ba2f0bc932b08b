"""The import pipeline: sources -> decoded text -> drafts -> the store, with a report.

Every input ends as exactly one line of the report: added, updated, unchanged or rejected
with a reason. A rejected input never stops or spoils the others: parsing happens before
any write, and the store makes each article all-or-nothing. Batches are committed as they
are written, so an interrupted import keeps every whole article it finished.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive.db.statistics import refresh_after_import
from archive.errors import DatabaseUnavailable, ImportRejected
from archive.importing.checks import refusal
from archive.importing.decoding import decode
from archive.importing.draft import ArticleDraft
from archive.importing.faults import database_fault
from archive.importing.sources import LineSource, Source, Unreadable, iter_sources
from archive.importing.store import DEFAULT_BATCH_SIZE, ArticleStore, Outcome


class Parser(Protocol):
    """Text -> drafts; an input of many articles may reject some of them and keep the rest."""

    def __call__(
        self, text: str, source: Source, encoding: str
    ) -> Sequence[ArticleDraft | ImportRejected]: ...


def _parse_text(text: str, source: Source, encoding: str) -> list[ArticleDraft]:
    from archive.importing.text import parse_text

    return [parse_text(text, source_key=source.key, encoding=encoding)]


def _parse_json(text: str, source: Source, encoding: str) -> list[ArticleDraft | ImportRejected]:
    from archive.importing.json_import import parse_json_text

    return parse_json_text(text)


def _parse_jsonl(text: str, source: Source, encoding: str) -> list[ArticleDraft | ImportRejected]:
    from archive.importing.json_import import parse_json_lines_text

    return parse_json_lines_text(text)


def _parse_html(text: str, source: Source, encoding: str) -> list[ArticleDraft]:
    from archive.importing.html import parse_html

    return [parse_html(text, source_key=source.key, encoding=encoding)]


def parsers() -> dict[str, Parser]:
    """Format name -> parser (imported lazily: most runs need only one format)."""
    return {"text": _parse_text, "html": _parse_html, "json": _parse_json, "jsonl": _parse_jsonl}


# What may come before a page's <!doctype> or <html>: an XML declaration, and comments such
# as the "<!-- saved from url=… -->" a browser writes at the top of a page it saves.
_BEFORE_MARKUP = re.compile(r"(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)


def sniff_format(text: str) -> str:
    """The format of an input whose name does not say: HTML, JSON (Lines) or plain text."""
    start = _BEFORE_MARKUP.match(text, 0, 64 * 1024)
    head = text[start.end() if start else 0 :][:1000].lower()
    if head.startswith(("<!doctype html", "<html", "<head")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0].strip()
        return "jsonl" if first_line.endswith("}") and "\n{" in text.strip() else "json"
    if head.startswith("["):
        return "json"
    return "text"


@dataclass(frozen=True)
class ItemResult:
    """One line of the report."""

    name: str
    outcome: Outcome
    slug: str | None = None
    article_id: int | None = None
    reason: str | None = None


@dataclass
class ImportReport:
    items: list[ItemResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def rejected(self) -> list[ItemResult]:
        return [item for item in self.items if item.outcome == "rejected"]

    def summary(self) -> dict[str, int]:
        return {o: self.count(o) for o in ("added", "updated", "unchanged", "rejected")}


@dataclass(frozen=True)
class _Parsed:
    name: str
    draft: ArticleDraft


def parse_source(
    source: Source, registry: dict[str, Parser] | None = None
) -> Sequence[ArticleDraft | ImportRejected]:
    """Decode and parse one input; ImportRejected says why it (or one article in it) is not
    an article the archive can store."""
    text, encoding = decode(source.data)
    fmt = source.format_hint or sniff_format(text)
    registry = registry or parsers()
    parser = registry.get(fmt)
    if parser is None:
        raise ImportRejected(f"cannot import {fmt} input: its importer is not installed")
    drafts = parser(text, source, encoding)
    if not drafts:
        raise ImportRejected("no article found in the input")
    return drafts


def parse_sources(
    items: Iterable[Source | LineSource | Unreadable], registry: dict[str, Parser] | None = None
) -> Iterator[_Parsed | ItemResult]:
    """Drafts ready to store, or a rejected line of the report for each failing input."""
    registry = registry or parsers()
    for item in items:
        if isinstance(item, Unreadable):
            yield ItemResult(item.name, "rejected", reason=item.reason)
            continue
        if isinstance(item, LineSource):
            yield from _parse_line_source(item)
            continue
        try:
            drafts = parse_source(item, registry)
        except ImportRejected as exc:
            yield ItemResult(item.name, "rejected", reason=exc.reason)
            continue
        many = len(drafts) > 1
        for number, draft in enumerate(drafts, start=1):
            name = f"{item.name}#{number}" if many else item.name
            if isinstance(draft, ImportRejected):
                yield ItemResult(name, "rejected", reason=draft.reason)
            else:
                yield _Parsed(name, draft)


def _parse_line_source(item: LineSource) -> Iterator[_Parsed | ItemResult]:
    """A JSON Lines input, parsed as it is read: the n-th object reports as `name#n`."""
    from archive.importing.json_import import parse_json_lines

    try:
        with item.open() as stream:
            entries = parse_json_lines(stream, item.max_line_bytes)
            for number, entry in enumerate(entries, start=1):
                name = f"{item.name}#{number}"
                if isinstance(entry, ImportRejected):
                    yield ItemResult(name, "rejected", reason=entry.reason)
                else:
                    yield _Parsed(name, entry)
    except OSError as exc:
        yield ItemResult(item.name, "rejected", reason=exc.strerror or str(exc))


def store_parsed(
    engine: Engine,
    parsed: Iterable[_Parsed | ItemResult],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_item: Callable[[ItemResult], None] | None = None,
) -> ImportReport:
    """Write drafts batch by batch, committing each batch; report every input."""
    report = ImportReport()

    def record(item: ItemResult) -> None:
        report.items.append(item)
        if on_item is not None:
            on_item(item)

    # SQLite: take the write lock when the transaction begins, so two importers queue
    # behind each other instead of failing on a lock upgrade.
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as session:
        store = ArticleStore(session, batch_size=batch_size)
        pending: list[_Parsed] = []

        def flush() -> None:
            if not pending:
                return
            try:
                results = list(store.store_many(p.draft for p in pending))
                session.commit()
            except SQLAlchemyError as exc:
                fault = database_fault(exc)
                if fault is None:
                    raise
                raise DatabaseUnavailable(_interrupted(fault, report, len(pending))) from exc
            for parsed_item, result in zip(pending, results, strict=True):
                record(
                    ItemResult(
                        parsed_item.name,
                        result.outcome,
                        result.slug,
                        result.article_id,
                        result.reason,
                    )
                )
            pending.clear()

        for entry in parsed:
            if isinstance(entry, ItemResult):
                record(entry)
                continue
            problem = refusal(entry.draft)
            if problem is not None:
                record(ItemResult(entry.name, "rejected", reason=problem))
                continue
            pending.append(entry)
            if len(pending) >= batch_size:
                flush()
        flush()
        _refresh_statistics(session, report)
    return report


def _refresh_statistics(session: Session, report: ImportReport) -> None:
    """After the last batch: planner statistics, if the import grew the archive noticeably."""
    try:
        if refresh_after_import(session, report.count("added") + report.count("updated")):
            session.commit()
    except SQLAlchemyError as exc:
        fault = database_fault(exc)
        if fault is None:
            raise
        raise DatabaseUnavailable(
            f"every input was imported, but refreshing the planner statistics failed ({fault[0]});"
            " searches may be slow until the server analyzes the tables"
        ) from exc


def import_paths(
    engine: Engine,
    paths: Sequence[str],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    key_root: Path | None = None,
    max_bytes: int | None = None,
    on_item: Callable[[ItemResult], None] | None = None,
    jobs: int | None = None,
) -> ImportReport:
    """Import files, folders (recursively) or "-" for stdin into the archive.

    jobs: processes that parse while this one writes (default: one per CPU, or
    $ARCHIVE_IMPORT_JOBS); 1 parses here. The report and the archive are the same either way.
    """
    from archive.config import import_jobs
    from archive.importing.parallel import parse_in_workers

    sources = iter_sources(paths, max_bytes=max_bytes, key_root=key_root)
    # Closed here, in this thread, however the import ends: left to the garbage collector, an
    # interrupted import's worker pool was shut down from whichever thread collected it (once
    # the pool's own manager thread, which cannot join itself).
    with closing(parse_in_workers(sources, import_jobs(jobs), ahead=batch_size)) as parsed:
        return store_parsed(engine, parsed, batch_size=batch_size, on_item=on_item)


def _interrupted(fault: tuple[str, bool], report: ImportReport, batch: int) -> str:
    """The one line for an import the database stopped: why, and what it kept."""
    reason, lost = fault
    done = len(report.items) - len(report.rejected)
    kept = f"the {done} input{'s' if done != 1 else ''} before it are in the archive"
    where = f"{kept if done else 'nothing was stored'}; the batch of {batch} being written"
    if lost:
        # Cut off during COMMIT, the server may have kept the batch; a rerun sees either way.
        return (
            f"lost the connection to the database while importing ({reason}): {where} did "
            "not finish; run the same import again to finish"
        )
    return f"the database refused to write ({reason}): {where} was rolled back"
