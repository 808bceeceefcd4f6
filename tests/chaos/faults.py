"""Fault injectors for real `kamervragen` processes: a concurrent writer, a read-only database or
file system, a full disk, and running a command while watching its memory.

Each works at the operating system's level, on the real SQLite file, never by patching our code:

    with concurrent_writer(db_path):         # another process: 20 ms write transactions
        ...
    run_cli(["--db", db, "status"], env, preexec=read_only_access())   # root obeys file modes
    run_cli([... "ingest", ...], env, preexec=file_size_limit(64 * 1024))  # "disk full"
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
Preexec = Callable[[], None]


@dataclass
class Finished:
    """A finished command: exit code, output, and its own peak memory."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_cli(
    args: Sequence[str],
    env: dict[str, str],
    *,
    preexec: Preexec | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 60,
) -> Finished:
    """`python -m kamervragen.cli ARGS` to its end, with its own peak memory: the highest
    VmHWM of the process itself read while it ran (os.wait4's figure adds the children it
    waited for, which a process that starts workers may have), else wait4's."""
    command = [*prefix, sys.executable, "-m", "kamervragen.cli", *args]
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=err, preexec_fn=preexec
        )
        high_water = 0.0
        while True:
            high_water = max(high_water, _vm_hwm_mb(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                raise AssertionError(f"{list(args)} still running after {timeout} s")
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Finished(
            process.returncode,
            out.read(),
            err.read(),
            time.monotonic() - started,
            high_water or usage.ru_maxrss / 1024,
        )


def _vm_hwm_mb(pid: int) -> float:
    """The process's own peak resident memory so far (MB), 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def read_only_access() -> Preexec | None:
    """For a process run as root: give up the capabilities that let root write to files and
    folders it has no write permission on, so `chmod a-w` binds it as it binds anyone."""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    return drop


def make_read_only(*paths: Path) -> None:
    """Take write permission away from files and folders (`chmod a-w`)."""
    for path in paths:
        path.chmod(path.stat().st_mode & ~0o222)


def make_writable(*paths: Path) -> None:
    """Give the owner write permission back."""
    for path in paths:
        path.chmod(path.stat().st_mode | 0o200)


def read_only_mount(folder: Path) -> list[str] | None:
    """A command prefix that runs the command with `folder` mounted read-only (a real EROFS, in
    a private mount namespace), or None where this system does not allow it."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None:
        return None
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    prefix = [unshare, "-m", "sh", "-c", script, str(folder)]
    probe = subprocess.run(
        [*prefix, "sh", "-c", f'! touch "{folder}/.probe"'],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return prefix if probe.returncode == 0 else None


def file_size_limit(limit: int) -> Preexec:
    """A disk that is full past `limit` bytes: no file of the process grows beyond it
    (RLIMIT_FSIZE; Python ignores SIGXFSZ, so a write past it fails with EFBIG)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


_WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
    connection.execute("CREATE TABLE IF NOT EXISTS chaos_writer (at REAL, filler TEXT)")
    print("ready", flush=True)
    while True:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO chaos_writer VALUES (?, ?)", (time.time(), "x" * 512))
        time.sleep(0.02)  # holds the write lock for 20 ms, then lets go for 10 ms
        connection.execute("COMMIT")
        time.sleep(0.01)
    """
)


@dataclass
class Writer:
    """The concurrent writer's process, and how to count what it committed."""

    database: Path
    process: subprocess.Popen[str]

    def transactions(self) -> int:
        """How many transactions the writer committed so far."""
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            return int(connection.execute("SELECT count(*) FROM chaos_writer").fetchone()[0])
        finally:
            connection.close()


@contextlib.contextmanager
def concurrent_writer(database: Path) -> Iterator[Writer]:
    """Another process writing to the database in 20 ms transactions, 10 ms apart."""
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield Writer(database, process)
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
