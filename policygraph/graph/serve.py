"""``policygraph serve``: the explorer web application (``policygraph.explorer``) and the Oxigraph SPARQL server
over an embedded store, on one address, behind a guard.

Oxigraph (``oxigraph serve-read-only``, with its editor page) listens on a private loopback port; uvicorn serves the
explorer on the address asked for, and the explorer forwards the SPARQL protocol paths to Oxigraph
(``policygraph.explorer.proxy``) and reads the store through Oxigraph's query URL for its own pages. The guard
(``policygraph.explorer.guard``)
- answers only requests whose Host is an IP address, ``localhost`` or a name allowed with ``allowed_hosts`` (a
  DNS-rebinding page names its own host name), and refuses a request that can change state (any method but
  GET, HEAD and OPTIONS) when its ``Origin`` or ``Sec-Fetch-Site`` says another site sent it;
- refuses federated queries and updates (``SERVICE``, ``LOAD``: requests to other servers) unless
  ``allow_service``;
- stops a query after ``timeout`` seconds (Oxigraph's own timeout, and the proxy's) and refuses an answer
  larger than ``max_response_bytes``; Oxigraph's memory is capped (``memory``), and a query that needs more
  ends that process, which is started again (``OxigraphProcess``);
- sends ``X-Content-Type-Options: nosniff``, a content security policy (same-origin resources only, a page's
  inline scripts by hash, ``frame-ancestors 'none'``) and ``Referrer-Policy: no-referrer``.
While it runs, the store directory holds the serve lock (``policygraph.graph.stores.lock``), so ``build`` and
every other embedded open refuse the directory instead of changing it under the server.

This module starts processes and sockets; the web application is imported when ``serve`` runs (the one place the
graph layer reaches the explorer above it).
"""

from __future__ import annotations

import ipaddress
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from policygraph.config import Settings
from policygraph.errors import StoreError
from policygraph.graph.stores.lock import hold_serve_lock, release_serve_lock

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RESPONSE_BYTES = 64_000_000


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


def serve(store_dir: str | Path, port: int = 7878, bind: str = "127.0.0.1", allow_update: bool = False,
          allow_service: bool = False, timeout: float = DEFAULT_TIMEOUT,
          max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES, allowed_hosts: tuple[str, ...] = (),
          memory: int = Settings.query_memory, versions=None) -> int:
    """Run the explorer and the guarded SPARQL server until Ctrl-C or SIGTERM (or until Oxigraph exits);
    Oxigraph's exit code, 0 after Ctrl-C or SIGTERM, which stop the ``oxigraph`` process too. Oxigraph may use
    ``memory`` bytes of data. ``versions`` (``explorer.versions.Versions``): the versions pages' directory."""
    from policygraph.explorer.app import ExplorerConfig, create_app
    from policygraph.explorer.proxy import ProxyPolicy

    store_dir = Path(store_dir)
    if not allow_update and not (store_dir / "CURRENT").is_file():
        raise StoreError(f"no Oxigraph store at {store_dir}; build one first "
                         "(or allow updates to start an empty one)")
    warning = bind_warning(bind, allow_update)
    if warning:
        print(f"policygraph: warning: {warning}", file=sys.stderr)
    url = f"http://{_host(bind)}:{port}"
    lock = hold_serve_lock(store_dir, url)
    stop = _StopOnSignals()
    upstream = OxigraphProcess(
        lambda internal: serve_command(store_dir, internal, "127.0.0.1", allow_update, timeout), memory)
    listening = None
    try:
        listening = _listen(bind, port)  # first: a port in use stops here, before Oxigraph starts
        app = create_app(ExplorerConfig(timeout, frozenset(allowed_hosts), allow_update,
                                        proxy=ProxyPolicy(upstream, allow_service, timeout, max_response_bytes),
                                        versions=versions))
        server = stop.server = _web_server(app)
        upstream.start()
        if stop.requested:
            return 0
        mode = "read-write" if allow_update else "read-only"
        print(f"policygraph explorer: {url}/  SPARQL endpoint ({mode}): {url}/query  editor: {url}/editor/; "
              "Ctrl-C stops", flush=True)
        threading.Thread(target=upstream.supervise, args=(server,), daemon=True).start()
        server.run(sockets=[listening])
        return 0 if stop.requested or upstream.process.poll() is None else upstream.process.wait()
    except KeyboardInterrupt:  # Ctrl-C where no handler could be set (not the main thread)
        return 0
    finally:
        if listening is not None:
            listening.close()
        upstream.stop()
        release_serve_lock(lock)
        stop.restore()


