"""Precision rules of 0.9.1, from the judged 0.9.0 sheets, in hand-written sentences: a transfer to a party is a
disclosure, a clause of "so that" says what for, a user's declining or wishing is no statement of the company's,
and the legal-compliance purpose is read from what the sentence says, not from the recipient's name."""

from __future__ import annotations

import pytest

from policygraph.evaluation.opp115_labels import opp115_labels
from policygraph.extract.reader import document_from_text
from policygraph.records import Action


@pytest.fixture(scope="module")
def read():
    """Every reading of a hand-written text, tentative ones included."""
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown"))


def _statements(read, text, action=None):
    return [s for s in read(text).statements if action is None or s.action == action]


@pytest.mark.parametrize("text", [
    "We will not transfer your personal information to third parties without your consent.",
    "If we sell our business, we may transfer your information to the buyer.",
    "In the event of a merger, your information may be transferred to the acquiring company.",
])
def test_a_transfer_to_a_party_is_a_disclosure(read, text):
    actions = {s.action for s in _statements(read, text)}
    assert Action.SHARE in actions and Action.TRANSFER not in actions


@pytest.mark.parametrize("text", [
    "We may transfer your information to service providers in other countries.",
    "We transfer your personal data to the United States.",
])
def test_a_transfer_to_a_place_stays_a_transfer(read, text):
    assert Action.TRANSFER in {s.action for s in _statements(read, text)}


def test_what_the_user_declines_to_give_us_is_no_denial_by_the_company(read):
    text = "Even if you don't agree to share your contacts with us, we can still suggest friends to you."
    assert not [s for s in _statements(read, text) if s.negated]
    (statement,) = _statements(read, "Our partners do not share your email address with us.")
    assert statement.action == Action.COLLECT and statement.negated


def test_a_so_that_clause_says_what_the_practice_is_for(read):
    (statement,) = _statements(read, "We provide partners with information about you so that advertisers can "
                                     "show you ads.")
    assert statement.action == Action.SHARE
    assert statement.recipients == ("BusinessPartner",)  # the advertisers act for the purpose; they get nothing
    assert "Advertising" in statement.purposes
    (statement,) = _statements(read, "We collect your phone number so we can contact you about your order.")
    assert statement.action == Action.COLLECT and "Communication" in statement.purposes


def test_providing_conjoined_offerings_is_providing_the_service(read):
    (statement,) = _statements(read, "We use this information to provide information and products to you.")
    assert "ServiceProvision" in statement.purposes


def test_a_disclosure_to_law_enforcement_is_for_what_the_sentence_says(read, extract_text):
    text = "We may share your information with law enforcement to protect the safety of our users."
    (statement,) = _statements(read, text, Action.SHARE)
    assert statement.recipients == ("GovernmentAuthority",)
    assert "LegalCompliance" not in statement.purposes
    # OPP-115's annotators label every disclosure to the authorities a legal requirement: the mapping says so
    labels = opp115_labels(extract_text(text))
    assert ("Unnamed third party", "Legal requirement") in {
        tuple(pair) for pair in labels["policy_labels"]["shared_with_entity_purpose"]}


def _facts(read, text, kind):
    return [f for f in read(text).facts.facts if f.kind == kind]


@pytest.mark.parametrize("text, stance", [
    ("Some browsers have a Do Not Track feature that tells websites that you do not want to be tracked.",
     "DNTMentioned"),
    ("We do not respond to Do Not Track signals.", "DNTNotHonored"),
    ("There is no common standard for DNT, so our services ignore it.", "DNTNotHonored"),
    ("At this time, we are unable to respond to DNT signals.", "DNTNotHonored"),
    ("If you do not want to be tracked, turn on Do Not Track in your browser, and we will honor it.",
     "DNTHonored"),
])
def test_the_do_not_track_stance_is_the_companys_not_the_users_wish(read, text, stance):
    assert [f.value for f in _facts(read, text, "DoNotTrackStance")] == [stance]


