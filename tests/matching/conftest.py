"""Fixtures for the matching tests: small cases and the seed case 2019Z15244."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamervragen.matching import CaseText
from kamervragen.model import Answer, Asker, Case, Question

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


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
    """Case 2019Z15244 merged by hand: the question page and the answer document as blobs."""
    questions = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    answers = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    return Case(
        "2019Z15244",
        title="Het bericht ‘Berucht Chinees veiligheidsministerie gebruikt Nederlandse software "
        "die emoties leest’",
        askers=[Asker("Sjoerdsma", "D66")],
        addressees=["Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"],
        questions=[Question(1, questions)],
        answers=[Answer((1,), answers)],
    )


@pytest.fixture(scope="session")
def seed_text(seed_case: Case) -> CaseText:
    """The seed case's CaseText."""
    return CaseText.from_case(seed_case)
