"""Whose fault a database error is: the article's (it breaks a constraint, a value does not
fit) or the database's (read-only, full, unreachable, the connection lost). An article at
fault is rejected alone and the import goes on; a database at fault stops the import with
one line, because every article after it would fail the same way."""

from __future__ import annotations

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from archive.db.engine import first_line

# SQLSTATE class 54, "program limit exceeded": a value past what the server can hold, such
# as a text of too many distinct words for one tsvector. The article's size is at fault;
# the next article is not.
_LIMIT_EXCEEDED = "54"


def article_at_fault(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError | DataError):
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_LIMIT_EXCEEDED)


def database_fault(exc: BaseException) -> tuple[str, bool] | None:
    """(the driver's first line, whether the connection was lost) when the database failed
    the import, else None. The store may have caught the first error and failed again on
    the dead connection; the first one says best what happened, so the earliest database
    fault among the causes is the one reported."""
    found: tuple[str, bool] | None = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and not article_at_fault(current):
            found = first_line(current.orig or current), current.connection_invalidated
        current = current.__cause__ or current.__context__
    return found
