"""Purposes in the sentence's words (extractor 0.9.3): a clause of purpose that no purpose term names is kept as
worded beside the statement's terms; pointers, practices and data items are no such purpose."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal

from policygraph.extract.reader import document_from_text
from policygraph.graph.rdf import extraction_to_graph
from policygraph.graph.validate import violations
from policygraph.ontology.namespace import PG
from policygraph.records import Action


@pytest.fixture(scope="module")
def extract():
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown"))


@pytest.fixture(scope="module")
def read(extract):
    return lambda text: extract(text).statements


def _stated(statements, action):
    return [words for s in statements if s.action == action for words in s.stated_purposes]


@pytest.mark.parametrize(("text", "action", "words"), [
    ("We use your location so that you can see nearby events.", Action.USE, "so that you can see nearby events"),
    ("We use your username and password to let you access your account.", Action.USE,
     "to let you access your account"),
    ("We may share your email address with our partners in order to send you gift cards from them.", Action.SHARE,
     "in order to send you gift cards from them"),
    ("Any such information will only be used for the purpose of confirming your identity.", Action.USE,
     "for the purpose of confirming your identity"),
    ("IP addresses, which we use to estimate your general location.", Action.USE,
     "to estimate your general location"),
    ("We use it to identify an individual user, such as by name.", Action.USE,
     "to identify an individual user, such as by name"),
])
def test_a_purpose_clause_no_term_names_is_kept_as_worded(read, text, action, words):
    assert _stated(read(text), action) == [words]


@pytest.mark.parametrize("text", [
    "We use your email address to improve our services.",  # a term names it
    "We use your data for the purposes described above.",  # a pointer
    "We use cookies for other purposes.",  # a "for" with a noun
    "We use different technologies to process your information for these purposes.",  # a practice, no purpose
    "We may share personal information in order to:",  # nothing after the marker
])
def test_no_stated_purpose_where_a_term_a_pointer_or_a_practice_stands(read, text):
    statements = read(text)
    assert statements and all(not s.stated_purposes for s in statements)


def test_an_item_worded_as_a_purpose_is_one(read):
    statements = read("We may use the information we collect for the following purposes:\n\n"
                      "- For getting feedback on product ideas.\n"
                      "- To evaluate the reach of our posts;\n"
                      "- Location-related information\n")
    assert _stated(statements, Action.USE) == ["For getting feedback on product ideas",
                                               "To evaluate the reach of our posts"]


def test_a_bare_verb_item_is_a_purpose_only_under_a_purpose_lead_in(read):
    purposes = read("We may keep your personal information to:\n\n- Detect and stop threats to our staff.\n")
    acts = read("We collect information about you when you:\n\n- Create your avatar\n- Contact us\n")
    assert _stated(purposes, Action.RETAIN) == ["Detect and stop threats to our staff"]
    assert len([s for s in acts if s.evidence.rule == "lead-in"]) == 2 and all(not s.stated_purposes for s in acts)


def test_stated_purposes_are_written_to_the_graph_and_conform(extract):
    extraction = extract("We use your location so that you can see nearby events.")
    graph = extraction_to_graph(extraction, "https://w3id.org/policygraph/data/")
    assert set(graph.objects(None, PG.statedPurpose)) == {Literal("so that you can see nearby events")}
    assert violations(graph) == []
    statement = dataclasses.replace(extraction.statements[0], stated_purposes=("",))
    empty = extraction_to_graph(dataclasses.replace(extraction, statements=(statement,)),
                                "https://w3id.org/policygraph/data/")
    assert violations(empty)  # an empty stated purpose breaks the shape


def test_a_heading_worded_as_a_purpose_gives_its_words_to_the_uses_under_it(read):
    statements = read("## Anonymizing your information\n\nThe information we use could include:\n\n"
                      "- Location-related information\n\n"
                      "## How we use your information\n\nThe information we use could include:\n\n"
                      "- Location-related information\n")
    uses = [s for s in statements if s.action == Action.USE and s.data_categories == ("LocationData",)]
    assert [s.stated_purposes for s in uses] == [("Anonymizing your information",), ()]


@pytest.mark.parametrize(("text", "purpose"), [
    ("We use your listening history to recommend music you might like.", "Personalisation"),
    ("We use your contacts to suggest people you may know.", "Personalisation"),
    ("We use your email address to respond to your inquiry.", "CustomerSupport"),
    ("We share your information with our lawyers to obtain legal advice.", "LegalClaims"),
    ("We may retain your personal information to comply with a legal obligation.", "LegalCompliance"),
])
def test_purposes_in_more_words(read, text, purpose):
    assert any(purpose in s.purposes and not s.stated_purposes for s in read(text))


def test_a_clause_left_with_no_word_of_content_is_not_quoted(read):
    statements = read("We share your email address with partners to include.")
    assert statements and all(not s.stated_purposes for s in statements)


def test_a_descriptive_word_is_no_pointer_and_a_located_description_is(read):
    (kept,) = read("We use your location to show detailed weather forecasts for your area.")
    assert kept.stated_purposes == ("to show detailed weather forecasts for your area",)
    (pointer,) = read("We use your location to do the things described in this policy.")
    assert not pointer.stated_purposes


def test_understanding_is_a_purpose_and_learning_more_a_pointer(read):
    statements = read("We use your information for the following purposes:\n\n"
                      "- To understand your needs and interests.\n- To learn more, see our cookie policy.\n")
    items = [s for s in statements if s.evidence.rule == "lead-in"]
    assert [s.stated_purposes for s in items] == [("To understand your needs and interests",), ()]


def test_a_heading_naming_a_practice_or_a_pointer_gives_no_words(read):
    for heading in ("Using our services", "Contacting us"):
        (statement,) = read(f"## {heading}\n\nWe use your email address.\n")
        assert not statement.stated_purposes, heading


def test_a_practice_after_so_that_is_no_purpose_of_the_first(read):
    statements = read("We collect your email address so that we can share it with our partners.")
    collect = next(s for s in statements if s.action == Action.COLLECT)
    assert not collect.stated_purposes


def test_a_main_clause_after_a_purpose_heading_is_not_quoted(read):
    statements = read("## To show you content that is relevant, interesting and personal to you, we\n\n"
                      "We use the following information:\n\n- Account information\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert item.stated_purposes == ("To show you content that is relevant, interesting and personal to you",)
