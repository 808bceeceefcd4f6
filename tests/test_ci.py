"""CI runs what the README tells a newcomer to run."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    """The command under "Install and run the tests:" is a line of .ci/run, run on two workers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Install and run the tests:\n\n```sh\n(.+)\n```", readme)
    assert match is not None, "the README lost its test command"
    command = match.group(1)
    assert command.startswith("python3 -m venv .venv && ") and command.endswith(" -n 2")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci
