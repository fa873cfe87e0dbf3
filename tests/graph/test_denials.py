"""Which statements a policy's own denials contradict, and how the link is stored."""

from __future__ import annotations

from dataclasses import replace

from policygraph.graph.denials import denied_by
from policygraph.graph.rdf import extraction_to_graph, policy_iri, practice_iri
from policygraph.graph.validate import validate_policy_graph, violations
from policygraph.ontology.namespace import PG
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

BASE = "https://example.org/pg/"


def stmt(action=Action.SHARE, data=("EmailAddress",), recipients=("Advertiser",), purposes=(), negated=False,
         start=0, actor="FirstParty", conditions=()):
    evidence = Evidence("p", 0, start, start + 10, f"sentence {start}", "hand", 0.9)
    return Statement(action, actor, evidence, data, recipients, purposes, conditions, negated=negated)


def test_a_denial_contradicts_the_same_practice():
    said, denied = stmt(), stmt(negated=True, start=20)
    assert denied_by([said, denied]) == [(said, denied)]


def test_action_data_recipient_and_purpose_must_agree():
    said = stmt(purposes=("Marketing",))
    assert denied_by([said, stmt(Action.SELL, purposes=("Marketing",), negated=True)]) == []
    assert denied_by([said, stmt(data=("PhoneNumber",), purposes=("Marketing",), negated=True)]) == []
    assert denied_by([said, stmt(recipients=(), purposes=("Marketing",), negated=True)]) == []
    assert denied_by([said, stmt(negated=True)]) == []  # a purpose on one side only
    other = stmt(data=("EmailAddress",), recipients=("Affiliate", "Advertiser"), purposes=("Marketing",),
                 negated=True)
    assert denied_by([said, other]) == [(said, other)]  # one recipient in common is enough
    overlap = stmt(data=("PhoneNumber", "EmailAddress"), purposes=("Marketing",), negated=True)
    assert denied_by([said, overlap]) == []  # the data must be the same, not an overlap
    assert denied_by([stmt(negated=True), stmt(negated=True, start=20)]) == []  # two denials


def test_a_limited_denial_contradicts_nothing():
    said = stmt()
    limited = replace(stmt(negated=True, start=20), evidence=Evidence(
        "p", 0, 20, 30, "We do not share your e-mail address with advertisers without your approval.", "hand", 0.9))
    assert denied_by([said, limited]) == []


def test_actor_condition_and_a_known_kind_of_data_must_agree_too():
    said = stmt()
    assert denied_by([said, stmt(negated=True, actor="BusinessPartner")]) == []  # "partners may not share ..."
    assert denied_by([said, stmt(negated=True, conditions=("OptOut",))]) == []  # a conditional denial
    assert denied_by([stmt(conditions=("Consent",)), stmt(negated=True)]) == []  # a conditional practice
    vague = stmt(Action.USE, data=("UnspecifiedPersonalInformation",), recipients=())
    assert denied_by([vague, stmt(Action.USE, data=("UnspecifiedPersonalInformation",), recipients=(),
                                  negated=True)]) == []  # "information" here and there is rarely the same
    public = stmt(data=("PersonalData",), recipients=("Public",))
    denial = stmt(data=("PersonalData",), recipients=("Public",), negated=True)
    assert denied_by([public, denial]) == [(public, denial)]  # ... unless the recipient is the same too


def test_the_link_is_stored_and_valid():
    said, denied = stmt(), stmt(negated=True, start=20)
    text = "x" * 40
    extraction = Extraction(PolicyDocument("p", text), (Segment(0, SegmentKind.TEXT, 0, 40),), (said, denied),
                            PolicyFacts(), "test")
    graph = extraction_to_graph(extraction, BASE)
    policy = policy_iri("p", BASE)
    assert list(graph.triples((None, PG.deniedBy, None))) == [
        (practice_iri(policy, said), PG.deniedBy, practice_iri(policy, denied))]
    validate_policy_graph(graph, "p")
    graph.remove((practice_iri(policy, denied), PG.negated, None))
    assert any("negated data practice" in message for *_, message in violations(graph))


def test_statements_without_data_make_no_pair():
    assert denied_by([stmt(data=()), stmt(data=(), negated=True, start=20)]) == []
