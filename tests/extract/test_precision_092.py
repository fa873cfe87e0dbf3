"""Precision rules of 0.9.2, from the judged 0.9.x sheets: a practice in a clause that serves another main clause
(adverbial, relative, participle, under another verb) is background, kept below the threshold of answers, while
the same practice as the main clause, in a "that" clause of asserting, or describing the noun a fragment is
stays an answer."""

from __future__ import annotations

import pytest

from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE
from policygraph.extract.reader import document_from_text
from policygraph.records import Action


@pytest.fixture(scope="module")
def read():
    """Every reading of a hand-written text, tentative ones included."""
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown")).statements


def _confident(statements, action):
    return [s for s in statements if s.action == action and s.evidence.confidence >= DEFAULT_MIN_CONFIDENCE]


@pytest.mark.parametrize(("text", "action"), [
    ("Once we receive your email address, we will send you a confirmation.", Action.COLLECT),
    ("The laws of your country may differ from those of the country where you provided your data.", Action.COLLECT),
    ("You can delete the photos stored in your account at any time.", Action.RETAIN),
    ("Your settings determine which of your location data is processed.", Action.USE),
    ("It also describes how long we keep your information and how we keep it safe when we transfer it.",
     Action.TRANSFER),
])
def test_a_practice_in_a_clause_serving_another_is_no_answer(read, text, action):
    statements = read(text)
    assert any(s.action == action for s in statements), "kept in the graph, below the answer threshold"
    assert not _confident(statements, action)


@pytest.mark.parametrize(("text", "action"), [
    ("We collect your email address when you create an account.", Action.COLLECT),
    ("You agree that we may share your email address with our affiliates.", Action.SHARE),
    ("Please note that we keep your purchase history for five years.", Action.RETAIN),
    ("## What we collect\n\n- Information that you provide when you register, such as your name and email address.",
     Action.COLLECT),
])
def test_the_practice_a_sentence_asserts_stays_an_answer(read, text, action):
    assert _confident(read(text), action)


@pytest.mark.parametrize(("text", "action"), [
    ("We keep your information only for as long as it is needed to provide our services to you.", Action.RETAIN),
    ("You must give us your email address so that we can provide our services to you.", Action.COLLECT),
])
def test_providing_the_service_is_the_purpose_of_the_practice_it_serves(read, text, action):
    (statement,) = [s for s in read(text) if s.action == action]
    assert "ServiceProvision" in statement.purposes


def test_helping_the_user_do_something_is_no_customer_support(read):
    (statement,) = read("Photos you upload are used to help you create albums and collages.")
    assert "CustomerSupport" not in statement.purposes
    (statement,) = read("We use your email address to help you with your questions.")
    assert "CustomerSupport" in statement.purposes


def test_what_the_user_does_is_the_occasion_not_the_purpose(read):
    (statement,) = read("If you create an account, we collect your email address.")
    assert "AccountManagement" not in statement.purposes
    (statement,) = read("We use your email address to create your account.")
    assert "AccountManagement" in statement.purposes


def test_an_item_whose_own_verbs_are_background_is_read_through_its_lead_in(read):
    text = ("We use the information we collect to:\n\n"
            "- personalise the app (including ads if we show you ads),\n"
            "- communicate with you.\n")
    confident = _confident(read(text), Action.USE)
    assert any(s.evidence.rule == "lead-in" and "Personalisation" in s.purposes for s in confident)


@pytest.fixture(scope="module")
def facts_of():
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown")).facts.facts


def test_a_right_in_the_first_of_two_joined_clauses_is_not_denied_by_the_second(facts_of):
    (right,) = [f for f in facts_of("Where we rely on consent, you can withdraw your consent at any time, however "
                                    "this will not affect our use of your data up to that point.")
                if f.value == "RightToWithdrawConsent"]
    assert not right.negated
    (right,) = [f for f in facts_of("You do not have the right to data portability.") if f.kind == "UserRight"]
    assert right.negated


@pytest.mark.parametrize("text", [
    "To stop receiving our emails, you can change your email settings on your profile page.",
    "You should know the ways we share your information and how you can control it.",
])
def test_a_setting_changed_or_advice_given_is_no_right(facts_of, text):
    assert not [f for f in facts_of(text) if f.kind == "UserRight"]


def test_a_right_over_data_is_still_a_right(facts_of):
    assert "RightToCorrect" in {f.value for f in facts_of("You can change your personal information in your account.")}


@pytest.mark.parametrize("text", [
    "We will share information with third parties who perform services on our behalf.",
    "We may share your information with companies that provide support to us.",
])
def test_what_makes_a_party_a_provider_is_no_purpose(read, text):
    (statement,) = read(text)
    assert statement.action == Action.SHARE and not statement.purposes


