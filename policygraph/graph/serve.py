"""``policygraph serve``: the Oxigraph SPARQL server (with its query web page) over an embedded store, behind a
guard.

Oxigraph listens on a private loopback port; requests reach it through a small proxy on the address asked for,
which
- answers only requests whose Host is an IP address, ``localhost`` or a name allowed with ``allowed_hosts`` (a
  DNS-rebinding page names its own host name), and refuses a request that can change state (any method but
  GET, HEAD and OPTIONS) when its ``Origin`` or ``Sec-Fetch-Site`` says another site sent it;
- refuses federated queries and updates (``SERVICE``, ``LOAD``: requests to other servers) unless
  ``allow_service``;
- stops a query after ``timeout`` seconds (Oxigraph's own timeout, and the proxy's) and refuses an answer
  larger than ``max_response_bytes``; Oxigraph's memory is capped (``memory``), and a query that needs more
  ends that process, which is started again (``_Upstream``);
- sends ``X-Content-Type-Options: nosniff``, a content security policy (same-origin resources only, the page's
  inline scripts by hash, ``frame-ancestors 'none'``) and ``Referrer-Policy: no-referrer``.
While it runs, the store directory holds the serve lock (``policygraph.graph.stores.lock``), so ``build`` and
every other embedded open refuse the directory instead of changing it under the server.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from policygraph.config import Settings
from policygraph.errors import StoreError
from policygraph.graph.stores.lock import hold_serve_lock, release_serve_lock

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RESPONSE_BYTES = 64_000_000
#: the largest request body accepted (a graph loaded through ``/store`` included)
MAX_REQUEST_BYTES = 256_000_000
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
               "transfer-encoding", "upgrade", "host", "content-length"}
#: what Oxigraph writes into an answer it has begun when its timeout stops the query
_CANCELLED = b"The SPARQL operation has been cancelled"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def find_oxigraph() -> str:
    """The ``oxigraph`` program: next to the running Python first (the venv), then on PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    if local.is_file():
        return str(local)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server program was not found; install it with `pip install oxigraph`")
    return found


