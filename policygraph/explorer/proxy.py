"""The SPARQL 1.1 protocol paths (``/query``, ``/update``, ``/store``, ``/sparql``) and Oxigraph's editor page,
forwarded to the ``oxigraph`` process behind the guard.

A federated query or update (``SERVICE``, ``LOAD``: requests to other servers) is refused unless allowed; a request
body is limited to ``MAX_REQUEST_BYTES``; an answer is refused when it is over ``max_response_bytes`` or when
Oxigraph stopped the query at its timeout; a connection refused by an Oxigraph that was just restarted (after a
query over its memory limit) is tried once more on the new process.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import anyio.to_thread

from policygraph.explorer.guard import plain_reply

#: the largest request body accepted (a graph loaded through ``/store`` included)
MAX_REQUEST_BYTES = 256_000_000
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
               "transfer-encoding", "upgrade", "host", "content-length"}
#: what Oxigraph writes into an answer it has begun when its timeout stops the query
_CANCELLED = b"The SPARQL operation has been cancelled"
#: what Oxigraph answers when it cannot start a thread for a query: each query keeps one for the timeout's length,
#: and their stacks count against the memory cap
BUSY = "Resource temporarily unavailable (os error 11)"


def busy_message(timeout: float) -> str:
    """What to say when Oxigraph could not start a query's thread."""
    return (f"the SPARQL server is busy: Oxigraph keeps a thread for each query of the last {timeout:g} s (--timeout) "
            "and cannot start more within its memory limit; ask again in a moment, or start the server with a "
            "shorter --timeout")


@dataclass(frozen=True)
class ProxyPolicy:
    """What the proxy lets through and where it sends it. ``upstream`` is the Oxigraph process
    (``policygraph.graph.serve.OxigraphProcess``: its ``port``, ``ready`` event, ``wait_replaced`` and ``settle``)."""

    upstream: Any
    allow_service: bool = False
    timeout: float = 60.0
    max_response_bytes: int = 64_000_000


class SparqlProxy:
    """An ASGI application forwarding a request to Oxigraph, its path less ``strip`` (the editor's ``/editor``)."""

    def __init__(self, policy: ProxyPolicy, strip: str = ""):
        self.policy, self.strip = policy, strip

    async def __call__(self, scope: dict, receive, send) -> None:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        declared = dict((k.lower(), v) for k, v in headers)
        body = await _read_body(receive, send, declared.get("content-length"))
        if body is None:
            return
        refusal = self._outbound(scope, declared, body)
        if refusal is not None:
            await plain_reply(send, *refusal)
            return
        path = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if self.strip and path.startswith(self.strip):
            path = path[len(self.strip):] or "/"
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + ("?" + query if query else "")
        forwarded = {k: v for k, v in headers if k.lower() not in _HOP_BY_HOP}
        status, response_headers, data = await anyio.to_thread.run_sync(self._forward, scope["method"], target,
                                                                        forwarded, body)
        if response_headers is None:
            await plain_reply(send, status, data)
            return
        await send({"type": "http.response.start", "status": status,
                    "headers": [*((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response_headers),
                                (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else data})

    def _outbound(self, scope: dict, headers: dict[str, str], body: bytes) -> tuple[int, str] | None:
        """A refusal for a federated query or update, unless they are allowed."""
        if self.policy.allow_service:
            return None
        from policygraph.sparql import outbound_keyword

        for text in sparql_texts(scope.get("query_string", b"").decode("latin-1"), headers.get("content-type", ""),
                                 body):
            keyword = outbound_keyword(text)
            if keyword:
                return 403, (f"{keyword} makes the server send requests to other servers (a federated query); "
                             "refused unless the server is started with --allow-service")
        return None

    def _forward(self, method: str, target: str, headers: dict[str, str], body: bytes
                 ) -> tuple[int, list[tuple[str, str]] | None, bytes | str]:
        """(status, headers, body) of Oxigraph's answer, or (status, None, message) of a refusal."""
        policy = self.policy
        policy.upstream.ready.wait(30)
        for attempt in (1, 2):
            port = policy.upstream.port
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=policy.timeout + 5)
            try:
                connection.request(method, target, body=body if body else None, headers=headers)
                response = connection.getresponse()
                data = response.read(policy.max_response_bytes + 1)
                break
            except ConnectionRefusedError as exc:  # nothing was sent: ask the restarted server
                if attempt == 1 and policy.upstream.wait_replaced(port, 30):
                    continue
                return 502, None, f"the SPARQL server did not answer ({exc.strerror or exc})"
            except TimeoutError:
                return 504, None, f"the query was stopped after {policy.timeout:g} s (--timeout)"
            except OSError as exc:
                policy.upstream.settle(port, 5)
                return 502, None, (f"the SPARQL server did not answer ({exc.strerror or exc}); a query over the "
                                   "memory limit stops it, and it is started again")
            finally:
                connection.close()  # an answer cut at the limit stops Oxigraph writing (and evaluating) it
        if _CANCELLED in data[-200:]:  # Oxigraph sent 200 at once, then stopped the query at its timeout
            return 504, None, f"the query was stopped after {policy.timeout:g} s (--timeout)"
        if response.status == 500 and BUSY.encode() in data[:500]:
            return 503, None, busy_message(policy.timeout)
        if len(data) > policy.max_response_bytes:
            return 413, None, (f"the answer is over {policy.max_response_bytes:,} bytes; narrow the query (LIMIT) "
                               "or start the server with a larger --max-response-bytes")
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
        return response.status, kept, data


async def _read_body(receive, send, declared: str | None) -> bytes | None:
    """The request body (None after replying when it is, or says it is, over ``MAX_REQUEST_BYTES``)."""
    refusal = f"request bodies are limited to {MAX_REQUEST_BYTES:,} bytes"
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_REQUEST_BYTES):
        await plain_reply(send, 413, refusal)
        return None
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            await plain_reply(send, 413, refusal)
            return None
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


def sparql_texts(query_string: str, content_type: str, body: bytes) -> list[str]:
    """Every query or update a request carries: in the URL, a form body or a SPARQL body."""
    texts = [v for key in ("query", "update") for v in parse_qs(query_string).get(key, [])]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", "replace"))
        texts += [v for key in ("query", "update") for v in form.get(key, [])]
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return texts
