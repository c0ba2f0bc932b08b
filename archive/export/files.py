"""Writing an export file so that a reader never sees half of it."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 file that appears at `path` only once everything was written.

    The text goes to a temporary file beside it, renamed over `path` at the end; if writing
    fails, `path` is left as it was and the temporary file is removed. The file gets the mode
    it had, or the one the umask gives a new file. A symbolic link is followed (the file it
    points to is replaced, the link stays); a pipe, terminal or device (`/dev/stdout`) is
    written into as it is: renaming over it would put a regular file where it was.
    """
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            yield out
        return
    path = path.resolve() if path.is_symlink() else path
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, f"cannot write {path}: {exc.strerror}", str(folder)) from exc
    try:
        os.chmod(temporary, _mode_for(path))  # mkstemp makes it 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions `path` has now, or those `open()` would give a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