def serve_command(store_dir: str | Path, port: int = 7878, bind: str = "127.0.0.1",
                  allow_update: bool = False, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """The ``oxigraph`` command line: read-only unless updates are allowed; union default graph always; queries
    stopped after ``timeout`` seconds (whole seconds, at least one)."""
    mode = "serve" if allow_update else "serve-read-only"
    return [find_oxigraph(), mode, "--location", str(store_dir), "--bind", f"{_host(bind)}:{port}",
            "--union-default-graph", "--timeout-s", str(max(1, round(timeout)))]


@dataclass(frozen=True)
class GuardPolicy:
    """What the proxy lets through (see the module docstring)."""

    upstream: _Upstream
    allow_service: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    allowed_hosts: frozenset[str] = frozenset()


def serve(store_dir: str | Path, port: int = 7878, bind: str = "127.0.0.1", allow_update: bool = False,
          allow_service: bool = False, timeout: float = DEFAULT_TIMEOUT,
          max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES, allowed_hosts: tuple[str, ...] = (),
          memory: int = Settings.query_memory) -> int:
    """Run the guarded server until Ctrl-C or SIGTERM (or until Oxigraph exits); Oxigraph's exit code, 0 after
    Ctrl-C or SIGTERM, which stop the ``oxigraph`` process too. Oxigraph may use ``memory`` bytes of data."""
    store_dir = Path(store_dir)
    if not allow_update and not (store_dir / "CURRENT").is_file():
        raise StoreError(f"no Oxigraph store at {store_dir}; build one first "
                         "(or allow updates to start an empty one)")
    warning = bind_warning(bind, allow_update)
    if warning:
        print(f"policygraph: warning: {warning}", file=sys.stderr)
    url = f"http://{_host(bind)}:{port}"
    lock = hold_serve_lock(store_dir, url)
    restore = _interrupt_on_sigterm()
    upstream = _Upstream(lambda internal: serve_command(store_dir, internal, "127.0.0.1", allow_update, timeout),
                         memory)
    guard = None
    try:
        policy = GuardPolicy(upstream, allow_service, timeout, max_response_bytes,
                             frozenset(h.lower() for h in allowed_hosts))
        guard = _guard_server(bind, port, policy)  # first: a port in use stops here, before Oxigraph starts
        upstream.start()
        mode = "read-write" if allow_update else "read-only"
        print(f"SPARQL endpoint ({mode}): {url}/query  (web page {url}/); Ctrl-C stops", flush=True)
        threading.Thread(target=upstream.supervise, args=(guard,), daemon=True).start()
        guard.serve_forever()
        return upstream.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if guard is not None:
            guard.server_close()
        upstream.stop()
        release_serve_lock(lock)
        restore()


class _Upstream:
    """The ``oxigraph`` process behind the guard, its data segment capped at ``memory`` bytes. A query that needs
    more makes Oxigraph abort (a failed allocation); it is then started again on a new port, and the guard
    answers 502 to the requests it was serving."""

    def __init__(self, command: Callable[[int], list[str]], memory: int):
        self.command, self.memory = command, memory
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.stopping = False
        #: set while Oxigraph answers; requests arriving during a restart wait for it
        self.ready = threading.Event()

    def start(self) -> None:
        self.ready.clear()
        self.port = _free_loopback_port()
        self.process = subprocess.Popen(self.command(self.port), preexec_fn=self._limit_memory)
        _wait_ready(self.port, self.process)
        self.ready.set()

    def wait_replaced(self, port: int, seconds: float) -> bool:
        """Wait until Oxigraph answers on a port other than ``port``: a connection to ``port`` was refused, so
        that process has ended, and the supervising thread is starting another (it may not have seen the end
        yet). False when none answers within ``seconds`` or the server is stopping."""
        deadline = time.monotonic() + seconds
        while self.port == port or not self.ready.is_set():
            if self.stopping or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _limit_memory(self) -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (self.memory, self.memory))

    def supervise(self, guard: ThreadingHTTPServer) -> None:
        """Start Oxigraph again when a signal ended it (an abort); shut the guard down when it exits by itself."""
        while True:
            code = self.process.wait()
            self.ready.clear()
            if self.stopping or code >= 0:
                guard.shutdown()
                return
            print(f"policygraph: warning: the SPARQL server stopped (signal {-code}: a query over the "
                  f"{self.memory / 1e6:,.0f} MB memory limit?); starting it again", file=sys.stderr, flush=True)
            try:
                self.start()
            except StoreError:
                guard.shutdown()
                return

    def stop(self) -> None:
        self.stopping = True
        if self.process is not None:
            _stop(self.process)


def bind_warning(bind: str, allow_update: bool) -> str | None:
    """What to say when the server is reachable beyond this machine (None on a loopback address)."""
    if _is_loopback(bind):
        return None
    if allow_update:
        return (f"serving READ-WRITE on non-loopback address {bind}: anyone who can reach it can change or delete "
                "the data")
    return f"serving on non-loopback address {bind}: anyone who can reach it can read the whole store"


