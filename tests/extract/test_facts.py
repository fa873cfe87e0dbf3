"""Facts from hand-written sentences: choices, audiences, tracking, security."""

import pytest

from policygraph.extract.reader import document_from_text


@pytest.fixture(scope="module")
def facts_of():
    """The facts of a hand-written text, tentative readings included."""
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text, markup=None: extractor.extract(document_from_text(text, "t", markup=markup)).facts.facts


def kinds(facts, kind):
    return [f for f in facts if f.kind == kind]


def test_a_withheld_choice_is_negated(facts_of):
    (fact,) = kinds(facts_of("You may not opt out of service announcements."), "UserChoice")
    assert fact.negated
    (fact,) = kinds(facts_of("You can opt out of marketing e-mails at any time."), "UserChoice")
    assert not fact.negated


@pytest.mark.parametrize("text", [
    "The privacy of children is important to us.",
    "We care about the safety of children and families.",
])
def test_a_sentence_about_children_that_says_nothing_of_the_audience_is_no_fact(facts_of, text):
    assert not kinds(facts_of(text), "Audience")


def test_an_audience_with_its_age(facts_of):
    (fact,) = kinds(facts_of("Our services are not directed to children under 13."), "Audience")
    assert (fact.value, fact.detail) == ("Children", "under 13")


def test_a_run_in_label_is_not_the_tracking_fact(facts_of):
    facts = kinds(facts_of("**Cookies.** We use cookies to remember you.\n", markup="markdown"), "TrackingTechnology")
    assert [f.evidence.text for f in facts] == ["We use cookies to remember you."]


def test_a_listed_technology_is_a_tracking_fact(facts_of):
    text = "We use the following technologies:\n\n- Cookies\n- Web beacons\n"
    assert {f.value for f in kinds(facts_of(text, markup="markdown"), "TrackingTechnology")} >= {"Cookie"}


@pytest.mark.parametrize("text, expected", [
    ("For more information, see our Cookies Policy.", []),
    ("Cookies are not required for many parts of the site.", [False]),
    ("We do not use cookies.", [True]),
    ("We use cookies to remember you.", [False]),
])
def test_tracking_is_denied_only_by_a_denied_use(facts_of, text, expected):
    assert [f.negated for f in kinds(facts_of(text), "TrackingTechnology")] == expected


def test_a_technology_defined_is_a_tentative_reading(facts_of):
    (fact,) = kinds(facts_of("Pixel tags are small images embedded in web pages."), "TrackingTechnology")
    assert fact.evidence.confidence < 0.7


def test_an_adequacy_decision_is_found_by_someone(facts_of):
    assert not kinds(facts_of("We ensure an adequate level of protection for your data."), "TransferSafeguard")
    (fact,) = kinds(facts_of("We transfer data to countries deemed to provide an adequate level of protection."),
                    "TransferSafeguard")
    assert fact.value == "AdequacyDecision"


@pytest.mark.parametrize("text", [
    "In protecting such vital interests we aim to combat harmful conduct and promote safety and security of data.",
    "We may disclose information to protect the rights, property, or safety of our users and data.",
])
def test_protecting_something_other_than_data_is_no_security_measure(facts_of, text):
    assert all(f.evidence.confidence < 0.7 for f in kinds(facts_of(text), "SecurityMeasure"))


def test_a_caveat_does_not_deny_the_safeguards(facts_of):
    text = "We implement reasonable safeguards to protect your information; however, no system is completely secure."
    facts = kinds(facts_of(text), "SecurityMeasure")
    assert facts and not any(f.negated for f in facts)


def test_permanent_deletion_is_no_indefinite_retention(facts_of):
    facts = kinds(facts_of("Once your account is permanently deleted, you will not be able to reactivate it."),
                  "RetentionPeriod")
    assert not [f for f in facts if f.value == "Indefinitely"]


def test_a_period_is_denied_only_by_a_denied_keeping(facts_of):
    text = "Even if you do not clear your search, within six months of your search we delete part of the IP address."
    (fact,) = kinds(facts_of(text), "RetentionPeriod")
    assert (fact.detail, fact.negated) == ("six months", False)


@pytest.mark.parametrize("text, negated", [
    ("We won't use cookies on this site.", True),
    ("Cookies are never used on this site.", True),
    ("This cookie does not store any personal information.", False),
])
def test_tracking_denials_in_other_words(facts_of, text, negated):
    assert [f.negated for f in kinds(facts_of(text), "TrackingTechnology")] == [negated]


