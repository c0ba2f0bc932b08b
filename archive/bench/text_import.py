"""End-to-end import of text files: the same code path as `archive import`.

The plain-text parser and the import pipeline are separate pieces of the archive; until
both are present the benchmark reports this measurement as unavailable, with the reason.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path

from sqlalchemy.engine import URL

_NEEDED = (
    ("archive.importing.text", "parse_text"),
    ("archive.importing.pipeline", "import_paths"),
)


def unavailable() -> str | None:
    """Why text files cannot be imported yet, or None when they can."""
    for module_name, attribute in _NEEDED:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return f"{module_name} is not part of this archive yet"
        if not hasattr(module, attribute):
            return f"{module_name}.{attribute} is not part of this archive yet"
    return None


def import_folder(url: URL, folder: Path) -> tuple[float, int]:
    """Import every file under folder; (seconds, articles stored)."""
    from archive.db.engine import create_archive_engine
    from archive.importing.pipeline import import_paths

    engine = create_archive_engine(url)
    try:
        began = time.perf_counter()
        report = import_paths(engine, [str(folder)])
        seconds = time.perf_counter() - began
    finally:
        engine.dispose()
    return seconds, report.count("added")
