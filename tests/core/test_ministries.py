"""Addressees, however written, map to one ministry; people name ministries by code or name."""

from __future__ import annotations

import pytest

from kamervragen.core.ministries import find_ministry, ministry_code, ministry_of


@pytest.mark.parametrize(
    ("addressee", "code"),
    [
        ("Minister van Buitenlandse Zaken", "BZ"),
        ("minister van BZ", "BZ"),
        ("Minister voor Buitenlandse Handel en Ontwikkelingshulp", "BZ"),
        ("Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", "FIN"),
        ("minister van Binnenlandse Zaken en Koninkrijksrelaties", "BZK"),
        ("Minister van Economische Zaken en Klimaat", "EZ"),
        ("Minister voor Klimaat en Groene Groei", "KGG"),
        ("Minister van Landbouw, Natuur en Voedselkwaliteit", "LVVN"),
        ("Minister voor Medische Zorg", "VWS"),
        ("Minister-President", "AZ"),
        ("Minister van Asiel en Migratie", "AENM"),
        ("Minister van Infrastructuur en Waterstaat", "IENW"),
    ],
)
def test_addressees_map_to_their_ministry(addressee: str, code: str) -> None:
    """Full names, abbreviations and ministers without a ministry of their own."""
    ministry = ministry_of(addressee)
    assert ministry is not None and ministry.code == code


def test_the_first_known_addressee_counts() -> None:
    """A set to two ministers counts for the first one we know; none known gives None."""
    assert ministry_code(["De Koning", "Minister van Defensie", "Minister van Financiën"]) == "DEF"
    assert ministry_code(["De burgemeester van Amsterdam"]) is None


def test_people_name_ministries_by_code_or_name() -> None:
    """'bz', 'Financien', 'buitenlandse zaken' are found; 'D66' is no ministry."""
    assert [find_ministry(t).code for t in ("bz", "Financien", "buitenlandse zaken")] == [  # type: ignore[union-attr]
        "BZ",
        "FIN",
        "BZ",
    ]
    assert find_ministry("D66") is None and find_ministry("  ") is None
