"""Fixtures: the example policies extracted once per session, built into a memory and an embedded store."""

from __future__ import annotations

import pytest
from query_fixtures import EXAMPLES, built_store

from policygraph.extract import Extractor, read_inputs


@pytest.fixture(scope="session")
def example_extractions():
    documents = [d for d in read_inputs([EXAMPLES]) if hasattr(d, "text")]
    assert len(documents) == 5
    return list(Extractor().extract_many(documents))


@pytest.fixture(scope="module")
def memory_store(example_extractions):
    store = built_store(example_extractions)
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded_store(example_extractions, tmp_path_factory):
    store = built_store(example_extractions, "oxigraph", tmp_path_factory.mktemp("queries") / "store")
    yield store
    store.close()
