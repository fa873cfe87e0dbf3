"""Sentences that talk about a practice without stating it give no statement; sentences that state one keep it."""

from __future__ import annotations

import pytest

from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE
from policygraph.extract.reader import document_from_text
from policygraph.records import Action


@pytest.mark.parametrize("text", [
    "You have the right to know what personal information we collect, share or sell.",
    "This section explains how we use the information we collect.",
    "Below, we describe the ways we share your data.",
    "We cannot guarantee that such information will not be accessed or disclosed.",
    "You can ask us to delete your personal information at any time.",
    "You may object to our processing of your data or request that we restrict how we use it.",
    "Our privacy settings give you the ability to control what we share.",
    "Users who do not want their browsing information collected can turn on Do Not Track.",
    "In-app notices provide you with more information about our products.",
    "Understanding your interests helps us provide better products.",
    "You can choose to share your location with your friends.",
])
def test_a_practice_talked_about_is_not_stated(extract_text, text):
    assert extract_text(text).statements == ()


@pytest.mark.parametrize("text, action", [
    ("We collect your name and e-mail address when you register.", Action.COLLECT),
    ("We share your e-mail address with our affiliates for marketing purposes.", Action.SHARE),
    ("You may choose to provide us with your phone number.", Action.COLLECT),
    ("If you do not want us to share your e-mail address with our partners, you may opt out.", Action.SHARE),
    ("The user agrees that the user's nickname may be displayed to other users.", Action.SHARE),
    ("Information that we share with advertisers includes your device identifiers.", Action.SHARE),
])
def test_a_stated_practice_is_kept(extract_text, text, action):
    assert action in {s.action for s in extract_text(text).statements}


def test_a_party_named_as_subject_is_the_actor_and_stays_below_the_threshold(extract_all_readings):
    statements = extract_all_readings("Our payment processor, Stripe Inc., collects your card number.").statements
    assert statements and all(s.actor != "FirstParty" for s in statements)
    assert all(s.evidence.confidence < DEFAULT_MIN_CONFIDENCE for s in statements)


def test_list_items_under_a_rights_lead_in_are_the_users_acts(extractor):
    text = ("You have the right to:\n\n- Delete certain personal information we hold about you.\n"
            "- Obtain a copy of your data.\n- Restrict how we disclose your information.\n")
    assert extractor.extract(document_from_text(text, "t")).statements == ()


def test_list_items_take_their_lead_ins_action_and_recipients(extractor):
    text = "We may share the following information with advertisers:\n\n- your e-mail address;\n- your device ID.\n"
    items = [s for s in extractor.extract(document_from_text(text, "t")).statements if s.evidence.rule == "lead-in"]
    assert items and all(s.action == Action.SHARE and s.recipients == ("Advertiser",) for s in items)
    assert all(not s.evidence.text.startswith("-") for s in items), "the list marker is not part of the item"


def test_an_item_that_is_a_clause_of_its_own_does_not_inherit_the_lead_in(extractor):
    text = ("You can manage your information:\n\n- Access and update your information. You can edit your name "
            "and e-mail address in your settings.\n")
    assert not [s for s in extractor.extract(document_from_text(text, "t")).statements if s.evidence.rule == "lead-in"]


@pytest.mark.parametrize("text, action, recipient", [
    ("We reserve the right to share your personal information with third parties.", Action.SHARE, "ThirdParty"),
    ("By connecting your account, you authorize us to share your information with social networks.",
     Action.SHARE, "SocialNetwork"),
])
def test_an_entitlement_or_authorisation_the_company_holds_is_its_practice(extract_text, text, action, recipient):
    assert any(s.action == action and recipient in s.recipients for s in extract_text(text).statements)


def test_purposes_of_a_conjoined_purpose_verb_stay_with_the_practice(extract_text):
    e = extract_text("We use the information we collect to monitor and analyze how users use the site.")
    assert any("Analytics" in s.purposes for s in e.statements)


def test_a_company_learning_something_is_not_a_description(extract_text):
    e = extract_text("Cookies let us know which web browser is being used.")
    assert any("BrowserType" in s.data_categories for s in e.statements)
    assert not extract_text("Please see how we use your browser type below.").statements


@pytest.mark.parametrize("text, absent", [
    ("We may transfer your information to other countries.", "Country"),
    ("We use information to conduct and support research.", "CustomerSupport"),
    ("We use your information to promote the safety and security of our products.", "Marketing"),
])
def test_destinations_and_verbs_before_a_purpose_are_not_read_as_what_they_name(extract_text, text, absent):
    statements = extract_text(text).statements
    assert statements and all(absent not in s.data_categories + s.purposes for s in statements)


def test_a_source_is_not_a_recipient(extract_text):
    e = extract_text("We use cookies to provide you with relevant offers from our advertisers.")
    assert all("Advertiser" not in s.recipients for s in e.statements)


def test_a_definition_and_a_denial_with_unnamed_exceptions_are_not_plain_practices(extract_text):
    assert not extract_text("'Sale' means selling, renting or disclosing personal information to a third party."
                            ).statements
    denial = extract_text("We do not share your personal information with third parties except in these cases:")
    assert all(s.evidence.confidence < 0.7 for s in denial.statements if not s.negated)


def test_a_party_authorised_to_use_data_is_the_actor(extract_all_readings):
    e = extract_all_readings("These companies are authorized to use your personal data only to provide services to us.")
    assert e.statements and all(s.actor != "FirstParty" for s in e.statements)


@pytest.mark.parametrize("text", [
    "Erasure: you have the right to have your data erased when it is no longer needed for the purposes for which "
    "it was processed.",
    "Click Do Not Sell My Personal Information to opt out.",
    "Do Not Track is a concept that allows users to control the tracking of their online activities.",
    "In this section, we explain how long we keep your information.",
])
def test_names_and_rights_state_no_practice(extract_text, text):
    assert extract_text(text).statements == ()


def test_information_of_no_kind_for_nothing_is_tentative(extract_text, extract_all_readings):
    text = "We may aggregate the information we collect."
    assert extract_text(text).statements == () and extract_all_readings(text).statements
    assert extract_text("We do not sell your personal information.").statements, "a denial says something"


@pytest.mark.parametrize("text", [
    "We require partners to follow rules about how they can and cannot use and disclose the information we provide.",
    "This section explains what we may and may not share with advertisers.",
])
def test_rules_said_both_ways_state_neither_practice_nor_denial(extract_all_readings, text):
    assert extract_all_readings(text).statements == ()


def test_whether_or_not_the_user_provides_it_is_no_denial(extract_all_readings):
    e = extract_all_readings("We will give you a choice as to whether or not you provide us such information.")
    assert not any(s.negated for s in e.statements)
