"""The guard every request of ``policygraph serve`` passes (an ASGI middleware around the whole application).

- A request whose Host is not an IP address, ``localhost`` or an allowed name is refused (421): a DNS-rebinding
  page names its own host name.
- A request that can change state (any method but GET, HEAD and OPTIONS) is refused (403) when its ``Origin`` or
  ``Sec-Fetch-Site`` says another site sent it.
- Every answer carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY`` and a content security policy: same-origin resources only, the inline scripts of an
  HTML page allowed by their hashes, ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from collections.abc import Awaitable, Callable

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class Guard:
    """ASGI middleware: the Host and Origin checks and the security headers (see the module docstring)."""

    def __init__(self, app, allowed_hosts: frozenset[str] = frozenset()):
        self.app = app
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = refusal_of(scope, self.allowed_hosts)
        if refusal is not None:
            await plain_reply(send, *refusal)
            return
        await self.app(scope, receive, _SecuredSend(send, scope["method"] == "HEAD"))


def refusal_of(scope: Scope, allowed_hosts: frozenset[str]) -> tuple[int, str] | None:
    """Why a request is refused before it is read (a foreign Host or a cross-site write), or None."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    host = headers.get("host", "")
    if host and not allowed_host(host, allowed_hosts):
        return 421, (f"Host {host[:100]!r} is not this server's (a DNS-rebinding page?); start policygraph "
                     "serve with --allow-host NAME to accept a host name")
    if scope["method"] in SAFE_METHODS:
        return None
    origin = headers.get("origin")
    if origin is not None and origin.lower() != f"http://{host}".lower():
        return 403, f"cross-origin request from {origin[:100]!r} refused"
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return 403, "cross-site request refused"
    return None


def allowed_host(host: str, allowed: frozenset[str]) -> bool:
    """An IP address (no DNS name to rebind), ``localhost`` or an allowed name, with any port."""
    name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    if name.lower() in allowed | {"localhost"}:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def security_headers(page: bytes | None) -> list[tuple[bytes, bytes]]:
    """The headers of every answer; ``page`` is an HTML answer's body, whose inline scripts the policy allows."""
    scripts = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                       for s in _INLINE_SCRIPT.findall(page or b""))
    policy = (f"default-src 'self'; script-src 'self' {scripts}".rstrip() + "; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"), (b"content-security-policy", policy.encode("latin-1"))]


async def plain_reply(send: Send, status: int, message: str) -> None:
    """A plain-text answer with the security headers, closing the connection."""
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
                            *security_headers(None)]})
    await send({"type": "http.response.body", "body": body})


class _SecuredSend:
    """``send`` with the security headers added; an HTML answer is held whole so its inline scripts are hashed."""

    def __init__(self, send: Send, head: bool = False):
        self.send, self.head = send, head
        self.start: dict | None = None
        self.parts: list[bytes] = []

    async def __call__(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OWN]
            content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            if b"html" in content_type:
                self.start = {**message, "headers": headers}
                return
            await self.send({**message, "headers": headers + security_headers(None)})
            return
        if message["type"] == "http.response.body" and self.start is not None:
            self.parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(self.parts)
            headers = self.start["headers"]
            if not self.head:  # a HEAD answer keeps the length its page would have
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
            await self.send({**self.start, "headers": [*headers, *security_headers(page)]})
            await self.send({"type": "http.response.body", "body": page})
            return
        await self.send(message)


_OWN = {name for name, _ in security_headers(None)}
