"""A private PostgreSQL server for the tests that need password authentication.

The shared test server trusts every local connection, so a wrong password cannot be
produced on it. This one is created with initdb in a temporary folder: TCP connections
need a SCRAM password, the Unix socket (used to set it up) is trusted. It runs as the
`postgres` system user when the tests run as root (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from tests.databases import in_ci


def _bin_dir() -> Path | None:
    try:
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(found) / "initdb").exists():
            return Path(found)
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PrivateServer:
    bin_dir: Path
    folder: Path
    port: int
    as_user: list[str]

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, str(self.bin_dir / tool), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run SQL as the superuser through the trusted socket."""
        self.run(
            "psql", "-h", str(self.folder), "-p", str(self.port), "-U", "postgres",
            "-d", database, "-v", "ON_ERROR_STOP=1", "-c", statement,
        )  # fmt: skip

    def url(self, user: str, password: str, database: str) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        # The server's output goes to a log file: a pipe would stay open as long as it runs.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "psql").exists():
        _cannot("no PostgreSQL server binaries (initdb, pg_ctl) to start a private server")
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _cannot("running as root without runuser: cannot start PostgreSQL")
        as_user = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="archive-pg-"))
    if as_user:
        shutil.chown(folder, "postgres")
    server = PrivateServer(bin_dir, folder, _free_port(), as_user)
    try:
        server.run(
            "initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        server.start()
    except subprocess.CalledProcessError as exc:
        _remove(server)
        _cannot(f"could not start a private PostgreSQL server: {exc.stderr.strip()}")
    try:
        yield server
    finally:
        _remove(server)


def _remove(server: PrivateServer) -> None:
    """Stop the server if it runs (a test may have stopped it already) and delete it."""
    if (server.folder / "data" / "postmaster.pid").exists():
        server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def _cannot(reason: str) -> NoReturn:
    """Skip, with the reason; under CI=true, fail instead (as for the shared server)."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true requires PostgreSQL)", pytrace=False)
    pytest.skip(reason)
