"""Idempotent builds: skip unchanged, replace changed, add new, prune, reject invalid graphs, stream."""

from __future__ import annotations

import dataclasses

import pytest
from graph_records import make_extraction

from policygraph.config import Settings
from policygraph.graph.build import build
from policygraph.graph.rdf import extraction_to_graph, policy_graph_iri
from policygraph.graph.stores import open_store

SETTINGS = Settings(batch_size=3)


def content(store):
    """Every stored quad, as comparable Python values."""
    return {(g, *triple) for g in store.policy_graphs() for triple in store.named_graph(g)}


def corpus(n=5, changed=None, version="1.0"):
    return [make_extraction(f"p{i}", version=version, text_suffix="!" if i == changed else "")
            for i in range(n)]


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    with open_store(request.param, str(tmp_path / "store")) as store:
        yield store


def test_first_build_adds_every_policy(store):
    summary = build(corpus(), store, SETTINGS)
    assert (summary.added, summary.replaced, summary.skipped, summary.failed) == (5, 0, 0, 0)
    for extraction in corpus():
        graph = store.named_graph(policy_graph_iri(extraction.document.policy_id, SETTINGS.base_iri))
        assert set(graph) == set(extraction_to_graph(extraction, SETTINGS.base_iri))


def test_rebuild_of_identical_input_skips_all_and_changes_nothing(store):
    build(corpus(), store, SETTINGS)
    before = content(store)
    summary = build(corpus(), store, SETTINGS)
    assert (summary.added, summary.replaced, summary.skipped, summary.written) == (0, 0, 5, 0)
    assert content(store) == before


def test_changed_policy_replaces_only_its_graph(store):
    build(corpus(), store, SETTINGS)
    before = content(store)
    summary = build(corpus(changed=2), store, SETTINGS)
    assert (summary.replaced, summary.skipped) == (1, 4)
    changed_graph = policy_graph_iri("p2", SETTINGS.base_iri)
    after = content(store)
    assert {q for q in before if q[0] != changed_graph} == {q for q in after if q[0] != changed_graph}
    assert {q for q in before if q[0] == changed_graph} != {q for q in after if q[0] == changed_graph}
    assert store.policy_state(["p2"])["p2"][0] == corpus(changed=2)[2].document.sha256


def test_new_extractor_version_replaces(store):
    build(corpus(2), store, SETTINGS)
    summary = build(corpus(2, version="2.0"), store, SETTINGS)
    assert summary.replaced == 2
    assert {v for _, v in store.policy_state().values()} == {"2.0"}


def test_prune_removes_policies_not_in_the_input(store):
    build(corpus(5), store, SETTINGS)
    outcomes = []
    summary = build(corpus(3), store, SETTINGS, prune=True,
                    progress=lambda pid, out: outcomes.append((pid, out)))
    assert (summary.skipped, summary.pruned) == (3, 2)
    assert set(store.policy_state()) == {"p0", "p1", "p2"}
    assert outcomes[-2:] == [("p3", "pruned"), ("p4", "pruned")]
    assert build(corpus(3), store, SETTINGS).pruned == 0


def test_invalid_graph_fails_with_reason_and_writes_nothing(store):
    good = make_extraction("good")
    bad = make_extraction("bad")
    evidence = dataclasses.replace(bad.statements[0].evidence, confidence=1.7)
    bad = dataclasses.replace(bad, statements=(dataclasses.replace(bad.statements[0], evidence=evidence),))
    summary = build([bad, good], store, SETTINGS)
    assert (summary.added, summary.failed) == (1, 1)
    ((policy_id, reason),) = summary.failures
    assert policy_id == "bad" and "pgsh:EvidenceConfidence" in reason and "/policy/bad/practice/" in reason
    assert set(store.policy_state()) == {"good"}
    assert len(store.named_graph(policy_graph_iri("bad", SETTINGS.base_iri))) == 0


def test_unknown_term_and_duplicate_ids_are_failures(store):
    odd = make_extraction("odd", statements=1)
    misspelt = dataclasses.replace(odd.statements[0], purposes=("Marketting",))
    odd = dataclasses.replace(odd, statements=(misspelt,))
    twice = [make_extraction("twice"), make_extraction("twice", text_suffix="?")]
    summary = build([odd, *twice], store, SETTINGS)
    reasons = dict(summary.failures)
    assert "Marketting" in reasons["odd"] and "duplicate" in reasons["twice"]
    assert store.policy_state()["twice"][0] == make_extraction("twice").document.sha256
    assert str(summary) == "1 added, 0 replaced, 0 skipped, 2 failed, 0 pruned"


def test_build_streams_its_input(store):
    pulled = []

    def extractions():
        for i in range(10):
            pulled.append(i)
            if i == 7:  # by now the first two batches of three must already be written
                assert len(store.policy_state()) == 6
            yield make_extraction(f"s{i}", statements=1)

    assert build(extractions(), store, SETTINGS).added == 10
