"""The service files as far as this machine can test them: the systemd unit (checked with
`systemd-analyze` where it exists), the Dockerfile and compose.yaml (read, as no Docker engine
runs here), and the container's HEALTHCHECK command run directly."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage.db import open_db
from kamervragen.storage.sources import record_source
from tests.conftest import ROOT

UNIT = ROOT / "deploy" / "kamervragen.service"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
SANDBOXING = {
    "DynamicUser": "yes",
    "StateDirectory": "kamervragen",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "NoNewPrivileges": "yes",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    "CapabilityBoundingSet": "",
    "SystemCallFilter": "@system-service",
}


def _unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_runs_the_bot_sandboxed() -> None:
    """The unit runs `kamervragen run` with its database in its state directory, as a dynamic
    user, with the sandboxing options; a configuration error (exit 2) is not restarted."""
    unit = _unit_settings()
    for key, value in SANDBOXING.items():
        assert value in unit.get(key, []), key
    assert unit["ExecStart"] == ["/opt/kamervragen/bin/kamervragen run"]
    assert "KAMERVRAGEN_DB=%S/kamervragen/kamervragen.db" in unit["Environment"]
    assert unit["RestartPreventExitStatus"] == ["2"]
    assert unit["KillSignal"] == ["SIGTERM"]


def _verifiable_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this checkout's `kamervragen` (verify checks that
    the program exists)."""
    program = Path(sys.executable).with_name("kamervragen")
    text = UNIT.read_text().replace("/opt/kamervragen/bin/kamervragen", str(program))
    copy = tmp_path / "kamervragen.service"
    copy.write_text(text)
    return copy


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    """`systemd-analyze verify` accepts the unit without a word."""
    result = subprocess.run(
        ["systemd-analyze", "verify", str(_verifiable_unit(tmp_path))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_the_units_exposure_is_low(tmp_path: Path) -> None:
    """`systemd-analyze security --offline` rates the unit's exposure at 2.0 or less ("OK")."""
    result = subprocess.run(
        [
            "systemd-analyze",
            "security",
            "--offline=true",
            "--threshold=20",
            str(_verifiable_unit(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "--offline" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("this systemd-analyze has no --offline (systemd 252 or later needed)")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert re.search(r"Overall exposure level for kamervragen\.service: [01]\.\d OK", result.stdout)


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _final_stage() -> list[tuple[str, str]]:
    steps = _instructions()
    last = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last:]


def test_the_image_is_slim_non_root_with_the_database_on_a_volume() -> None:
    """Every stage is python:3.11-slim; the final one runs as a user of its own with the
    database on the /data volume, a HEALTHCHECK and `kamervragen run`."""
    steps = _instructions()
    assert all(rest.split()[0] == "python:3.11-slim" for word, rest in steps if word == "FROM")
    final = dict(_final_stage())
    user = final["USER"].split(":")[0]
    assert user not in ("root", "0") and user
    assert json.loads(final["VOLUME"]) == ["/data"]
    assert "KAMERVRAGEN_DB=/data/kamervragen.db" in final["ENV"]
    assert "HEALTHCHECK" in final and json.loads(final["CMD"]) == ["kamervragen", "run"]
    assert final["STOPSIGNAL"] == "SIGTERM"


def test_the_image_copies_what_the_package_is_built_from() -> None:
    """Every COPY source exists and is not left out by .dockerignore; together they hold
    pyproject.toml, the README it names and every package folder of the wheel."""
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", ".git", ".env"} <= ignored
    copied = set()
    for word, rest in _instructions():
        if word == "COPY" and not rest.startswith("--from"):
            *sources, _target = shlex.split(rest)
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source.rstrip("/") not in ignored, source
                copied.add(source.rstrip("/"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    folders = set(project["tool"]["setuptools"]["package-dir"].values())
    assert folders | {"pyproject.toml", project["project"]["readme"]} <= copied


def _healthcheck() -> list[str]:
    command = dict(_final_stage())["HEALTHCHECK"]
    return json.loads(command[command.index("CMD") + 3 :].strip())


def _health(db: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KAMERVRAGEN_DB": str(db),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(_healthcheck(), env=env, capture_output=True, text=True, timeout=60)


def test_the_healthcheck_passes_while_the_bot_polls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HEALTHCHECK command, run as the image runs it: 0 with a poll a minute ago (even a
    failed one: the process is alive); 1 with none in the last hour, and 1 without a database
    (which it does not create)."""
    assert _healthcheck() == ["kamervragen", "health"]
    db_path = tmp_path / "k.db"
    monkeypatch.setenv("KAMERVRAGEN_DB", str(db_path))
    assert main(["health"]) == 1 and "no poll recorded" in capsys.readouterr().out
    assert not db_path.exists()

    db = open_db(db_path)
    now = dt.datetime.now(dt.UTC)
    record_source(db, "syncfeed", None, (now - dt.timedelta(hours=1)).isoformat())
    assert main(["health"]) == 1
    assert "unhealthy: the last poll was 36" in capsys.readouterr().out
    assert main(["health", "--max-age", "7200"]) == 0

    record_source(db, "syncfeed", "HTTP 503", (now - dt.timedelta(minutes=1)).isoformat())
    db.close()
    fresh = _health(db_path)  # the image's own command, in a process of its own
    assert fresh.returncode == 0 and fresh.stdout.startswith("ok: the last poll was"), fresh


def test_compose_runs_the_image_with_its_volume_and_env_file() -> None:
    """compose.yaml builds this directory, keeps the database on a named volume at /data,
    reads .env, restarts, stops with SIGTERM and publishes metrics on localhost only."""
    text = COMPOSE.read_text()
    for expected in (
        "build: .",
        "restart: unless-stopped",
        "path: .env",
        "KAMERVRAGEN_DB: /data/kamervragen.db",
        "- kamervragen-data:/data",
        '- "127.0.0.1:9100:9100"',
        "stop_signal: SIGTERM",
        "read_only: true",
        "no-new-privileges:true",
    ):
        assert expected in text, expected
    assert re.search(r"^volumes:\n  kamervragen-data:", text, re.M)