def test_protecting_the_confidentiality_of_data_is_a_security_measure(facts_of):
    facts = kinds(facts_of("We use encryption to protect the confidentiality of your personal information."),
                  "SecurityMeasure")
    assert facts and all(f.evidence.confidence >= 0.7 for f in facts)


def test_a_choice_given_beside_one_withheld_stays_a_choice(facts_of):
    text = "You can opt out of marketing emails, but you cannot opt out of service announcements."
    assert [f.negated for f in kinds(facts_of(text), "UserChoice")] == [False]


def test_the_technology_a_policy_names_is_no_definition(facts_of):
    (fact,) = kinds(facts_of("The only tracking technology we use is Google Analytics cookies."), "TrackingTechnology")
    assert fact.evidence.confidence >= 0.7


def test_facts_of_a_definitions_section_are_tentative(facts_of):
    facts = facts_of("## Key terms\n\n### Cookies\n\nCookies are small files a site stores in a browser.\n\n"
                     "## Our practices\n\nWe use cookies to keep you signed in.\n", markup="markdown")
    assert [(f.evidence.text[:6], f.evidence.confidence >= 0.7) for f in kinds(facts, "TrackingTechnology")] == [
        ("Cookie", False), ("We use", True)]


def test_a_definition_of_do_not_track_states_no_stance(facts_of):
    facts = kinds(facts_of("Do Not Track is a setting that people can turn on in some browsers. We do not respond "
                           "to Do Not Track signals."), "DoNotTrackStance")
    assert [(f.value, f.evidence.confidence >= 0.7) for f in facts] == [("DNTMentioned", False),
                                                                       ("DNTNotHonored", True)]


@pytest.mark.parametrize(("text", "values"), [
    ("If you are a user located outside of the EEA, the UK or Switzerland, Acme Pte. Ltd. is the controller.", []),
    ("If you are located outside the EEA, the UK, or Switzerland, Acme Pte. Ltd. is the controller.", []),
    ("Outside the EEA, UK and Switzerland, users contract with Acme Inc.", []),
    ("If you are a user located in the EEA, our representative is Acme GmbH.", ["Europeans"]),
    ("For users outside the United States, Acme Ltd is the controller.", ["OtherRegionResidents"]),
])
def test_regions_named_after_outside_are_not_the_audience(facts_of, text, values):
    assert [f.value for f in kinds(facts_of(text), "Audience")] == values


def test_what_a_permission_lets_the_service_do_is_no_right_of_the_user(facts_of):
    assert not kinds(facts_of("You can revoke your permission to access your address book at any time."), "UserRight")
    (right,) = kinds(facts_of("You have the right to access your data."), "UserRight")
    assert right.value == "RightOfAccess"


@pytest.mark.parametrize(("text", "values"), [
    ("Transfers of personal data from the EU to the United States rely on standard contractual clauses.", []),
    ("If you live in the European Union, you have additional rights.", ["Europeans"]),
    ("We host live events in California.", []),
])
def test_regions_the_data_moves_between_are_no_audience(facts_of, text, values):
    assert [f.value for f in kinds(facts_of(text), "Audience")] == values


# -- 0.9.0: from the judged facts sheet of seed 157 (hand-written sentences)

def _fact_values(extractor, text, kind):
    from policygraph.extract.reader import document_from_text

    facts = extractor.extract(document_from_text(text, "t")).facts.facts
    return [f.value for f in facts if f.kind == kind]


def test_how_we_respond_to_do_not_track_asks_the_question_it_does_not_answer(extractor):
    assert _fact_values(extractor, "You are entitled to know how we respond to Do Not Track signals.",
                        "DoNotTrackStance") == ["DNTMentioned"]


def test_signing_in_to_your_account_is_no_right_of_access(extractor):
    text = "Your phone number can help you access your account if you forget your password."
    assert "RightOfAccess" not in _fact_values(extractor, text, "UserRight")


def test_what_it_takes_the_company_to_delete_is_no_right_but_asking_it_to_is(extractor):
    assert not _fact_values(extractor, "You can read how long it takes us to delete your information.", "UserRight")
    assert _fact_values(extractor, "You may ask us to delete your data.", "UserRight") == ["RightToDelete"]
    assert _fact_values(extractor, "We allow you to delete your data at any time.", "UserRight") == ["RightToDelete"]


def test_what_the_company_does_to_reach_your_information_is_no_right(extractor):
    text = "We use cookies to access your information when you sign in."
    assert "RightOfAccess" not in _fact_values(extractor, text, "UserRight")
