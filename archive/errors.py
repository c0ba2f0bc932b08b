"""Exceptions the data layer raises; only the command line turns them into messages."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class: a problem a user can act on, reported as one line."""


class ConfigurationError(ArchiveError):
    """The database URL or another setting is unusable."""


class DatabaseUnavailable(ArchiveError):
    """The database could not be opened or reached."""


class ArchiveClosed(ArchiveError):
    """A unit of work was used after close()."""


class NotFound(ArchiveError):
    """A looked-up object does not exist."""


class ArticleNotFound(NotFound):
    """No article has that id or slug."""


class CommentNotFound(NotFound):
    """No comment has that id."""


class InvalidInput(ArchiveError):
    """A value given by a caller breaks a rule (length, range, relation)."""


class ImportRejected(ArchiveError):
    """An input is not an article the archive can store; the message says why."""

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)
