"""The unit of work: the one place an archive transaction begins and ends.

    with open_archive() as archive:      # $ARCHIVE_DATABASE_URL, else ./archive.sqlite3
        archive.comments.add(article_id, author="Ann", body="Well put.")
    # leaving the block commits; an exception rolls back and propagates

In a notebook, keep it open and end transactions yourself: `archive = open_archive()`, then
`archive.commit()` / `archive.rollback()`, and `archive.close()` when done. Nothing connects
before the first query, so opening is free and importing this module touches no database.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import ORMExecuteState, Session

from archive.config import database_url, replica_urls
from archive.db.engine import connected_engine
from archive.errors import ArchiveClosed, DatabaseUnavailable, InvalidInput
from archive.repositories import (
    AgencyRepository,
    ArticleRepository,
    AuthorRepository,
    CommentRepository,
    PersonRepository,
    QuoteRepository,
)
from archive.repositories.base import Repository

R = TypeVar("R", bound=Repository)


class UnitOfWork:
    """Repositories sharing one session, and that session's transaction.

    Read-only units of work never commit: a flush or a DELETE/UPDATE/INSERT statement raises
    InvalidInput before anything is sent (and the refused change is dropped from the session,
    so reading goes on), leaving rolls back, and on PostgreSQL the transaction itself is
    READ ONLY.
    """

    def __init__(
        self,
        url: URL | Sequence[URL] | None,
        *,
        engine: Engine | None = None,
        readonly: bool = False,
    ) -> None:
        self.readonly = readonly
        # The databases to try, in order: the first that answers is used.
        self._urls: tuple[URL, ...] = (
            () if url is None else (url,) if isinstance(url, URL) else tuple(url)
        )
        self._engine = engine
        self._owns_engine = engine is None
        self._session: Session | None = None
        self._repositories: dict[type[Repository], Repository] = {}
        self._closed = False

    # -- the session, on first use -------------------------------------------------------

    @property
    def session(self) -> Session:
        if self._closed:
            raise ArchiveClosed("this archive was closed: open it again with open_archive()")
        if self._session is None:
            bind: Engine = self._connect()
            if self.readonly and bind.dialect.name == "postgresql":
                bind = bind.execution_options(postgresql_readonly=True)
            self._session = Session(bind=bind, expire_on_commit=False)
            if self.readonly:
                event.listen(self._session, "before_flush", _refuse_flush)
                event.listen(self._session, "do_orm_execute", _refuse_statement)
        return self._session

    def _connect(self) -> Engine:
        if self._engine is None:
            assert self._urls
            failures: list[DatabaseUnavailable] = []
            for url in self._urls:
                try:
                    self._engine = connected_engine(url)
                    break
                except DatabaseUnavailable as exc:
                    failures.append(exc)
            else:
                if len(failures) == 1:
                    raise failures[0]
                raise DatabaseUnavailable("; ".join(str(exc) for exc in failures))
        return self._engine

    @property
    def engine(self) -> Engine:
        """The engine this unit of work talks to (created, and connected, on first use)."""
        self.session  # noqa: B018 - opening the session creates the engine
        assert self._engine is not None
        return self._engine

    # -- repositories ----------------------------------------------------------------------

    @property
    def articles(self) -> ArticleRepository:
        return self._repository(ArticleRepository)

    @property
    def authors(self) -> AuthorRepository:
        return self._repository(AuthorRepository)

    @property
    def agencies(self) -> AgencyRepository:
        return self._repository(AgencyRepository)

    @property
    def people(self) -> PersonRepository:
        return self._repository(PersonRepository)

    @property
    def quotes(self) -> QuoteRepository:
        return self._repository(QuoteRepository)

    @property
    def comments(self) -> CommentRepository:
        return self._repository(CommentRepository)

    def _repository(self, kind: type[R]) -> R:
        session = self.session
        found = self._repositories.get(kind)
        if not isinstance(found, kind):
            found = self._repositories[kind] = kind(session)
        return found

    # -- the transaction -------------------------------------------------------------------

    def commit(self) -> None:
        """Make the changes so far permanent (a read-only archive just ends its transaction)."""
        if self._session is None:
            return
        if self.readonly:
            self._session.rollback()
        else:
            self._session.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()

    def close(self) -> None:
        """Roll back whatever was not committed and release the connection."""
        if self._closed:
            return
        self._closed = True
        if self._session is not None:
            self._session.close()
            self._session = None
        self._repositories.clear()
        if self._owns_engine and self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.close()


def open_archive(
    url: str | None = None, *, engine: Engine | None = None, readonly: bool = False
) -> UnitOfWork:
    """Open the archive at `url` (default: $ARCHIVE_DATABASE_URL, else ./archive.sqlite3).

    Pass `engine` to share one you already have (it is left open at close). With
    readonly=True and $ARCHIVE_REPLICA_URLS set, queries go to one of the replicas, picked
    at random; one that cannot be reached is passed over for the next, and the primary
    serves when none answers. A bad URL fails here; an unreachable database fails on the
    first query.
    """
    if engine is not None:
        return UnitOfWork(None, engine=engine, readonly=readonly)
    primary = database_url(url)
    replicas = replica_urls() if readonly else []
    return UnitOfWork([*random.sample(replicas, len(replicas)), primary], readonly=readonly)


READ_ONLY = "the archive was opened read-only: open it with readonly=False to change it"


def _refuse_flush(session: Session, _context: object, _instances: object) -> None:
    # Left pending, the change would be refused again by every later query's autoflush, and
    # a changed object would read back changed: drop it, as a rollback would.
    for instance in list(session.new) + list(session.deleted):
        session.expunge(instance)
    for instance in list(session.dirty):
        session.expire(instance)
    raise InvalidInput(READ_ONLY)


def _refuse_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise InvalidInput(READ_ONLY)
