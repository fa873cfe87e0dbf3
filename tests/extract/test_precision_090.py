"""Precision rules of 0.9.0, from the judged 0.8.0 sheets, in hand-written sentences: a section's purpose for
the uses under it, purposes read from the parse where a fixed phrase cannot name them (a brand between
"provide" and "products", "keep ... safe"), and the recipients a disclosure implies or names in plain words."""

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


def test_what_the_reader_should_keep_safe_is_no_purpose_of_the_company(extractor):
    statements = _statements(extractor, "We collect your password, which you should keep safe.")
    assert statements and all("Security" not in s.purposes for s in statements)


def test_what_a_recipient_provides_is_not_the_companys_service(extractor):
    text = "We share your data with companies that provide hosting services for us."
    assert all("ServiceProvision" not in s.purposes for s in _statements(extractor, text))


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


@pytest.mark.parametrize("text", ["We may disclose your data in response to a subpoena or court order.",
                                  "We may disclose information when required by law or legal process.",
                                  "We may be required to disclose data in response to requests by public bodies."])
def test_a_disclosure_answering_legal_process_goes_to_the_authorities(extractor, text):
    shares = [s for s in _statements(extractor, text) if s.action == Action.SHARE]
    assert [s.recipients for s in shares] == [("GovernmentAuthority",)]


def test_legal_process_does_not_replace_a_named_recipient(extractor):
    text = "We may share your data with our lawyers in response to a subpoena."
    shares = [s for s in _statements(extractor, text) if s.action == Action.SHARE]
    assert [s.recipients for s in shares] == [("ServiceProvider",)]


@pytest.mark.parametrize("party, recipient", [("emergency services", "GovernmentAuthority"),
                                              ("our professional advisers", "ServiceProvider"),
                                              ("our auditors", "ServiceProvider"),
                                              ("publishers", "BusinessPartner")])
def test_plain_words_for_recipients(extractor, party, recipient):
    shares = [s for s in _statements(extractor, f"We share your e-mail address with {party}.")
              if s.action == Action.SHARE]
    assert [s.recipients for s in shares] == [(recipient,)]


@pytest.mark.parametrize("phrase, terms", [("contact and profile information", {"ContactData", "ProfileData"}),
                                           ("device and performance information", {"TechnicalData"}),
                                           ("registration and login data", {"AccountData"})])
def test_modifiers_joined_by_and_share_their_head_noun(extractor, phrase, terms):
    collected = [s for s in _statements(extractor, f"We collect {phrase}.") if s.action == Action.COLLECT]
    assert [set(s.data_categories) for s in collected] == [terms]


def test_data_set_aside_by_excluding_is_not_named_nor_its_conjunct(extractor):
    statements = _statements(extractor, "We use account information (excluding race or ethnicity).")
    assert [s.data_categories for s in statements] == [("AccountData",)]


def test_interests_are_data_only_as_information_about_them(extractor):
    text = ("We collect information about your interests. "
            "We process your information unless your interests override ours.")
    statements = _statements(extractor, text)
    assert [s.data_categories for s in statements if "about your interests" in s.evidence.text] == [("Preferences",)]
    assert all("Preferences" not in s.data_categories for s in statements if "override" in s.evidence.text)


def test_protecting_vital_interests_is_a_purpose(extractor):
    text = "We share information with emergency services to protect the vital interests of our users."
    shares = [s for s in _statements(extractor, text) if s.action == Action.SHARE]
    assert shares and "ProtectionOfRights" in shares[0].purposes and "ProtectionOfRights" not in shares[0].conditions


def test_items_after_a_reasons_lead_in_say_what_for(extractor):
    text = ("We share your information as necessary for the following legal and safety reasons:\n\n"
            "- Investigate and enforce potential violations of our terms.\n"
            "- Protect the rights, property or safety of our users.\n")
    items = [s for s in _statements(extractor, text) if s.evidence.segment > 0]
    assert [s.purposes for s in items] == [("LegalClaims",), ("ProtectionOfRights",)]


def test_an_item_opening_with_an_infinitive_says_what_the_data_is_kept_for(extractor):
    text = ("Your purchase history may be kept longer if it is related to any of the following:\n\n"
            "- To prevent harm\n")
    items = [s for s in _statements(extractor, text) if s.evidence.segment > 0]
    assert [(s.action, s.purposes) for s in items] == [(Action.RETAIN, ("ProtectionOfRights",))]


def test_a_title_that_says_recipients_names_no_kind_of_recipient(extractor):
    text = ("## Recipients and reasons for sharing\n\nWe share your information for the following reasons:\n\n"
            "- Detect and resolve fraud.\n")
    items = [s for s in _statements(extractor, text) if s.evidence.rule == "lead-in"]
    assert items and all("Recipient" not in s.recipients for s in items)


def test_data_an_imperative_asks_the_reader_for_is_not_the_companys_verbs(extractor):
    text = "Please include your name and e-mail address in your request so we can process it."
    assert not _statements(extractor, text)


@pytest.mark.parametrize("text", ["We may disclose your data to comply with a subpoena.",
                                  "We may disclose your data if required by law, such as to comply with a subpoena."])
def test_complying_with_legal_process_names_what_for_not_to_whom(extractor, text):
    shares = [s for s in _statements(extractor, text) if s.action == Action.SHARE]
    assert shares and all(not s.recipients for s in shares)


@pytest.mark.parametrize("item", ["To learn more about our analytics providers, see our cookie policy."])
def test_an_item_pointing_elsewhere_says_no_purpose(extractor, item):
    text = f"We may share your information with our partners:\n\n- {item}\n"
    assert all(not s.purposes for s in _statements(extractor, text) if s.evidence.segment > 0)


def test_a_practice_that_names_no_data_stays_below_the_answer_threshold(extractor):
    assert not _statements(extractor, "We may also report the violation to the appropriate authorities.")


def test_an_item_continuing_its_lead_ins_practice_acts_on_the_lead_ins_data(extractor):
    text = "We use your location and your contacts to:\n\n- personalise and improve the app\n"
    items = [s for s in _statements(extractor, text) if s.evidence.segment == 1]
    assert items and all(set(s.data_categories) >= {"LocationData"} for s in items)


def test_a_denial_that_names_no_data_still_says_something(extractor):
    statements = _statements(extractor, "We do not share with advertisers.")
    assert [(s.action, s.negated, s.recipients) for s in statements] == [(Action.SHARE, True, ("Advertiser",))]
