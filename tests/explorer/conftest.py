"""The explorer's tests share one store (built once per session) and one read-only server over it."""

from __future__ import annotations

import pytest
from explorer_server import build_store, start, stop


@pytest.fixture(scope="session")
def explorer_store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("explorer"))


@pytest.fixture(scope="module")
def explorer(explorer_store, tmp_path_factory):
    """The root URL of a read-only ``policygraph serve`` over the shared store (started in an unrelated folder)."""
    root, process = start(explorer_store, cwd=str(tmp_path_factory.mktemp("elsewhere")))
    yield root
    stop(process)
