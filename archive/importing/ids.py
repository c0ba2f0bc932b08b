"""Ids for rows that ask to keep the id they had in another archive.

An imported export names each article's and comment's id. Where that id is free in this
archive the row keeps it, so ids, links that use them and newest-first ties come back
exactly; where it is taken the row gets a fresh id like any new row. Fresh ids always come
after every id kept in the same call, and on PostgreSQL the table's sequence is moved past
the kept ids, so later inserts never collide with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from archive.importing.bulk import is_postgresql, next_ids
from archive.repositories.base import valid_key

# The highest id an import keeps: 2**53 - 1, the largest integer every JSON reader holds
# exactly (ids of real archives are far below it). A hint above it gets a new id, as a taken
# one does: kept, an id near 2**63 moved the sequence to the end of its range (setval
# outlives a rollback), and no later article could get an id.
MAX_KEPT_ID = 2**53 - 1


def keep_or_allocate(session: Session, table: Table, hints: Sequence[int | None]) -> list[int]:
    """One id per row: its hint when the table does not hold it (first asker wins), else new."""
    kept = _free_hints(session, table, hints)
    missing = sum(1 for key in kept if key is None)
    highest_kept = max((key for key in kept if key is not None), default=0)
    fresh: list[int]
    if is_postgresql(session):
        if highest_kept:
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                    "GREATEST(nextval(pg_get_serial_sequence(:table, 'id')), :highest))"
                ),
                {"table": table.name, "highest": highest_kept},
            )
        fresh = next_ids(session, table, missing)
    else:
        # SQLite hands out max(rowid) + 1; the insert follows in this same transaction.
        held = int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)
        start = max(held, highest_kept) + 1
        fresh = list(range(start, start + missing))
    supply = iter(fresh)
    return [key if key is not None else next(supply) for key in kept]


def _keepable(key: int) -> bool:
    return valid_key(key) and key <= MAX_KEPT_ID


def _free_hints(session: Session, table: Table, hints: Sequence[int | None]) -> list[int | None]:
    wanted = sorted({key for key in hints if key is not None and _keepable(key)})
    taken: set[int] = set()
    for start in range(0, len(wanted), 5_000):  # SQLite limits bound parameters
        chunk = wanted[start : start + 5_000]
        taken.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    kept: list[int | None] = []
    for key in hints:
        if key is None or not _keepable(key) or key in taken:
            kept.append(None)
        else:
            taken.add(key)
            kept.append(key)
    return kept