def _guard_server(bind: str, port: int, policy: GuardPolicy) -> ThreadingHTTPServer:
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    server_class = type("GuardServer", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    try:
        server = server_class((bind, port), _Guard)
    except OSError as exc:
        raise StoreError(f"cannot listen on {_host(bind)}:{port}: {exc.strerror or exc}") from None
    server.policy = policy
    return server


class _Guard(BaseHTTPRequestHandler):
    """One request: checked, forwarded to Oxigraph, its answer returned with the security headers."""

    protocol_version = "HTTP/1.1"
    server_version = "policygraph"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        policy: GuardPolicy = self.server.policy
        refusal = self._refusal(policy)
        if refusal is None:
            body = self._body()
            if body is None:
                return
            refusal = self._outbound(body, policy)
        if refusal is not None:
            self._reply(*refusal)
            return
        self._forward(body, policy)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _refusal(self, policy: GuardPolicy) -> tuple[int, str] | None:
        """Why the request is refused before its body is read (a foreign Host or a cross-site write)."""
        host = self.headers.get("Host", "")
        if host and not _allowed_host(host, policy.allowed_hosts):
            return 421, (f"Host {host[:100]!r} is not this server's (a DNS-rebinding page?); start policygraph "
                         "serve with --allow-host NAME to accept a host name")
        if self.command in _SAFE_METHODS:
            return None
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{host}".lower():
            return 403, f"cross-origin request from {origin[:100]!r} refused"
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return 403, "cross-site request refused"
        return None

    def _body(self) -> bytes | None:
        """The request body (None after replying when it cannot be read whole within the limit)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._reply(411, "send the request with a Content-Length")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self._reply(413, f"request bodies are limited to {MAX_REQUEST_BYTES:,} bytes")
            return None
        return self.rfile.read(length)

    def _outbound(self, body: bytes, policy: GuardPolicy) -> tuple[int, str] | None:
        """A refusal for a federated query or update, unless they are allowed."""
        if policy.allow_service:
            return None
        from policygraph.sparql import outbound_keyword

        for text in _sparql_texts(self.path, self.headers.get("Content-Type", ""), body):
            keyword = outbound_keyword(text)
            if keyword:
                return 403, (f"{keyword} makes the server send requests to other servers (a federated query); "
                             "refused unless the server is started with --allow-service")
        return None

    def _forward(self, body: bytes, policy: GuardPolicy) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        policy.upstream.ready.wait(30)
        for attempt in (1, 2):
            port = policy.upstream.port
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=policy.timeout + 5)
            try:
                connection.request(self.command, self.path, body=body if body else None, headers=headers)
                response = connection.getresponse()
                data = response.read(policy.max_response_bytes + 1)
                break
            except ConnectionRefusedError as exc:  # nothing was sent: ask the restarted server
                if attempt == 1 and policy.upstream.wait_replaced(port, 30):
                    continue
                self._reply(502, f"the SPARQL server did not answer ({exc.strerror or exc})")
                return
            except TimeoutError:
                self._reply(504, f"the query was stopped after {policy.timeout:g} s (--timeout)")
                return
            except OSError as exc:
                self._reply(502, f"the SPARQL server did not answer ({exc.strerror or exc}); a query over the "
                                 "memory limit stops it, and it is started again")
                return
            finally:
                connection.close()  # an answer cut at the limit stops Oxigraph writing (and evaluating) it
        if _CANCELLED in data[-200:]:  # Oxigraph sent 200 at once, then stopped the query at its timeout
            self._reply(504, f"the query was stopped after {policy.timeout:g} s (--timeout)")
            return
        if len(data) > policy.max_response_bytes:
            self._reply(413, f"the answer is over {policy.max_response_bytes:,} bytes; narrow the query (LIMIT) or "
                             "start the server with a larger --max-response-bytes")
            return
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        self._send_security_headers(data if "html" in (response.getheader("Content-Type") or "") else None)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _reply(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self._send_security_headers(None)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.close_connection = True

    def _send_security_headers(self, page: bytes | None) -> None:
        """nosniff and no referrer everywhere; on a page, a content security policy allowing its own scripts."""
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        scripts = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                           for s in _INLINE_SCRIPT.findall(page or b""))
        self.send_header("Content-Security-Policy",
                         f"default-src 'self'; script-src 'self' {scripts}".rstrip() + "; style-src 'self' "
                         "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                         "base-uri 'none'; frame-ancestors 'none'")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the signature http.server calls
        """Quiet: Oxigraph logs nothing per request either."""


def _sparql_texts(path: str, content_type: str, body: bytes) -> list[str]:
    """Every query or update a request carries: in the URL, a form body or a SPARQL body."""
    texts = [v for key in ("query", "update") for v in parse_qs(urlsplit(path).query).get(key, [])]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", "replace"))
        texts += [v for key in ("query", "update") for v in form.get(key, [])]
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return texts


def _allowed_host(host: str, allowed: frozenset[str]) -> bool:
    """An IP address (no DNS name to rebind), ``localhost`` or an allowed name, with any port."""
    name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    if name.lower() in allowed | {"localhost"}:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _wait_ready(port: int, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"the oxigraph server exited with code {process.returncode} before answering")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise StoreError(f"the oxigraph server did not answer within {seconds:g} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _host(bind: str) -> str:
    return f"[{bind}]" if ":" in bind else bind


def _interrupt_on_sigterm():
    """Make SIGTERM raise ``KeyboardInterrupt`` (as Ctrl-C does) until the returned function is called.

    Signal handlers can only be set from the main thread; elsewhere SIGTERM keeps its default action."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


def _is_loopback(bind: str) -> bool:
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False
