"""Throwaway service processes for fault tests: a PostgreSQL cluster, a Redis and the ASGI server,
each on a free 127.0.0.1 port, each started, killed and restarted by the test itself.

The shared PostgreSQL and Redis are never touched: other tests (and other people's work on this
machine) use them. Every wait is bounded, and everything started here is stopped at teardown.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, up: bool = True, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.3):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} did not {'open' if up else 'close'} within {timeout} s")


def missing_tools() -> list[str]:
    """What this machine lacks to run the fault tests (an empty list when all is there)."""
    missing = [tool for tool in ("redis-server", "pg_dump", "psql") if shutil.which(tool) is None]
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        missing.append("PostgreSQL server binaries (initdb, pg_ctl)")
    return missing


def _as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root; the Debian package's ``postgres`` user runs it then."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, timeout=60, **kwargs)


class PrivatePostgres:
    """A PostgreSQL cluster of our own, holding a copy of the migrated test database."""

    def __init__(self) -> None:
        assert PG_BIN is not None
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="yv-faults-pg-"))
        self.data = self.directory / "data"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/youthvoice_faults"

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "30", *args])

    def start(self) -> None:
        self._pg_ctl("-l", str(self.directory / "log"), "start")
        wait_for_port(self.port)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "-l", str(self.directory / "log"), "restart")
        wait_for_port(self.port)

    def copy_database(self, source: dict[str, object]) -> None:
        """Copy ``source`` (Django's connection settings of the migrated test database) in here."""
        host, port = str(source.get("HOST") or "127.0.0.1"), str(source.get("PORT") or 5432)
        user = str(source.get("USER") or "postgres")
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-c", "CREATE DATABASE youthvoice_faults"], check=True, capture_output=True, timeout=30)
        dump = subprocess.run(
            ["pg_dump", "-h", host, "-p", port, "-U", user, "--no-owner", "--no-privileges", str(source["NAME"])],
            check=True,
            capture_output=True,
            timeout=60,
        )
        subprocess.run(
            [*psql, "-d", "youthvoice_faults"], input=dump.stdout, check=True, capture_output=True, timeout=60
        )

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=youthvoice_faults") as conn:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class PrivateRedis:
    """A Redis of our own that keeps nothing on disk, so every restart comes back empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def kill(self) -> None:
        """SIGKILL: no goodbye to clients, as when a machine or container dies."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        wait_for_port(self.port, up=False)

    def close(self) -> None:
        if self.process is not None:
            self.kill()


class AppServer:
    """The real ASGI application under uvicorn, in a process of its own, wired to the given services."""

    def __init__(self, *, database_url: str, redis_url: str) -> None:
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="yv-faults-server-", suffix=".log", delete=False)  # noqa: SIM115
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "youthvoice.settings.test",
            "CHANNEL_LAYER_PREFIX": "faults",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", "uvicorn", "youthvoice.asgi:application", "--host", "127.0.0.1",
                   "--port", str(self.port), "--ws", "websockets-sansio", "--log-level", "warning",
                   "--no-access-log"]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.port, timeout=60)
        except TimeoutError:
            self.close()
            raise

    def run_python(self, module: str, *args: str) -> str:
        """Run ``python -m module`` with the server's settings and services; return its stdout."""
        result = subprocess.run(
            [sys.executable, "-m", module, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        if result.returncode:
            raise RuntimeError(f"{module} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)
