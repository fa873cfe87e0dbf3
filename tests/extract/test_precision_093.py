"""Precision rules of 0.9.3 besides stated purposes, from the judged 0.9.3 sheets."""

from __future__ import annotations

import pytest

from policygraph.extract.reader import document_from_text
from policygraph.records import Action


@pytest.fixture(scope="module")
def read():
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown")).statements


@pytest.mark.parametrize("verb", ["use", "retain"])
def test_items_of_a_lead_in_that_engages_a_party_are_disclosures_to_it(read, verb):
    statements = read(f"We {verb} service providers to run our services, which includes sharing personal "
                      "information for the following purposes:\n\n- Payment processing.\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert item.action == Action.SHARE and "ServiceProvider" in item.recipients


def test_items_of_a_lead_in_that_uses_data_stay_uses(read):
    statements = read("We use the following information for these purposes:\n\n- Your email address\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert item.action == Action.USE and not item.recipients


def test_a_negation_describing_an_items_data_denies_nothing(read):
    statements = read("When you delete your account, we delete your information, except for information we are "
                      "required to retain, including:\n\n"
                      "- Transaction data recorded on a public ledger, which is immutable and cannot be deleted.\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert item.action == Action.RETAIN and not item.negated
