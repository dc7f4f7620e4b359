"""Who may drive the questionnaire: only the person who opened its launch link.

A pure ASGI middleware in front of every route:

- the ``Host`` header must name this server on the loopback interface (no DNS rebinding);
- ``/start?token=...`` with the random launch token sets an HttpOnly, SameSite=Strict
  session cookie; every other route needs that cookie;
- a change is a POST, and a POST must come from this origin (``Origin``, or ``Referer``
  when a browser sends no ``Origin``); its CSRF token is checked by the route that reads
  the form (:meth:`Keys.csrf_ok`);
- request bodies are limited to :data:`MAX_BODY` bytes, whether or not they declare
  their length: the body is read, up to the limit, before any route sees it;
- every response carries a strict Content-Security-Policy and is not framed or cached.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 256 * 1024
"""The largest request body accepted, in bytes; larger ones get 413."""

COOKIE = "alliancedocs_session"
"""The name of the session cookie."""

CSP = ("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
"""The Content-Security-Policy of every response."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


@dataclass(frozen=True)
class Keys:
    """The secrets of one questionnaire run: launch token, session id and CSRF token."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def origins(self) -> tuple[str, ...]:
        """Return the origins this server answers as."""
        return (f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}")

    @property
    def hosts(self) -> tuple[str, ...]:
        """Return the Host header values accepted."""
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    @property
    def launch_url(self) -> str:
        """Return the address that opens the questionnaire."""
        return f"http://127.0.0.1:{self.port}/start?token={self.token}"

    def csrf_ok(self, value: object) -> bool:
        """Return whether a posted CSRF token is this run's."""
        return isinstance(value, str) and hmac.compare_digest(value, self.csrf)


class Guard:
    """The ASGI middleware that enforces the rules in this module's docstring."""

    def __init__(self, app: ASGIApp, keys: Keys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request with a plain message, or pass it on with a body limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        secure_send = _with_headers(send)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, text = refusal
            await _plain(secure_send, status, text)
            return
        if scope["path"] == "/start":
            await self._start(scope, secure_send)
            return
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            await _plain(secure_send, 413, "The request is too large.")
            return
        body = await _read_body(receive)
        if body is None:
            await _plain(secure_send, 413, "The request is too large.")
            return
        await self.app(scope, _replay(body, receive), secure_send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host") not in self.keys.hosts:
            return 400, "This server answers only to its own address on this computer."
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            return 405, "Method not allowed."
        if scope["path"] == "/start":
            return None
        if not hmac.compare_digest(_cookie(headers), self.keys.session):
            return 403, ("Open the questionnaire with the link printed in the terminal where "
                         "you started `alliancedocs questionnaire`.")
        if method == "POST" and _origin(headers) not in self.keys.origins:
            return 403, "Changes are accepted only from the questionnaire's own pages."
        return None

    async def _start(self, scope: Scope, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [""])[0]
        if not hmac.compare_digest(token, self.keys.token):
            await _plain(send, 403, "This link is not valid. Use the link printed in the "
                         "terminal where you started `alliancedocs questionnaire`.")
            return
        cookie = (f"{COOKIE}={self.keys.session}; HttpOnly; SameSite=Strict; Path=/")
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", b"/"), (b"set-cookie", cookie.encode()),
            (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


async def _read_body(receive: Receive) -> bytes | None:
    """Return the whole request body, or ``None`` once it passes :data:`MAX_BODY`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive_more: Receive) -> Receive:
    """Give the app the body already read, then the server's own later messages."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await receive_more()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [h for h in SECURITY_HEADERS if h[0] not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])}


def _cookie(headers: dict[str, str]) -> str:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is simply no session
        return ""
    morsel: Any = jar.get(COOKIE)
    return morsel.value if morsel is not None else ""


def _origin(headers: dict[str, str]) -> str:
    origin = headers.get("origin")
    if origin:
        return origin
    referer = urlsplit(headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
