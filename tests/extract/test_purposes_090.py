"""Purpose rules of 0.9.0: a section's purpose for the uses under it, and purposes read from the parse where a
fixed phrase cannot name them (a brand between "provide" and "products", "keep ... safe")."""

from __future__ import annotations

import pytest

from policygraph.extract.nlp import load_pipeline
from policygraph.extract.reader import document_from_text
from policygraph.records import Action


def _purposes(text):
    doc = load_pipeline()(text)
    return [s.label_ for s in doc.spans["pg_purpose"]]


def _statements(extractor, text):
    return extractor.extract(document_from_text(text, "t", markup="markdown")).statements


@pytest.mark.parametrize("text", ["Providing Acme Products", "Providing a seamless experience",
                                  "We use it to provide the Zebra Platform and its features.",
                                  "Provide and improve the Zebra app"])
def test_providing_the_companys_offering_is_providing_the_service(text):
    assert "ServiceProvision" in _purposes(text)


@pytest.mark.parametrize("text", ["We provide your information to advertisers.",
                                  "We use data to provide a personalized experience.",
                                  "We receive data to provide advertising services to partners."])
def test_providing_data_or_a_purpose_of_its_own_is_not_providing_the_service(text):
    assert "ServiceProvision" not in _purposes(text)


@pytest.mark.parametrize("text", ["To make and keep Zebra safe, we review reports.",
                                  "We use your data to keep our community safe."])
def test_keeping_something_safe_is_security(text):
    assert "Security" in _purposes(text)


def test_a_safe_thing_named_is_no_purpose():
    assert "Security" not in _purposes("Store your password in a safe place.")


def test_a_use_in_a_paragraph_takes_its_sections_purpose(extractor):
    text = ("## How we use information\n\n### Communicating with you\n\n"
            "We use the contact details on your profile to reach you about your account.\n")
    uses = [s for s in _statements(extractor, text) if s.action == Action.USE]
    assert [s.purposes for s in uses] == [("Communication",)]


def test_a_use_with_its_own_purpose_keeps_it_under_a_purpose_heading(extractor):
    text = ("### Communicating with you\n\n"
            "We use your location to personalise your feed.\n")
    uses = [s for s in _statements(extractor, text) if s.action == Action.USE]
    assert uses and "Communication" not in uses[0].purposes


def test_a_disclosure_does_not_take_its_sections_purpose(extractor):
    text = "### Communicating with you\n\nWe share your e-mail address with our service providers.\n"
    shares = [s for s in _statements(extractor, text) if s.action == Action.SHARE]
    assert shares and "Communication" not in shares[0].purposes
