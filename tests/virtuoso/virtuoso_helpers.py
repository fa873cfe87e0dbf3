"""Helpers for the Virtuoso tests (a uniquely named module: ``from conftest import`` could find another one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.graph.stores.virtuoso import VirtuosoServer, find_virtuoso

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"


def start_virtuoso(directory: Path, load_root: Path | None = None) -> VirtuosoServer:
    """A running Virtuoso with its database in ``directory``; ``load_root`` is where it may bulk-load from.
    Skips the test when ``virtuoso-t`` is not installed."""
    if find_virtuoso() is None:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    server = VirtuosoServer(directory, dirs_allowed=(load_root,) if load_root else ())
    return server.start()