def test_a_users_wish_alone_offers_no_choice(read):
    assert not _facts(read, "Do Not Track is a way for users to tell websites that they do not want to be tracked.",
                      "UserChoice")
    assert _facts(read, "If you do not want our newsletter, you can unsubscribe at any time.", "UserChoice")


def test_a_belief_that_something_is_necessary_is_no_retention_period(read):
    text = "We may preserve or disclose your information if we believe that it is reasonably necessary to:"
    assert "AsLongAsNecessary" not in [f.value for f in _facts(read, text, "RetentionPeriod")]
    text = "We retain your data for as long as we believe it is necessary to provide the service."
    assert "AsLongAsNecessary" in [f.value for f in _facts(read, text, "RetentionPeriod")]


@pytest.mark.parametrize("text", [
    "You can choose to share your precise location with us.",
    "By enabling these settings, we collect your precise location.",
    "If your location setting is enabled, we collect your precise location.",
    "When location services are turned on, we collect your precise location.",
])
def test_a_practice_waiting_for_the_users_opting_act_is_opt_in(read, text):
    (statement,) = _statements(read, text)
    assert statement.action == Action.COLLECT and "OptIn" in statement.conditions


@pytest.mark.parametrize("text", ["By using our services, we collect your precise location.",
                                  "If you choose not to provide your phone number, we collect your email address."])
def test_using_the_service_or_declining_is_no_opt_in(read, text):
    statements = _statements(read, text, Action.COLLECT)
    assert statements and all("OptIn" not in s.conditions for s in statements)


def test_data_the_user_chooses_to_give_is_described_not_made_conditional(read):
    (statement,) = _statements(read, "We collect the photos you choose to share with us.")
    assert "OptIn" not in statement.conditions
    (statement,) = _statements(read, "We collect:\n\n- Photos you may decide to share with us\n")
    assert "OptIn" not in statement.conditions
    for text in ("We collect your photos regardless of whether you choose to save them.",
                 "We collect your email address when you log in by entering your password.",
                 "We collect your device information, and you can choose to link your social media account.",
                 "If location services are turned off, we use your IP address to infer your location.",
                 "By turning off location services, we collect only your IP address."):
        statements = _statements(read, text)
        assert statements and all("OptIn" not in s.conditions for s in statements), text


@pytest.mark.parametrize("text", ["We may use your information to safeguard children and promote public safety.",
                                  "We process data to detect and combat online child sexual abuse."])
def test_children_a_practice_protects_are_not_its_audience(read, text):
    statements = _statements(read, text)
    assert statements and all(s.audience is None for s in statements)


def test_children_the_practice_concerns_are_its_audience(read):
    (statement,) = _statements(read, "We do not knowingly collect personal information from children under 13.")
    assert statement.audience == "Children" and statement.age_threshold == 13


def test_consent_a_practice_goes_without_is_no_condition(read):
    text = ("In the following cases, we may collect your personal information without your consent:\n\n"
            "- Collecting your email address from news reports.\n")
    statements = _statements(read, text)
    assert statements and all("Consent" not in s.conditions for s in statements)
    (statement,) = _statements(read, "We use your information without identifying you, with your consent.")
    assert "Consent" in statement.conditions  # "without" governs the identifying, not the consent
    (statement,) = _statements(read, "We do not share your email address without your consent.")
    assert "Consent" in statement.conditions  # a denial's exception: shared with consent


def test_the_public_describing_the_data_is_no_recipient(read):
    (statement,) = _statements(read, "We may share your publicly available information with independent "
                                     "researchers.")
    assert statement.recipients == ("ThirdParty",)


@pytest.mark.parametrize("text", [
    "If we change the ways in which we use your personal information collected from you, we will notify you by "
    "email.",
    "This right applies when we process your personal information for research.",
])
def test_practices_a_sentence_talks_about_are_not_stated(read, text):
    assert not [s for s in _statements(read, text) if s.evidence.confidence >= 0.7]


@pytest.mark.parametrize("text", ["We receive information about the delivery of products you have purchased.",
                                  "We may use your personal data to update you on new features."])
