"""Reading inputs: files, folders (recursively) and stdin, decoded to text with a reason
for every one that cannot be an article."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from archive.errors import ImportRejected

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_ENV = "ARCHIVE_MAX_IMPORT_BYTES"
IMPORTABLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson"}
FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def max_import_bytes() -> int:
    """The size limit for one input, from $ARCHIVE_MAX_IMPORT_BYTES (default 20 MiB)."""
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        raise ImportRejected(
            f"{MAX_BYTES_ENV} must be a whole number of bytes, not {raw!r}"
        ) from None
    if value <= 0:
        raise ImportRejected(f"{MAX_BYTES_ENV} must be positive, not {value}")
    return value


@dataclass(frozen=True)
class Source:
    """One input as received: where it came from and its bytes."""

    name: str  # shown to the user: a path, or "<stdin>"
    key: str | None  # identity for updates: a changed file updates its article
    data: bytes
    format_hint: str | None  # from the file name; None means: look at the content


class LineReader(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class LineSource:
    """A JSON Lines input, read a line at a time while it is imported.

    The size limit applies to each line, not to the whole input, so an export of any size
    imports back in bounded memory.
    """

    name: str
    open: Callable[[], AbstractContextManager[LineReader]]
    max_line_bytes: int


@dataclass(frozen=True)
class Unreadable:
    """An input that could not even be read (missing, a folder of nothing, no permission)."""

    name: str
    reason: str


def iter_sources(
    paths: Sequence[str], *, max_bytes: int | None = None, key_root: Path | None = None
) -> Iterator[Source | LineSource | Unreadable]:
    """Every importable input under the given paths, in a stable (sorted) order.

    With key_root, a file's key is its path relative to that folder (machine-independent,
    used for seeds); otherwise it is the resolved absolute path.
    """
    limit = max_bytes if max_bytes is not None else max_import_bytes()
    for raw in paths:
        if raw == "-":
            yield _read_stdin(limit)
            continue
        path = Path(raw)
        try:
            is_folder = path.is_dir()
        except OSError as exc:  # a path inside a folder that cannot be searched
            yield Unreadable(raw, _why(exc))
            continue
        if is_folder:
            found = _folder(path)
            if not found:
                yield Unreadable(raw, "no importable files (.txt, .html, .json, .jsonl) in folder")
            for _, item in sorted(found, key=lambda pair: pair[0]):
                yield item if isinstance(item, Unreadable) else _read_file(item, limit, key_root)
        else:
            yield _read_file(path, limit, key_root)


def _folder(top: Path) -> list[tuple[Path, Path | Unreadable]]:
    """The importable files under a folder, and the folders under it that cannot be read:
    skipped in silence (as Path.rglob does), their files would go missing unreported.
    Hidden files and folders are left out; symbolic links to folders are not followed."""
    found: list[tuple[Path, Path | Unreadable]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else top
        reason = f"{_why(exc)}: nothing in this folder was read"
        found.append((where, Unreadable(str(where), reason)))

    for folder, subfolders, names in os.walk(top, onerror=unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            file = Path(folder, name)
            if name.startswith(".") or file.suffix.lower() not in IMPORTABLE_SUFFIXES:
                continue
            try:
                if file.is_file():
                    found.append((file, file))
            except OSError as exc:
                found.append((file, Unreadable(str(file), _why(exc))))
    return found


def _why(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def _read_file(path: Path, limit: int, key_root: Path | None) -> Source | LineSource | Unreadable:
    name = str(path)
    try:
        if FORMAT_BY_SUFFIX.get(path.suffix.lower()) == "jsonl":
            return _line_file(path, limit)
        status = path.stat()
        if status.st_size > limit:
            return Unreadable(
                name,
                f"file is {status.st_size:,} bytes, over the import limit of "
                f"{limit:,} bytes (set {MAX_BYTES_ENV} to raise it)",
            )
        # A pipe (`archive import <(curl …)`) has no size to check beforehand.
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            return Unreadable(
                name,
                f"file is over the import limit of {limit:,} bytes "
                f"(set {MAX_BYTES_ENV} to raise it)",
            )
    except FileNotFoundError:
        return Unreadable(name, "no such file or folder")
    except IsADirectoryError:
        return Unreadable(name, "is a folder")
    except PermissionError:
        return Unreadable(name, "permission denied")
    except OSError as exc:
        return Unreadable(name, exc.strerror or str(exc))
    if not stat.S_ISREG(status.st_mode):  # a pipe's path names it only while it is open
        return Source(name, None, data, FORMAT_BY_SUFFIX.get(path.suffix.lower()))
    resolved = path.resolve()
    if key_root is not None:
        try:
            key = resolved.relative_to(key_root.resolve()).as_posix()
        except ValueError:
            key = str(resolved)
    else:
        key = str(resolved)
    return Source(name, key, data, FORMAT_BY_SUFFIX.get(path.suffix.lower()))


def _line_file(path: Path, limit: int) -> LineSource:
    """A .jsonl file, opened now (so a missing or unreadable one fails here) and read later."""
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    path.open("rb").close()
    return LineSource(str(path), lambda: path.open("rb"), limit)


def _read_stdin(limit: int) -> Source | LineSource | Unreadable:
    """Standard input; JSON Lines (a first line that is a whole object) is streamed."""
    stream = sys.stdin.buffer
    first = stream.readline(limit + 1)
    head = first.removeprefix(b"\xef\xbb\xbf").strip()
    if head.startswith(b"{") and head.endswith(b"}"):
        return LineSource("<stdin>", lambda: nullcontext(_Peeked(first, stream)), limit)
    data = first + stream.read(limit + 1 - len(first)) if len(first) <= limit else first
    if len(data) > limit:
        return Unreadable(
            "<stdin>",
            f"input is over the import limit of {limit:,} bytes (set {MAX_BYTES_ENV} to raise it)",
        )
    return Source("<stdin>", None, data, None)


class _Peeked:
    """A stream whose first line was already read (to sniff it): that line, then the rest."""

    def __init__(self, first: bytes, rest: LineReader) -> None:
        self._first = first
        self._rest = rest

    def readline(self, size: int = -1, /) -> bytes:
        if self._first:
            cut = len(self._first) if size < 0 else size
            line, self._first = self._first[:cut], self._first[cut:]
            return line
        return self._rest.readline(size)
