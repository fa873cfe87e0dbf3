"""A ``policy`` parameter finds a policy by its id, its brand or its legal entity."""

from __future__ import annotations

import pytest

from policygraph.errors import QueryError
from policygraph.graph.build import build
from policygraph.graph.stores import open_store
from policygraph.queries.lookup import matching_policies
from policygraph.queries.run import run_query
from policygraph.records import Extraction, PolicyDocument, PolicyFacts


def _policy(policy_id: str, brand: str, entity: str | None) -> Extraction:
    return Extraction(PolicyDocument(policy_id, f"{brand} collects your name."), (), (),
                      PolicyFacts(company=brand, legal_entity=entity), "test")


@pytest.fixture
def store():
    store = open_store("memory")
    summary = build([_policy("threads", "Threads", "Meta Platforms Ireland Limited"),
                     _policy("other", "Other Brand", None)], store)
    assert summary.added == 2, summary.failures
    yield store
    store.close()


def test_brand_legal_entity_and_id_find_the_policy(store):
    for name in ("threads", "Threads", "platforms ireland", "Meta Platforms Ireland Limited"):
        assert [str(p).rsplit("/", 1)[-1] for p in matching_policies(store, name)] == ["threads"], name
    rows = run_query(store, "policies", {"company": "Meta Platforms"})
    assert [(str(r["policy_id"]), str(r["company"])) for r in rows] == [("threads", "Threads")]


def test_an_unknown_name_suggests_brands_and_legal_entities(store):
    with pytest.raises(QueryError, match="closest: .*Meta Platforms Ireland Limited"):
        matching_policies(store, "Meta Platforms Ireland Limitd")