def test_what_data_or_a_message_is_about_is_no_purpose(read, text):
    statements = _statements(read, text)
    assert statements and all(not {"OrderDelivery", "AdditionalFeatures"} & set(s.purposes) for s in statements)
    (statement,) = _statements(read, "We use data about your use of our services for fraud prevention.")
    assert "FraudPrevention" in statement.purposes  # the purpose phrase of the use, not the data's topic


def test_what_a_message_sent_for_a_purpose_is_about_says_what_for(read):
    (statement,) = _statements(read, "We use your email address to send you information about our promotional "
                                     "offers.")
    assert "Marketing" in statement.purposes or "DirectMarketing" in statement.purposes


def test_data_that_does_something_is_no_actor(read):
    text = "Users are those registered with a mobile number that uses the dialing code +86."
    assert not _statements(read, text, Action.USE)


@pytest.mark.parametrize("text, data", [
    ("We collect personal information such as your name.", {"PersonalData", "PersonName"}),
    ("We may keep your information, including your purchase history, for longer.",
     {"UnspecifiedPersonalInformation", "PurchaseHistory"}),
    ("We collect your name and email address.", {"PersonName", "EmailAddress"}),
])
def test_an_umbrella_stays_beside_its_examples(read, text, data):
    (statement,) = _statements(read, text)
    assert set(statement.data_categories) == data


def test_opp115_labels_the_kinds_not_the_umbrella_they_are_examples_of(extract_text):
    labels = opp115_labels(extract_text("We collect personal information such as your name."))
    assert "Generic personal information" not in labels["policy_labels"]["data_types_collected"]


def test_residents_of_european_places_are_europeans_not_other_regions(read):
    assert [f.value for f in _facts(read, "Residents of the UK and EEA have certain rights under the GDPR.",
                                     "Audience")] == ["Europeans"]
    assert [f.value for f in _facts(read, "If you are a resident of Canada, you have these rights.", "Audience")] == [
        "OtherRegionResidents"]
    assert not _facts(read, "For residents of countries where processing is based on consent, we ask for it.",
                      "Audience")


@pytest.mark.parametrize("text, value, negated", [
    ("Your data is encrypted.", "Encryption", False),
    ("We use TLS to protect data in transit.", "EncryptionInTransit", False),
    ("Direct messages are not end-to-end encrypted.", "EndToEndEncryption", True),
])
def test_encryption_is_read_as_said(read, text, value, negated):
    assert [(f.value, f.negated) for f in _facts(read, text, "SecurityMeasure")] == [(value, negated)]


@pytest.mark.parametrize("text", [
    "To create, maintain, and secure a customer's Personal Information and Account.",
    "We may use the information to provide content, and to protect the security of our services.",
])
def test_protection_a_practice_is_for_is_no_measure(read, text):
    measures = _facts(read, text, "SecurityMeasure")
    assert measures and all(f.evidence.confidence < 0.7 for f in measures)
    measures = _facts(read, "We use encryption to protect your data.", "SecurityMeasure")
    assert measures and all(f.evidence.confidence >= 0.7 for f in measures)


def test_a_right_of_someone_else_is_no_users_right(read):
    text = "The rights of authorities to access your personal information may differ in other countries."
    assert not _facts(read, text, "UserRight")
    assert _facts(read, "You have the right to access your personal information.", "UserRight")


def test_a_practice_subject_to_settings_is_no_opt_in(read):
    (statement,) = _statements(read, "We use your information to show you ads, subject to your settings.")
    assert "UserSettings" in statement.conditions and "OptIn" not in statement.conditions


def test_what_the_party_given_the_data_does_is_not_the_companys_practice():
    from policygraph.extract.actors import actor_of
    from policygraph.extract.nlp import load_pipeline

    doc = load_pipeline()("We share your data with Lumen, which collects and analyzes it.")
    assert {actor_of(t) for t in doc if t.lemma_ in ("collect", "analyze")} == {"NamedThirdParty"}
    assert actor_of(next(t for t in doc if t.lemma_ == "share")) == "FirstParty"


