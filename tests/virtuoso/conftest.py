"""Fixtures: the example policies in an embedded Oxigraph store and in real Virtuoso servers on 127.0.0.1.

One store is built with the CLI (``policygraph build examples/policies --store``) and exported as N-Quads
(``policygraph export --format nquads``); one Virtuoso gets that export through its bulk loader, another gets
the examples through the endpoint path (``policygraph build --endpoint``). Every server has its own temporary
database and is stopped by its process id. Skipped only when ``virtuoso-t`` is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from virtuoso_helpers import EXAMPLES, start_virtuoso

from policygraph.cli import main
from policygraph.graph.stores import open_store

#: the examples' N-Quads, as ``policygraph export`` writes them
EXPORT = "examples.nq"


@pytest.fixture(scope="session")
def load_root(tmp_path_factory) -> Path:
    """The directory the bulk-loading server may read (each test loads from a folder of its own in it)."""
    return tmp_path_factory.mktemp("virtuoso-load")


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory) -> Path:
    """The examples built into an embedded store by the CLI."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store), "-q"]) == 0
    return store


@pytest.fixture(scope="session")
def examples_nquads(embedded_dir, load_root) -> Path:
    """The examples exported from the embedded store as N-Quads, alone in a folder under ``load_root``."""
    folder = load_root / "examples"
    folder.mkdir()
    assert main(["export", "--store", str(embedded_dir), "--format", "nquads", "-o", str(folder / EXPORT)]) == 0
    return folder / EXPORT


@pytest.fixture(scope="session")
def embedded(embedded_dir, examples_nquads):
    """The embedded store, opened once the CLI has exported it (a store has one user at a time)."""
    store = open_store("oxigraph", str(embedded_dir))
    yield store
    store.close()


def bulk_loaded(tmp_path_factory, name: str, load_root: Path, examples_nquads: Path):
    """A Virtuoso holding the examples' export, loaded by its bulk loader (with the packaged ontology)."""
    server = start_virtuoso(tmp_path_factory.mktemp(name), load_root)
    try:
        assert server.bulk_load(examples_nquads.parent).files == 1
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_bulk(tmp_path_factory, load_root, examples_nquads):
    """The bulk-loaded examples that the catalogue is compared on. Nothing more is loaded into it: a query
    Virtuoso never finishes (see KNOWN_DIFFERENCES) stays on the server and blocks its next checkpoint."""
    yield from bulk_loaded(tmp_path_factory, "virtuoso-bulk", load_root, examples_nquads)


@pytest.fixture(scope="session")
def virtuoso_loads(tmp_path_factory, load_root, examples_nquads):
    """The bulk-loaded examples, for the tests that load more into it."""
    yield from bulk_loaded(tmp_path_factory, "virtuoso-loads", load_root, examples_nquads)


@pytest.fixture(scope="session")
def virtuoso_built(tmp_path_factory):
    """A Virtuoso holding the examples written by ``policygraph build --endpoint`` (SPARQL Update allowed to
    the anonymous endpoint of this 127.0.0.1 test instance)."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-built"))
    try:
        server.allow_sparql_update()
        assert main(["build", str(EXAMPLES), "--endpoint", server.sparql_url, "-q"]) == 0
        yield server
    finally:
        server.stop()
