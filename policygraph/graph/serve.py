"""``policygraph serve``: the Oxigraph SPARQL server (with its query web page) over an embedded store."""

from __future__ import annotations

import ipaddress
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from policygraph.errors import StoreError
from policygraph.graph.stores.sharded import is_sharded


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
                  allow_update: bool = False) -> list[str]:
    """The ``oxigraph`` command line: read-only unless updates are allowed; union default graph always."""
    mode = "serve" if allow_update else "serve-read-only"
    host = f"[{bind}]" if ":" in bind else bind
    return [find_oxigraph(), mode, "--location", str(store_dir), "--bind", f"{host}:{port}",
            "--union-default-graph"]


def serve(store_dir: str | Path, port: int = 7878, bind: str = "127.0.0.1",
          allow_update: bool = False) -> int:
    """Run the server until Ctrl-C or SIGTERM (or until it exits); its exit code, 0 after Ctrl-C or SIGTERM.

    Either signal stops the ``oxigraph`` process too: a SIGTERM to this process alone (``kill PID``) would
    otherwise end it and leave the server running, holding the port. Oxigraph allows one writer per
    directory: while a read-write server runs, build through its endpoint (``--store-kind sparql``), not
    into the directory.
    """
    store_dir = Path(store_dir)
    if is_sharded(store_dir):
        raise StoreError(f"{store_dir} is a sharded store, which one oxigraph server cannot serve whole; query "
                         "it with `policygraph query --store`, or export it and serve an unsharded copy")
    if not allow_update and not (store_dir / "CURRENT").is_file():
        raise StoreError(f"no Oxigraph store at {store_dir}; build one first "
                         "(or allow updates to start an empty one)")
    if allow_update and not _is_loopback(bind):
        print(f"warning: serving {store_dir} READ-WRITE on non-loopback address {bind}: anyone who can reach "
              "it can change or delete the data", file=sys.stderr)
    command = serve_command(store_dir, port, bind, allow_update)
    host = f"[{bind}]" if ":" in bind else bind
    mode = "read-write" if allow_update else "read-only"
    print(f"SPARQL endpoint ({mode}): http://{host}:{port}/query  (web page http://{host}:{port}/); "
          "Ctrl-C stops", flush=True)
    restore = _interrupt_on_sigterm()
    process = None
    try:
        process = subprocess.Popen(command)
        return process.wait()
    except KeyboardInterrupt:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return 0
    finally:
        restore()


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
