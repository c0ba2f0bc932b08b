"""Where the archive's settings come from: one function per setting, read at call time."""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from archive.errors import ConfigurationError

DATABASE_URL_ENV = "ARCHIVE_DATABASE_URL"
REPLICA_URLS_ENV = "ARCHIVE_REPLICA_URLS"
IMPORT_JOBS_ENV = "ARCHIVE_IMPORT_JOBS"
DEFAULT_SQLITE_FILE = "archive.sqlite3"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_SQLITE_FILE}"

_SUPPORTED = ("sqlite", "postgresql")


def database_url(explicit: str | None = None) -> URL:
    """The database to use: an explicit URL, else $ARCHIVE_DATABASE_URL, else ./archive.sqlite3."""
    raw = explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    return parse_database_url(raw)


def replica_urls() -> list[URL]:
    """Read replicas for read-only queries, from $ARCHIVE_REPLICA_URLS (comma-separated)."""
    raw = os.environ.get(REPLICA_URLS_ENV, "")
    return [parse_database_url(part.strip()) for part in raw.split(",") if part.strip()]


def import_jobs(explicit: int | None = None) -> int:
    """Processes that parse during an import: an explicit number, else $ARCHIVE_IMPORT_JOBS,
    else one per CPU this process may run on. 1 parses in the importing process itself."""
    if explicit is not None:
        value: int | str = explicit
    else:
        raw = os.environ.get(IMPORT_JOBS_ENV, "").strip()
        if not raw:
            return _usable_cpus()
        value = raw
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise ConfigurationError(
            f"{IMPORT_JOBS_ENV} must be a whole number of processes, 1 or more, not {value!r}"
            if explicit is None
            else f"--jobs must be 1 or more, not {value!r}"
        )
    return jobs


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def parse_database_url(raw: str) -> URL:
    """Parse and normalise a URL; PostgreSQL always goes through psycopg 3."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ConfigurationError(
            f"not a database URL: {_mask_unparsed(raw)!r} (expected e.g. "
            "sqlite:///archive.sqlite3 or postgresql://user@host/dbname)"
        ) from None
    backend = url.get_backend_name()
    if backend not in _SUPPORTED:
        raise ConfigurationError(
            f"unsupported database {backend!r} in {mask_url(url)}: use sqlite or postgresql"
        )
    if backend == "postgresql" and url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return url


def _mask_unparsed(raw: str) -> str:
    """Text that is not a URL, with what would be its password (user:…@) replaced by ***."""
    at = raw.rfind("@")
    start = raw.find("//") + 2 if "//" in raw else 0
    colon = raw.find(":", start, at) if at > start else -1
    return raw if colon == -1 else f"{raw[: colon + 1]}***{raw[at:]}"


def mask_url(url: URL | str) -> str:
    """The URL as text with any password replaced by ***, safe to print or log."""
    if isinstance(url, str):
        try:
            return make_url(url).render_as_string(hide_password=True)
        except (ArgumentError, ValueError):
            return _mask_unparsed(url)
    return url.render_as_string(hide_password=True)
