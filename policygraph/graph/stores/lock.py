"""The lock ``policygraph serve`` holds on the store directory it serves, which every embedded open checks.

Oxigraph lets a read-only server and a writer open one directory at once, and the server then shows old data for
as long as it runs (undefined behaviour per Oxigraph). The server holds an exclusive ``flock`` on
``SERVE_LOCK`` in the directory, with its process id and URL as the file's text; a store that finds the lock
held refuses to open. The kernel releases the lock when the server dies, however it dies, so a file left
behind by a killed server is stale and ignored.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import IO

from policygraph.errors import StoreError

SERVE_LOCK = "policygraph-serve.lock"


def hold_serve_lock(store_dir: Path, url: str) -> IO[str]:
    """Take the serve lock of ``store_dir`` (a ``StoreError`` when another server holds it); keep the returned
    file open while serving and give it to ``release_serve_lock`` after."""
    store_dir.mkdir(parents=True, exist_ok=True)
    handle = open(store_dir / SERVE_LOCK, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreError(f"{store_dir} is already served by {served_by(store_dir)}") from None
    handle.truncate(0)
    handle.write(json.dumps({"pid": os.getpid(), "url": url}))
    handle.flush()
    return handle


def release_serve_lock(handle: IO[str]) -> None:
    """Remove the lock file and release the lock (in this order, so no one takes a lock on a removed file)."""
    Path(handle.name).unlink(missing_ok=True)
    handle.close()


def served_by(store_dir: Path) -> str | None:
    """Who serves ``store_dir`` ("policygraph serve (pid N) at URL"), or None when no live server holds it."""
    try:
        handle = open(store_dir / SERVE_LOCK, encoding="utf-8")
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = json.loads(handle.read() or "{}")
            except ValueError:
                holder = {}
            return f"policygraph serve (pid {holder.get('pid', '?')}) at {holder.get('url', '?')}"
        return None


def refuse_if_served(store_dir: Path) -> None:
    """A ``StoreError`` when a running ``policygraph serve`` holds ``store_dir``."""
    holder = served_by(store_dir)
    if holder:
        raise StoreError(f"store {store_dir} is served by {holder}: opening it here while the server runs would "
                         "leave the server showing old data. Query the server's endpoint (--endpoint URL/query), "
                         "or stop the server first")
