"""Seed scripts: load every article under seeds/ through the ordinary import path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from archive.db.migrate import ensure_migrated, project_files
from archive.importing.pipeline import ImportReport, ItemResult, import_paths


def seeds_folder() -> Path:
    return project_files() / "seeds"


def seed_archive(
    engine: Engine,
    folder: Path | None = None,
    *,
    on_item: Callable[[ItemResult], None] | None = None,
) -> tuple[bool, ImportReport]:
    """Migrate the database if needed, then import the seeds; idempotent.

    Returns whether migrations ran, and the import report (added / updated / unchanged /
    rejected per file). Seed files are keyed by their path inside the seeds folder, so a
    changed seed file updates its article rather than adding a second one.
    """
    folder = folder or seeds_folder()
    migrated = ensure_migrated(engine)
    report = import_paths(engine, [str(folder)], key_root=folder.parent, on_item=on_item)
    return migrated, report
