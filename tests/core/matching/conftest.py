"""Fixtures for the matching tests: small cases and the seed case 2019Z15244."""

from __future__ import annotations

import pytest

from kamervragen.core.matching import CaseText
from kamervragen.core.model import Asker, Case, Question
from tests.seeds import merged_seed_case


def make_case(
    text: str,
    askers: list[Asker] | None = None,
    addressees: list[str] | None = None,
    title: str | None = None,
) -> Case:
    """A case whose only question is `text`."""
    return Case(
        "2024Z00001",
        title=title,
        askers=askers or [Asker("Jansen", "VVD")],
        addressees=addressees or ["Minister van Economische Zaken"],
        questions=[Question(1, text)],
    )


def case_text(text: str, **kwargs: object) -> CaseText:
    """The CaseText of `make_case(text, ...)`."""
    return CaseText.from_case(make_case(text, **kwargs))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_case() -> Case:
    """Case 2019Z15244 as the project builds it: both seeds parsed and merged."""
    return merged_seed_case()


@pytest.fixture(scope="session")
def seed_text(seed_case: Case) -> CaseText:
    """The seed case's CaseText."""
    return CaseText.from_case(seed_case)
