"""Shared helpers for the questionnaire tests: a guarded app on a temporary answers file."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from alliancedocs.questionnaire.app import Questionnaire
from alliancedocs.questionnaire.security import Keys

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def client_for(answers: Path, *, signed_in: bool = True) -> tuple[TestClient, Keys]:
    """Return a TestClient for a questionnaire on ``answers``, signed in unless told not."""
    keys = Keys(port=PORT)
    client = TestClient(Questionnaire(answers, keys).app(), base_url=ORIGIN)
    if signed_in:
        response = client.get(f"/start?token={keys.token}", follow_redirects=False)
        assert response.status_code == 303
    return client, keys


def form_state(html: str) -> dict[str, str]:
    """Return the hidden csrf and version fields of a page."""
    found = dict(re.findall(r'name="(csrf|version)" value="([^"]*)"', html))
    assert "csrf" in found, html[:500]
    return found


def post(client: TestClient, url: str, data: dict[str, object], *,
         page: str | None = None, **kwargs: object):
    """POST ``data`` to ``url`` with the csrf and version read from ``page`` (default: url)."""
    html = client.get(page or url.split("#")[0]).text
    body = {**form_state(html), **data}
    headers = {"origin": ORIGIN, **kwargs.pop("headers", {})}  # type: ignore[arg-type]
    return client.post(url, data=body, headers=headers, follow_redirects=False, **kwargs)