def test_what_the_user_receives_from_the_company_is_no_collection(read):
    text = "Even if you opt out of promotional messages, you will continue to receive administrative messages from us."
    assert not _statements(read, text, Action.COLLECT)
    assert _statements(read, "We receive your email address from our partners.", Action.COLLECT)


def test_items_of_another_partys_practice_take_no_practice_from_the_heading(read):
    text = ("## Information we collect\n\nThese providers may use cookies or SDKs to collect information, "
            "including:\n\n- device information;\n- browsing history.\n\nWe collect:\n\n- your name.\n")
    confident = [s for s in read(text).statements if s.evidence.confidence >= 0.7]
    assert [s.data_categories for s in confident] == [("PersonName",)]


def test_they_with_nothing_to_refer_to_are_the_party_the_section_is_titled_by(read):
    text = ("## Advertising partners\n\nDepending on how you interact with them, they receive:\n\n"
            "- your activity on our products.\n\nThey automatically receive your IP address.\n")
    assert not [s for s in read(text).statements if s.actor == "FirstParty" and s.evidence.confidence >= 0.7]
    assert [s.actor for s in read(text).statements if "IPAddress" in s.data_categories] == ["Advertiser"]


@pytest.mark.parametrize("text, data", [
    ("We receive device signals from different operating systems.", ("TechnicalData",)),
    ("We collect information from your browser, such as your IP address.",
     ("UnspecifiedPersonalInformation", "IPAddress")),
    ("We collect information from your browser.", ("BrowserType",)),
])
def test_a_browser_or_system_data_comes_from_is_no_data_of_its_own(read, text, data):
    (statement,) = _statements(read, text)
    assert statement.data_categories == data


def test_a_party_the_so_that_clause_names_is_the_recipient_when_the_verb_names_none(read):
    (statement,) = _statements(read, "We disclose your card number so that our payment processor can complete "
                                     "your transaction.")
    assert statement.recipients == ("PaymentProcessor",)


def test_a_disclaimer_does_not_deny_the_measure_it_follows(read):
    text = "Although we use SSL encryption to protect your data, we cannot guarantee its absolute security."
    assert [(f.value, f.negated) for f in _facts(read, text, "SecurityMeasure")] == [("EncryptionInTransit", False)]
    assert [f.value for f in _facts(read, "We encrypt your data in transit.", "SecurityMeasure")] == [
        "EncryptionInTransit"]


def test_a_negation_about_something_else_is_no_dnt_refusal(read):
    text = "Our site responds to DNT signals; when we receive one, we do not set advertising cookies."
    assert [f.value for f in _facts(read, text, "DoNotTrackStance")] == ["DNTHonored"]


def test_a_users_device_sending_us_data_is_collection(read):
    text = ("## Information we collect\n\nYour device automatically sends us:\n\n- your IP address;\n"
            "- your device model.\n")
    assert [s.action for s in read(text).statements if s.evidence.confidence >= 0.7] == [Action.COLLECT] * 2


def test_they_after_a_plural_noun_stays_with_it(read):
    text = "## Sharing with third parties\n\nWe use cookies on our site. They collect your IP address.\n"
    assert [s.actor for s in read(text).statements if "IPAddress" in s.data_categories] == ["FirstParty"]


def test_a_right_in_a_clause_of_its_own_does_not_frame_the_practice(read):
    (statement,) = _statements(read, "Your rights depend on where you live, and we share your data with advertisers.")
    assert statement.action == Action.SHARE and statement.evidence.confidence >= 0.7


def test_a_transfer_to_parties_running_servers_is_a_disclosure(read):
    text = "We may transfer your information to third parties that help us operate our servers."
    assert [s.action for s in _statements(read, text)] == [Action.SHARE]


def test_what_a_party_receives_from_the_company_is_the_companys_disclosure(read):
    (statement,) = _statements(read, "Our partners receive your email address from us so they can send you offers.")
    assert (statement.action, statement.actor, statement.recipients) == (Action.SHARE, "FirstParty",
                                                                         ("BusinessPartner",))
