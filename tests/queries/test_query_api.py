"""PolicyGraph: open, build, query, typed helpers with evidence, contradictions on a hand-built graph."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from query_fixtures import EXAMPLES, SEED_000

from policygraph.api import (
    CollectionRow,
    CompareRow,
    ContradictionRow,
    PolicyGraph,
    ProfileRow,
    SharingRow,
)
from policygraph.graph.stores import OxigraphStore
from policygraph.records import (
    Action,
    Evidence,
    Extraction,
    PolicyDocument,
    PolicyFacts,
    Segment,
    SegmentKind,
    Statement,
)


@pytest.fixture(scope="module")
def graph(memory_store):
    return PolicyGraph(memory_store)


def test_helpers_return_typed_rows_with_evidence(graph):
    sharing = graph.companies_sharing(recipient="affiliate", purpose="marketing")
    assert sharing and all(isinstance(r, SharingRow) for r in sharing)
    seed = [r for r in sharing if r.policy_id == SEED_000]
    assert seed and seed[0].recipient == "Affiliate" and seed[0].purpose == "ThirdPartyMarketing"
    assert all(r.evidence for r in sharing)
    collection = graph.collection(data="contact data")
    assert collection and all(isinstance(r, CollectionRow) and r.evidence for r in collection)
    assert {"EmailAddress"} <= {r.data for r in collection}
    profile = graph.profile("Jespionne")
    assert profile and all(isinstance(r, ProfileRow) and r.evidence for r in profile)
    assert {r.company for r in profile} == {"Jespionne"}
    assert {"Collect", "Share", "UserRight"} <= {r.kind for r in profile}
    assert any(r.negated is True for r in profile) and all(isinstance(r.negated, bool) for r in profile)
    compare = graph.compare("Jespionne", "Konzen")
    assert compare and all(isinstance(r, CompareRow) and r.evidence for r in compare)
    assert {r.a_company for r in compare} == {"Jespionne"} and {r.b_company for r in compare} == {"Konzen"}
    assert any(r.a_evidence is None for r in compare) and any(r.b_evidence is None for r in compare)
    for row in graph.contradictions():
        assert isinstance(row, ContradictionRow) and row.evidence and row.denial_evidence
    with pytest.raises(dataclasses.FrozenInstanceError):
        sharing[0].company = "x"  # type: ignore[misc]


def test_query_passes_params(graph):
    rows = graph.query("sharing", recipient="affiliate", purpose="marketing")
    assert rows == [r for r in graph.query("sharing") if r in rows]
    assert len(graph.query("sharing", limit=2)) == 2


def _statement(policy_id, start, text, action, negated, data=("EmailAddress",), recipients=("Advertiser",),
               purposes=("TargetedAdvertising",)):
    evidence = Evidence(policy_id, 1 if start == 0 else 2, start, start + len(text), text, "hand", 0.9)
    return Statement(action, "FirstParty", evidence, data, recipients, purposes, (), negated=negated)


def small_extraction(policy_id="hand-1", contradict=True):
    positive = "We share your email address with advertisers for targeted ads."
    negative = "We do not share your email address with advertisers for targeted ads."
    text = positive + "\n" + negative
    statements = [_statement(policy_id, 0, positive, Action.SHARE, False)]
    statements.append(_statement(policy_id, len(positive) + 1, negative, Action.SHARE, True,
                                 purposes=("TargetedAdvertising",) if contradict else ("Analytics",)))
    segments = (Segment(1, SegmentKind.TEXT, 0, len(positive)),
                Segment(2, SegmentKind.TEXT, len(positive) + 1, len(text)))
    return Extraction(PolicyDocument(policy_id, text, source="hand"), segments, tuple(statements),
                      PolicyFacts(company=f"Hand {policy_id}"), "test")


def test_contradictions_on_hand_built_graph():
    from policygraph.graph.build import build

    with PolicyGraph.open() as graph:
        extractions = [small_extraction("hand-1"), small_extraction("hand-2", contradict=False)]
        summary = build(extractions, graph.store)
        assert summary.added == 2, summary.failures
        rows = graph.contradictions()
        assert [r.policy_id for r in rows] == ["hand-1"]
        row = rows[0]
        assert (row.action, row.data, row.recipient, row.purpose) == (
            "Share", "EmailAddress", "Advertiser", "TargetedAdvertising")
        assert row.company == "Hand hand-1"
        assert row.evidence.startswith("We share") and row.denial_evidence.startswith("We do not share")
        # the same policy's positive statement is found by sharing, the denial is not
        sharing = graph.companies_sharing(recipient="third party", purpose="advertising")
        assert {r.evidence for r in sharing} == {row.evidence}


def test_open_build_export_close(tmp_path, example_extractions):
    path = tmp_path / "pg-store"
    missing = tmp_path / "missing.txt"
    with PolicyGraph.open(path) as graph:
        assert isinstance(graph.store, OxigraphStore) and graph.store.kind == "oxigraph"
        summary = graph.build([EXAMPLES / f"{SEED_000}.txt", missing])
        assert summary.added == 1 and summary.failed == 1
        assert summary.failures[0][0] == str(missing)
        rows = graph.companies_sharing(recipient="affiliate", purpose="marketing")
        assert [r.policy_id for r in rows] == [SEED_000]
        turtle = graph.export("turtle")
        assert b"dataCategory" in turtle
        assert graph.export("nquads", policy_id=SEED_000)
    with PolicyGraph.open(Path(path)) as again:  # reopened: still there, ontology already loaded
        assert len(again.query("policies")) == 1
    with PolicyGraph.open() as memory:
        assert memory.store.kind == "memory" and memory.query("policies") == []
