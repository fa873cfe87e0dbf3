"""Precision rules of 0.9.3 besides stated purposes, from the judged 0.9.3 sheets."""

from __future__ import annotations

import pytest

from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE
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


def test_a_lead_in_that_partners_with_a_party_gives_disclosures(read):
    statements = read("We partner with service providers for the following purposes:\n\n- Payment processing.\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert item.action == Action.SHARE and "ServiceProvider" in item.recipients


@pytest.mark.parametrize("consent", ["your prior written consent", "your explicit consent", "your consent"])
def test_a_denial_excepting_consent_in_any_words_stays_a_denial(read, consent):
    statements = read(f"We will not share your personal information with third parties except with {consent}.")
    (share,) = [s for s in statements if s.action == Action.SHARE]
    assert share.negated and "Consent" in share.conditions


def test_what_is_done_without_a_practice_is_no_answer_for_that_practice(read):
    statements = read("We process your payment information without storing your card number.")
    retain = [s for s in statements if s.action == Action.RETAIN]
    assert retain and all(s.evidence.confidence < DEFAULT_MIN_CONFIDENCE for s in retain)
    (kept,) = [s for s in read("We cannot provide the service without retaining your email address.")
               if s.action == Action.RETAIN]
    assert kept.evidence.confidence >= DEFAULT_MIN_CONFIDENCE


def test_a_lead_in_verb_describing_the_data_of_another_is_not_the_practice(read):
    statements = read("Examples of laws that could require us to process the information we hold about you are:\n\n"
                      "- Tax matters: to comply with our obligations under tax law.\n")
    (item,) = [s for s in statements if s.evidence.rule == "lead-in"]
    assert item.action == Action.USE and item.purposes == ("LegalCompliance",)


@pytest.mark.parametrize("text", [
    "We share your information with regulators such as the Data Protection Commission.",
    "We retain your information as required by the Consumer Protection Act.",
])
def test_a_purpose_word_in_the_name_of_a_law_or_body_is_no_purpose(read, text):
    statements = read(text)
    assert statements and all("Security" not in s.purposes for s in statements)
    (statement,) = read("We retain your information for the protection of our users.")
    assert "Security" in statement.purposes


def test_the_users_country_named_as_a_place_is_no_data(read):
    (transfer,) = [s for s in read("We may transfer your information to servers outside your home country.")
                   if s.action == Action.TRANSFER]
    assert "Country" not in transfer.data_categories
    (collect,) = read("We collect your name and your country of residence.")
    assert "Country" in collect.data_categories
    (use,) = read("We use your country to show you events specific to your country.")
    assert "Country" in use.data_categories


def test_data_words_naming_a_kind_of_party_are_no_data(read):
    (share,) = read("We share your information with credit card processors and email service providers.")
    assert not {"PaymentCard", "EmailAddress"} & set(share.data_categories)
    assert {"PaymentProcessor", "ServiceProvider"} <= set(share.recipients)
    (collect,) = read("We collect your credit card number and your email address.")
    assert {"PaymentCard", "EmailAddress"} <= set(collect.data_categories)


def test_a_negation_saying_when_in_an_item_denies_nothing(read):
    statements = read("We use information we collect to:\n\n"
                      "- See if our products are working correctly, and fix them when they're not working\n"
                      "- Not sell your personal information\n")
    items = [s for s in statements if s.evidence.rule == "lead-in"]
    assert [s.negated for s in items] == [False, True]


@pytest.mark.parametrize("text", ["Category F: Internet or other similar network activity",
                                  "We log the videos and other content you view on our products."])
def test_activity_named_by_what_the_user_views_or_does_online(read, text):
    statements = read(text if text.startswith("We") else f"We collect the following:\n\n- {text}\n")
    assert any("OnlineActivity" in s.data_categories for s in statements)


def test_no_longer_doing_a_practice_is_a_denial(read):
    (collect,) = read("We will no longer collect your location data.")
    assert collect.negated
    (more,) = read("We collect more location data than before.")
    assert not more.negated
