"""Build hook: a wheel carries migrations/, seeds/ and alembic.ini inside the package.

They live at the top of the checkout (the design card fixes the layout); an installed
archive finds them as archive/_project/ instead (see archive.db.migrate.project_files).
Everything else about the build is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CARRIED = ("alembic.ini", "migrations", "seeds")


class BuildWithProjectFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        target = Path(self.build_lib) / "archive" / "_project"
        shutil.rmtree(target, ignore_errors=True)  # nothing left from an earlier build
        for name in CARRIED:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    target / name,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithProjectFiles})
