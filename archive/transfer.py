"""Moving a whole archive to another database: every table, row for row, ids included.

SQLite to PostgreSQL when an archive grows, or back, or between two servers. The target's
schema is built by the migrations; every row of every table is copied with its id and
timestamps (in one transaction on the target: a failed transfer leaves nothing behind);
sequences are moved past the copied ids; the search index, which is derived, is rebuilt
from the copied rows. Then the target is read back and compared with what was read from
the source: the number of rows and an order-independent SHA-256 digest of each table, and
every article's content hash recomputed from its body; and `archive verify`'s integrity checks
(foreign keys, hashes, quote offsets, the search index) run on the target.

The source is read inside one snapshot (REPEATABLE READ on PostgreSQL, a read transaction
on SQLite), a batch of rows at a time: an archive of any size moves in bounded memory.
A target that already holds rows is refused unless `replace=True`, which empties it first
(inside the same transaction).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    delete,
    func,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive.config import mask_url
from archive.db.engine import first_line
from archive.db.migrate import current_revision, ensure_migrated, head_revision, is_empty
from archive.db.statistics import refresh_after_import
from archive.errors import ArchiveError
from archive.importing.bulk import write_rows
from archive.importing.resolver import table_of
from archive.models import Article, Base, Comment
from archive.normalize import content_hash
from archive.search import index as search_index
from archive.verify import VerifyReport, verify_archive

DEFAULT_BATCH_SIZE = 2_000
INDEX_BATCH = 1_000
_DIGEST_MODULUS = 2**256

# phase ("copy <table>", "index", "check <table>", "verify"), done, total in the phase
Progress = Callable[[str, int, int], None]


class TransferRefused(ArchiveError):
    """The transfer cannot start: nothing was written."""


class TransferFailed(ArchiveError):
    """The copy failed part way: the target's transaction was rolled back."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_digest: str
    target_digest: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_digest == self.target_digest

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "source_rows": self.source_rows,
            "target_rows": self.target_rows,
            "digest": self.target_digest,
            "ok": self.ok,
        }


@dataclass
class TransferReport:
    source: str  # masked URLs
    target: str
    tables: list[TableCheck] = field(default_factory=list)
    articles_checked: int = 0
    hash_problems: list[str] = field(default_factory=list)
    verify: VerifyReport | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        verified = self.verify is not None and self.verify.ok
        return verified and all(table.ok for table in self.tables) and not self.hash_problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "ok": self.ok,
            "tables": [table.to_dict() for table in self.tables],
            "content_hashes": {
                "articles_checked": self.articles_checked,
                "problems": self.hash_problems,
            },
            "verify": self.verify.to_dict() if self.verify is not None else None,
            "seconds": round(self.seconds, 3),
        }