def test_a_purpose_word_in_an_example_of_the_data_is_no_purpose(read):
    (statement,) = read("We share information (like whether people saw an ad) with our measurement vendors.")
    assert "Advertising" not in statement.purposes
    (statement,) = read("We may use browser data such as cookies on parts of our site for fraud prevention.")
    assert "FraudPrevention" in statement.purposes


@pytest.mark.parametrize("text", [
    "We share your data with our parent company, Microsoft.",
    "We share your data with Microsoft, our parent company.",
])
def test_a_group_company_named_is_no_third_party(read, text):
    (statement,) = read(text)
    assert statement.recipients == ("ParentCompany",)


def test_protecting_our_rights_is_protection_of_rights_not_a_legal_claim(read):
    (statement,) = read("We may share your information to protect our rights and comply with laws.")
    assert "ProtectionOfRights" in statement.purposes and "LegalClaims" not in statement.purposes


def test_giving_rise_to_something_gives_no_data(read):
    text = ("Examples of laws that could give rise to an obligation requiring us to process your information are:\n\n"
            "- Consumer matters: consumer protection law.\n")
    assert not [s for s in read(text) if s.action == Action.SHARE and s.evidence.rule == "lead-in"]


@pytest.mark.parametrize("text", [
    "Information for additional account security (if you choose to secure your account).",
    "Information from security partners who provide us with information to protect against abuse.",
])
def test_a_noun_phrase_naming_data_states_no_security_measure(facts_of, text):
    assert not [f for f in facts_of(text) if f.kind == "SecurityMeasure" and f.evidence.confidence >= 0.7]


@pytest.mark.parametrize(("text", "purpose"), [
    ("Our ad and business partners share your device identifiers with us.", "Advertising"),
    ("We share your email address with our marketing vendors.", "Marketing"),
])
def test_a_purpose_word_naming_a_kind_of_party_is_no_purpose(read, text, purpose):
    (share,) = read(text)
    assert purpose not in share.purposes
    (statement,) = read("We share your email address with our vendors for marketing.")
    assert "Marketing" in statement.purposes


def test_a_browser_among_the_sources_is_no_data_collected(read):
    (statement,) = read("We may collect location information from the devices or web browsers you use.")
    assert statement.data_categories == ("LocationData",)


def test_a_purpose_word_naming_an_identifier_is_no_purpose(read):
    (statement,) = read("We collect your mobile advertising identifier.")
    assert statement.data_categories == ("AdvertisingIdentifier",) and not statement.purposes
    (statement,) = read("We use your email address to send you marketing emails.")
    assert statement.purposes


@pytest.mark.parametrize(("text", "action"), [
    ("We ensure that your personal data is only shared with service providers who need it.", Action.SHARE),
    ("We want to be clear that we do not sell your personal information to third parties.", Action.SELL),
    ("We reserve the ability to share your information with our affiliates.", Action.SHARE),
])
def test_assured_and_entitled_practices_stay_answers(read, text, action):
    assert _confident(read(text), action)


def test_a_question_conjunct_without_then_stays_in_the_question(read):
    statements = read("You can choose whether we collect and share your location data.")
    assert any(s.action == Action.SHARE for s in statements) and not _confident(statements, Action.SHARE)


def test_what_the_reader_can_do_after_so_that_is_a_purpose(read):
    (statement,) = read("We use your email address so that you can manage your account.")
    assert "AccountManagement" in statement.purposes


def test_a_denial_after_a_joined_clause_of_its_own_stays_denied(facts_of):
    (right,) = [f for f in facts_of("We keep your data for legal reasons, you do not have the right to delete it.")
                if f.value == "RightToDelete"]
    assert right.negated


def test_a_denial_that_allows_more_than_consent_is_the_conditional_practice(read):
    (statement,) = read("We do not share your personal information with third parties except as described in this "
                        "policy or with your consent.")
    assert not statement.negated and statement.evidence.rule == "verb-negation-exception"
    (statement,) = read("We do not share your personal information with third parties except with your consent.")
    assert statement.negated and "Consent" in statement.conditions



@pytest.mark.parametrize(("text", "purpose"), [
    ("We analyze data about your visits to optimize our products.", "ServiceImprovement"),
    ("We use your date of birth to verify your age.", "IdentityVerification"),
    ("We use this data for measurement.", "Analytics"),
])
def test_purposes_in_more_words(read, text, purpose):
    (statement,) = read(text)
    assert purpose in statement.purposes
