"""The process's secrets are found in any letter case and any URL encoding, and masked."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest

from kamervragen.core.secrets import MASK, Secrets

TOKEN = "123456:AAbbCC-dd_EE99ff"


@pytest.fixture
def secrets() -> Secrets:
    """A set holding the token and a webhook secret with a space in it."""
    found = Secrets()
    found.add(TOKEN)
    found.add("open sesame 42")
    return found


@pytest.mark.parametrize(
    "text",
    [
        f"/bot{TOKEN}/getMe",
        f"/bot{TOKEN.lower()}/getme",
        f"/bot{TOKEN.upper()}/GETME",
        f"/bot{quote(TOKEN, safe='')}/getMe",
        f"/bot{quote(TOKEN, safe='').lower()}/getMe",
        "token=AAbbCC-dd_EE99ff&x=1",
        f"secret={quote_plus('open sesame 42')}",
        "secret=OPEN%20SESAME%2042",
    ],
)
def test_every_form_is_masked(secrets: Secrets, text: str) -> None:
    """Exact, lower, upper, URL-encoded (either hex case), the token's part after the colon
    alone, and a secret's form-encoded spaces: all masked."""
    redacted = secrets.redact(text)
    assert MASK in redacted
    assert not secrets.found_in(redacted)
    assert "aabbcc" not in redacted.lower() and "sesame" not in redacted.lower()


def test_the_longest_form_wins_and_other_text_stays(secrets: Secrets) -> None:
    """The whole token is masked as one (not its id left dangling); the rest is untouched."""
    assert secrets.redact(f"GET /bot{TOKEN}/x ok") == "GET /bot<token>/x ok"
    assert secrets.redact("nothing to hide: 123456") == "nothing to hide: 123456"


def test_no_secrets_and_empty_secrets_change_nothing() -> None:
    """An empty set (and adding None or "") leaves text as it is."""
    empty = Secrets()
    empty.add(None)
    empty.add("")
    assert not empty
    assert empty.redact(f"/bot{TOKEN}/x") == f"/bot{TOKEN}/x"
    assert not empty.found_in(TOKEN)
