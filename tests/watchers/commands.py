"""The `kamervragen` commands the watcher tests run against the fakes, with their output."""

from __future__ import annotations

import json

import pytest

from kamervragen.cli import main
from tests.watchers import scenario


def poll(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `kamervragen poll --once`; its exit code and summary."""
    code = main(["poll", "--once"])
    return code, capsys.readouterr().out


def events(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    """`kamervragen events --json`."""
    assert main(["events", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def case_json(capsys: pytest.CaptureFixture[str]) -> dict:
    """`kamervragen case 2024Z21590 --json`."""
    assert main(["case", scenario.ZAAK, "--json"]) == 0
    return json.loads(capsys.readouterr().out)
