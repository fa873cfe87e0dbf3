"""``check_ontology`` and its parts, on the shipped ontology and on deliberately broken copies."""

from __future__ import annotations

import pytest
from rdflib import SKOS, Graph, Literal

from policygraph.ontology import DPV, DPV_PD, checks, load_ontology
from policygraph.ontology.checks import (
    FAIL,
    PASS,
    SKIPPED,
    check_dpv_alignments,
    check_ontology,
    check_opp115_values,
    check_parse,
    check_shapes,
    find_dpv_dir,
)
from policygraph.ontology.namespace import PG


@pytest.fixture
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture
def dpv_dir():
    found = find_dpv_dir()
    if found is None:
        pytest.skip("the DPV 2.3 tables (../shared/reference/dpv-2.3) are not available")
    return found


@pytest.fixture
def tiny_dpv(tmp_path):
    (tmp_path / "dpv.csv").write_text(f'"term","iri"\n"Collect","{DPV.Collect}"\n', encoding="utf-8")
    (tmp_path / "pd.csv").write_text(
        f'"term","iri"\n"EmailAddress","{DPV_PD.EmailAddress}"\n', encoding="utf-8"
    )
    return tmp_path


def test_shipped_ontology_passes_every_check_but_the_reasoner(dpv_dir):
    report = check_ontology(dpv_dir, reasoner=False)
    assert report.ok, report.render()
    assert [r.status for r in report.results] == [PASS, PASS, PASS, PASS, SKIPPED]
    assert report.result("reasoner").messages == ("skipped on request",)


def test_a_module_that_does_not_parse_fails_and_skips_the_rest(monkeypatch):
    broken = {"core.ttl": "pg:Broken a owl:Class ;"}
    monkeypatch.setattr(checks, "ontology_turtle_sources", lambda: broken)
    report = check_ontology(reasoner=False)
    assert not report.ok
    assert report.result("parse").status == FAIL
    assert report.result("parse").messages[0].startswith("core.ttl:")
    assert report.result("shapes").status == SKIPPED
    assert "FAILED" in report.render()


def test_blank_nodes_in_a_module_fail_the_parse_check(monkeypatch):
    text = "@prefix pg: <https://w3id.org/policygraph/ontology#> .\npg:X pg:y [ pg:z 1 ] .\n"
    monkeypatch.setattr(checks, "ontology_turtle_sources", lambda: {"x.ttl": text})
    assert "blank nodes" in check_parse().messages[0]


def test_removing_a_definition_fails_the_shapes(ontology):
    ontology.remove((PG.EmailAddress, SKOS.definition, None))
    result = check_shapes(ontology)
    assert result.status == FAIL
    assert result.messages == (
        "pg:EmailAddress skos:definition: needs a skos:definition (a language-tagged string)",
    )


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda g: g.remove((PG.Affiliate, PG.opp115Value, None)), "pg:Affiliate pg:opp115Value"),
        (
            lambda g: g.add((PG.Marketing, PG.opp115Value, Literal("Advertising"))),
            "pg:Marketing pg:opp115Value",
        ),
        (lambda g: g.add((PG.Cookie, SKOS.prefLabel, Literal("cookie"))), "pg:Cookie skos:prefLabel"),
        (lambda g: g.add((PG.Cookie, SKOS.closeMatch, Literal("dpv:Cookie"))), "pg:Cookie skos:closeMatch"),
    ],
)
def test_shapes_catch_authoring_mistakes(ontology, mutate, expected):
    mutate(ontology)
    result = check_shapes(ontology)
    assert result.status == FAIL
    assert any(m.startswith(expected) for m in result.messages), result.messages


def test_invented_dpv_iri_fails_against_the_real_tables(ontology, dpv_dir):
    ontology.add((PG.EmailAddress, SKOS.closeMatch, DPV_PD.ElectronicMailAddressOfTheUser))
    result = check_dpv_alignments(ontology, dpv_dir)
    assert result.status == FAIL
    assert result.messages == (
        f"pg:EmailAddress cites {DPV_PD.ElectronicMailAddressOfTheUser}, which DPV 2.3 does not define",
    )


def test_dpv_check_reads_the_iri_column(tiny_dpv):
    graph = Graph()
    graph.add((PG.Collect, SKOS.exactMatch, DPV.Collect))
    graph.add((PG.EmailAddress, SKOS.exactMatch, DPV_PD.EmailAddress))
    assert check_dpv_alignments(graph, tiny_dpv).status == PASS
    graph.add((PG.Share, SKOS.exactMatch, DPV.Share))
    assert check_dpv_alignments(graph, tiny_dpv).status == FAIL


def test_dpv_check_is_skipped_without_tables(ontology, monkeypatch):
    monkeypatch.setattr(checks, "find_dpv_dir", lambda: None)
    result = check_dpv_alignments(ontology)
    assert result.status == SKIPPED
    assert check_ontology(reasoner=False).ok


def test_dpv_check_fails_for_an_explicit_directory_without_tables(ontology, tmp_path):
    assert check_dpv_alignments(ontology, tmp_path).status == FAIL


@pytest.mark.parametrize(
    ("term", "value", "hint"),
    [
        (PG.EmailAddress, "Contacts", "did you mean 'Contact'?"),
        (PG.EmailAddress, "Advertising", "'Personal Information Type'"),
        (PG.Collect, "Collect on website", 'no OPP-115 attribute (use "none")'),
    ],
)
def test_opp115_values_must_belong_to_the_family_scheme(ontology, term, value, hint):
    ontology.set((term, PG.opp115Value, Literal(value)))
    result = check_opp115_values(ontology)
    assert result.status == FAIL
    assert len(result.messages) == 1 and hint in result.messages[0]


def test_check_report_serialises(ontology, monkeypatch):
    monkeypatch.setattr(checks, "find_dpv_dir", lambda: None)
    ontology.remove((PG.EmailAddress, SKOS.prefLabel, None))
    data = check_ontology(graph=ontology, reasoner=False).to_dict()
    assert data["ok"] is False
    assert {c["name"]: c["status"] for c in data["checks"]} == {
        "parse": SKIPPED, "shapes": FAIL, "dpv": SKIPPED, "opp115": PASS, "reasoner": SKIPPED,
    }  # fmt: skip