def transfer_archive(
    source: Engine,
    target: Engine,
    *,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> TransferReport:
    """Copy the archive at `source` into `target` and check the copy; see the module doc."""
    began = time.perf_counter()
    report = TransferReport(mask_url(source.url), mask_url(target.url))
    _check_can_start(source, target, replace=replace)
    ensure_migrated(target)
    tick = progress or (lambda _phase, _done, _total: None)
    with _snapshot(source) as reading:
        counts = {t.name: _count(reading, t) for t in _tables()}
        source_sums = _copy(reading, target, counts, replace, batch_size, tick)
    report.tables, report.articles_checked, report.hash_problems = _check_target(
        target, counts, source_sums, batch_size, tick
    )
    tick("verify", 0, 1)
    with Session(target) as session:
        report.verify = verify_archive(session)
        session.rollback()
    tick("verify", 1, 1)
    report.seconds = time.perf_counter() - began
    return report


# -- before anything is written -------------------------------------------------------------


def _check_can_start(source: Engine, target: Engine, *, replace: bool) -> None:
    if _same_database(source, target):
        raise TransferRefused(f"the target {mask_url(target.url)} is the source archive itself")
    if is_empty(source):
        raise TransferRefused(f"{mask_url(source.url)} holds no archive: nothing to transfer")
    if current_revision(source) != head_revision():
        raise TransferRefused(
            f"the source archive is at revision {current_revision(source)}, not the newest "
            f"({head_revision()}): run `archive db upgrade` on it first"
        )
    held = _rows_held(target)
    if held and not replace:
        raise TransferRefused(
            f"the target {mask_url(target.url)} already holds {held}: a transfer only fills "
            "an empty archive (use --replace to empty it first)"
        )


def _same_database(source: Engine, target: Engine) -> bool:
    if source.url.get_backend_name() != target.url.get_backend_name():
        return False
    if source.url.get_backend_name() == "sqlite":

        def where(engine: Engine) -> str:
            name = engine.url.database or ""
            return name if name in ("", ":memory:") else str(Path(name).expanduser().resolve())

        return where(source) == where(target) and where(source) != ":memory:"
    keys = ("host", "port", "database")
    return all(getattr(source.url, key) == getattr(target.url, key) for key in keys)


def _rows_held(engine: Engine) -> str | None:
    """What the target holds already ("12 articles", "3 agencies"), or None if empty."""
    present = set(inspect(engine).get_table_names())
    articles_first = sorted(_tables(), key=lambda table: table.name != Article.__tablename__)
    with engine.connect() as connection:
        for table in articles_first:
            if table.name in present:
                count = _count(connection, table)
                if count and table.name == Article.__tablename__:
                    return f"{count:,} article{'' if count == 1 else 's'}"
                if count:
                    return f"{count:,} row{'' if count == 1 else 's'} in {table.name}"
    return None


# -- the copy ---------------------------------------------------------------------------------


class _snapshot:
    """A connection to the source inside one consistent, read-only snapshot."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name == "postgresql":
            engine = engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        self.engine = engine

    def __enter__(self) -> Connection:
        self.connection = self.engine.connect()
        self.connection.begin()
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.rollback()
        self.connection.close()


def _copy(
    reading: Connection,
    target: Engine,
    counts: dict[str, int],
    replace: bool,
    batch_size: int,
    tick: Progress,
) -> dict[str, tuple[int, int]]:
    """Copy every table in one target transaction; (rows, digest sum) read per table."""
    sums: dict[str, tuple[int, int]] = {}
    writing = target.execution_options(sqlite_begin="IMMEDIATE")
    table_name = "?"
    try:
        with Session(writing) as session, session.begin():
            if replace:
                _empty(session)
            for table in _tables():
                table_name = table.name
                phase = f"copy {table.name}"
                tick(phase, 0, counts[table.name])
                rows = total = 0
                batches = closing(_batches(reading, _insert_order(table), batch_size))
                with batches as copying:
                    for batch in copying:
                        write_rows(session, table, batch)
                        for row in batch:
                            total = (total + _row_digest(row.values())) % _DIGEST_MODULUS
                        rows += len(batch)
                        tick(phase, rows, counts[table.name])
                sums[table.name] = (rows, total)
            table_name = "the search index"
            _rebuild_index(session, tick)
            if session.get_bind().dialect.name == "postgresql":
                _move_sequences(session)
            table_name = "the planner statistics"
            refresh_after_import(session, sums[Article.__tablename__][0])
    except SQLAlchemyError as exc:
        detail = first_line(getattr(exc, "orig", None) or exc)
        raise TransferFailed(
            f"copying {table_name} failed, nothing was written to the target: {detail}"
        ) from exc
    return sums


def _empty(session: Session) -> None:
    for table in reversed(_tables()):
        session.execute(delete(table))
    session.execute(text("DELETE FROM article_search"))


def _insert_order(table: Table) -> Select[Any]:
    """Rows in an order the target's foreign keys accept: replies after what they answer."""
    if table.name != Comment.__tablename__:
        return select(table).order_by(*table.primary_key.columns)
    comments = table_of(Comment)
    tree = (
        select(comments.c.id, literal(0).label("depth"))
        .where(comments.c.parent_id.is_(None))
        .cte("thread", recursive=True)
    )
    tree = tree.union_all(
        select(comments.c.id, tree.c.depth + 1).join(tree, comments.c.parent_id == tree.c.id)
    )
    return (
        select(comments)
        .join(tree, tree.c.id == comments.c.id)
        .order_by(tree.c.depth, comments.c.id)
    )


def _batches(
    connection: Connection, statement: Select[Any], size: int
) -> Generator[list[dict[str, Any]]]:
    """Rows a batch at a time (a server-side cursor on PostgreSQL), closed however it ends."""
    result = connection.execution_options(stream_results=True, yield_per=size).execute(statement)
    try:
        for partition in result.mappings().partitions(size):
            yield [dict(row) for row in partition]
    finally:
        result.close()


def _rebuild_index(session: Session, tick: Progress) -> None:
    ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    tick("index", 0, len(ids))
    for start in range(0, len(ids), INDEX_BATCH):
        search_index.refresh(session, ids[start : start + INDEX_BATCH])
        tick("index", min(start + INDEX_BATCH, len(ids)), len(ids))


def _move_sequences(session: Session) -> None:
    """Each id sequence after the highest copied id, so new rows get fresh ids."""
    for table in _tables():
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            )
        )


# -- the check --------------------------------------------------------------------------------


def _check_target(
    target: Engine,
    counts: dict[str, int],
    source_sums: dict[str, tuple[int, int]],
    batch_size: int,
    tick: Progress,
) -> tuple[list[TableCheck], int, list[str]]:
    checks: list[TableCheck] = []
    checked = 0
    problems: list[str] = []
    with _snapshot(target) as reading:
        for table in _tables():
            phase = f"check {table.name}"
            rows = total = 0
            tick(phase, 0, counts[table.name])
            statement = select(table).order_by(*table.primary_key.columns)
            with closing(_batches(reading, statement, batch_size)) as checking:
                for batch in checking:
                    for row in batch:
                        total = (total + _row_digest(row.values())) % _DIGEST_MODULUS
                        if table.name == Article.__tablename__:
                            checked += 1
                            if content_hash(row["body"]) != row["content_hash"]:
                                problems.append(
                                    f"article {row['id']}: content hash does not match its body"
                                )
                    rows += len(batch)
                    tick(phase, rows, counts[table.name])
            source_rows, source_total = source_sums[table.name]
            checks.append(
                TableCheck(table.name, source_rows, rows, _hex(source_total), _hex(total))
            )
    return checks, checked, problems


def _row_digest(values: Sequence[Any] | Any) -> int:
    canonical = json.dumps([_canonical(value) for value in values], ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest(), "big")


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def _hex(total: int) -> str:
    return f"{total:064x}"


def _tables() -> list[Table]:
    """Every table of the archive, parents before children (the search index is derived)."""
    return list(Base.metadata.sorted_tables)


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())
