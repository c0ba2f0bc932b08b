"""An installed archive (a wheel, not a checkout) migrates and seeds from the copies it carries.

The design card keeps migrations/, seeds/ and alembic.ini at the top of the checkout; a
wheel installed by pip or pipx has no checkout beside it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.databases import ScratchDatabase

CARRIED_TOP = ["alembic.ini", "migrations", "seeds"]
CARRIED = [
    "alembic.ini",
    "migrations/env.py",
    "migrations/script.py.mako",
    *(f"migrations/versions/{p.name}" for p in (PROJECT_ROOT / "migrations/versions").glob("*.py")),
    *(f"seeds/{p.name}" for p in (PROJECT_ROOT / "seeds").iterdir() if p.is_file()),
]

SOURCE = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", *CARRIED_TOP, "archive"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")

# Runs the command line from the unpacked wheel, wherever the checkout is.
RUN_INSTALLED = """
import sys
sys.path.insert(0, sys.argv[1])
import archive
assert archive.__file__.startswith(sys.argv[1]), archive.__file__
from archive.cli.main import main
sys.argv = ["archive", *sys.argv[2:]]
sys.exit(main())
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from this checkout, unpacked as pip would install it."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"  # what an sdist holds: no build/ left from earlier builds
    source.mkdir()
    for name in SOURCE:
        if (PROJECT_ROOT / name).is_dir():
            shutil.copytree(PROJECT_ROOT / name, source / name, ignore=IGNORED)
        else:
            shutil.copy2(PROJECT_ROOT / name, source / name)
    build = ["wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(folder)]
    subprocess.run(
        [sys.executable, "-m", "pip", *build, str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("archive-*.whl")
    site = folder / "site-packages"
    with zipfile.ZipFile(wheel) as unpacked:
        names = set(unpacked.namelist())
        missing = [name for name in CARRIED if f"archive/_project/{name}" not in names]
        assert not missing, missing
        unpacked.extractall(site)
    return site


def archive_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_INSTALLED, str(site), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_an_installed_archive_migrates_and_seeds_without_a_checkout(
    installed: Path, fresh_database: ScratchDatabase, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    url = fresh_database.url_string
    first = archive_installed(installed, "--db", url, "seed", cwd=elsewhere)
    assert first.returncode == 0, first.stderr
    assert "migrated the schema to" in first.stdout
    assert "seeded: 1 added, 0 updated, 0 left alone, 0 rejected" in first.stdout
    again = archive_installed(installed, "--db", url, "seed", cwd=elsewhere)
    assert "seeded: 0 added, 0 updated, 1 left alone, 0 rejected" in again.stdout
    found = archive_installed(installed, "--db", url, "search", "Palmyra", cwd=elsewhere)
    assert found.returncode == 0 and "**Palmyra**" in found.stdout


def test_without_its_migrations_the_archive_says_so_in_one_line(
    installed: Path, tmp_path: Path
) -> None:
    for carried in (installed / "archive" / "_project").iterdir():
        carried.rename(tmp_path / carried.name)  # a damaged install
    try:
        broken = archive_installed(
            installed, "--db", f"sqlite:///{tmp_path / 'a.sqlite3'}", "db", "upgrade", cwd=tmp_path
        )
    finally:
        for name in ("alembic.ini", "migrations", "seeds"):
            (tmp_path / name).rename(installed / "archive" / "_project" / name)
    assert broken.returncode == 1
    assert broken.stderr.startswith("Error: the archive's migrations are missing")
    assert "Traceback" not in broken.stderr and len(broken.stderr.splitlines()) == 1