def serve_endpoint(endpoint: str, port: int = 7878, bind: str = "127.0.0.1", timeout: float = DEFAULT_TIMEOUT,
                   allowed_hosts: tuple[str, ...] = (), versions=None) -> int:
    """Run the explorer over a SPARQL endpoint (Virtuoso, QLever, another server) until Ctrl-C or SIGTERM; 0. No
    Oxigraph starts and no SPARQL is forwarded: tools query the endpoint itself, and the explorer only reads it
    (credentials from the environment, as every command), stopping each of its queries after ``timeout``;
    ``versions`` as for ``serve``."""
    from policygraph.errors import redact
    from policygraph.explorer.app import ExplorerConfig, create_app

    warning = bind_warning(bind, False)
    if warning:
        print(f"policygraph: warning: {warning}", file=sys.stderr)
    stop = _StopOnSignals()
    listening = None
    try:
        listening = _listen(bind, port)
        server = stop.server = _web_server(create_app(ExplorerConfig(timeout, frozenset(allowed_hosts),
                                                                     endpoint=endpoint, versions=versions)))
        print(f"policygraph explorer: http://{_host(bind)}:{port}/  over the SPARQL endpoint {redact(endpoint)}; "
              "Ctrl-C stops", flush=True)
        server.run(sockets=[listening])
        return 0
    except KeyboardInterrupt:  # Ctrl-C where no handler could be set (not the main thread)
        return 0
    finally:
        if listening is not None:
            listening.close()
        stop.restore()


def _web_server(app):
    """The uvicorn server of the explorer: quiet, no forwarded headers trusted, five seconds to finish requests."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                         timeout_graceful_shutdown=5, server_header=False, proxy_headers=False))


class OxigraphProcess:
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

    def settle(self, port: int, seconds: float) -> None:
        """After a connection to ``port`` broke: wait (up to ``seconds``) for that process to end if it is ending (a
        query over the memory limit aborts it, and it prints a backtrace first), and mark it not ready, so that the
        requests after this one wait for the process that replaces it instead of reaching the dying one."""
        process = self.process
        if self.port != port or process is None:
            return
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:  # it lives on: the connection broke for another reason
            return
        if self.port == port:
            self.ready.clear()

    def _limit_memory(self) -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (self.memory, self.memory))

    def supervise(self, server) -> None:
        """Start Oxigraph again when a signal ended it (an abort); stop the web server (``uvicorn.Server``) when
        it exits by itself."""
        while True:
            code = self.process.wait()
            self.ready.clear()
            if self.stopping or code >= 0:
                server.should_exit = True
                return
            print(f"policygraph: warning: the SPARQL server stopped (signal {-code}: a query over the "
                  f"{self.memory / 1e6:,.0f} MB memory limit?); starting it again", file=sys.stderr, flush=True)
            try:
                self.start()
            except StoreError:
                server.should_exit = True
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


def _listen(bind: str, port: int) -> socket.socket:
    """A listening socket on ``bind``:``port`` (uvicorn serves it; connections wait in its backlog until then)."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((bind, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise StoreError(f"cannot listen on {_host(bind)}:{port}: {exc.strerror or exc}") from None
    return sock


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


class _StopOnSignals:
    """Ctrl-C (SIGINT) and SIGTERM ask the server to stop, until ``restore``: ``requested`` is set and the web server
    (``server``, once there is one) is told to exit. A flag, not an exception: an exception raised by a signal handler
    can land in code that ignores it (a weakref callback), and the server then ran on.

    Signal handlers can only be set from the main thread; elsewhere the signals keep their actions."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.requested = False
        self.server = None
        try:
            self.previous = {number: signal.signal(number, self._stop) for number in self.SIGNALS}
        except ValueError:
            self.previous = {}

    def _stop(self, signum, frame) -> None:
        self.requested = True
        if self.server is not None:
            self.server.should_exit = True

    def restore(self) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)


def _is_loopback(bind: str) -> bool:
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False
