"""Precision rules of 0.9.4, from the judged 0.9.3 sheets: each shape read wrong there, in general words."""

from __future__ import annotations

import pytest

from policygraph.extract.reader import document_from_text
from policygraph.records import Action


@pytest.fixture(scope="module")
def read():
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown")).statements


def _only(statements, action):
    (statement,) = [s for s in statements if s.action == action]
    return statement


@pytest.mark.parametrize("sentence", [
    "We use the information we collect to provide and support our services.",
    "We use your information to support AI research.",
    "We often receive a confirmation when you open e-mail from us if your computer supports such capabilities.",
])
def test_supporting_a_thing_is_no_customer_support(read, sentence):
    statements = [s for s in read(sentence) if s.action in (Action.USE, Action.COLLECT)]
    assert statements and not [s for s in statements if "CustomerSupport" in s.purposes]


@pytest.mark.parametrize("sentence", [
    "We use your information to support you when you have a question.",
    "We use your contact details for customer support.",
])
def test_supporting_people_is_customer_support(read, sentence):
    assert "CustomerSupport" in _only(read(sentence), Action.USE).purposes


def test_why_the_user_gave_the_data_is_no_purpose_of_a_later_use(read):
    statements = read("## Promoting safety and security\n\nWe use the information we collect to:\n\n"
                      "- Your photo or video selfie if you provide it when you contact us for account support\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert "CustomerSupport" not in item.purposes and "Security" in item.purposes


def test_why_the_user_gave_the_data_is_what_its_collection_is_for(read):
    collect = _only(read("If you contact us for customer support, we may receive your name and email address."),
                    Action.COLLECT)
    assert "CustomerSupport" in collect.purposes


@pytest.mark.parametrize("sentence", [
    "On our Products, you can send messages, take photos and videos, buy or sell things and much more.",
    "You can choose to share information on our Products or with integrated partners.",
])
def test_what_users_send_among_themselves_is_no_collection(read, sentence):
    assert not [s for s in read(sentence) if s.action == Action.COLLECT]


@pytest.mark.parametrize("sentence", [
    "You can send us your feedback and your email address.",
    "You may choose to share your precise location with us.",
    "You can decide to share your GPS location when you post content.",
])
def test_what_users_give_the_company_stays_collection(read, sentence):
    assert [s for s in read(sentence) if s.action == Action.COLLECT]


@pytest.mark.parametrize("sentence", [
    "We generally retain your personal data as long as you keep your account open or as needed to provide you "
    "Services.",
    "Location data is retained only for as long as necessary to deliver the relevant service.",
])
def test_keeping_data_as_long_as_needed_for_the_service_is_for_providing_it(read, sentence):
    assert "ServiceProvision" in _only(read(sentence), Action.RETAIN).purposes


@pytest.mark.parametrize("sentence", [
    "We may share your information with our affiliates to protect ourselves and others.",
    "We keep information as long as we need it to protect our or others' interests.",
    "We use your data to protect you, our users and the public.",
])
def test_protecting_people_or_their_interests_is_protection_of_rights(read, sentence):
    purposes = [p for s in read(sentence) for p in s.purposes]
    assert "ProtectionOfRights" in purposes and "Security" not in purposes


def test_protecting_data_or_systems_stays_security(read):
    assert "Security" in _only(read("We use data to protect your account and our systems."), Action.USE).purposes


def test_breaches_of_terms_are_legal_claims(read):
    use = _only(read("We use information to investigate breaches of our terms or policies."), Action.USE)
    assert "LegalClaims" in use.purposes


def test_metadata_about_messages_is_metadata_not_the_messages(read):
    statements = read("We use the information we collect to:\n\n- Metadata about content and messages\n"
                      "- Messages you send and receive\n")
    items = [s for s in statements if s.evidence.rule == "lead-in"]
    assert [list(s.data_categories) for s in items] == [["Metadata"], ["Messages"]]


def test_each_conjoined_purpose_is_checked_against_the_lexicon(read):
    statements = read("We may use your information for the following purposes:\n\n"
                      "- To verify your identity and determine your eligibility for our creator programs;\n")
    item = next(s for s in statements if s.evidence.rule in ("lead-in", "purpose-item"))
    assert "IdentityVerification" in item.purposes
    assert item.stated_purposes == ("determine your eligibility for our creator programs",)


def test_infinitives_conjoined_after_a_practice_verb_are_quoted_apart(read):
    use = _only(read("We use cookies to remember your settings and to help us count how many people visit our "
                     "pages."), Action.USE)
    assert use.stated_purposes == ("to remember your settings", "to help us count how many people visit our pages")


@pytest.mark.parametrize("item", [
    "To facilitate and improve your experience in our apps.",
    "To facilitate the creation of and secure your account.",
    "To send you text messages and push notifications;",
])
def test_verbs_sharing_their_words_are_not_split(read, item):
    statements = read(f"We use your information:\n\n- {item}\n")
    quoted = [q for s in statements for q in s.stated_purposes]
    assert not any(q.endswith(" of") or q in ("To facilitate", "push notifications") for q in quoted)


@pytest.mark.parametrize("sentence", [
    "Depending on where you live, and your privacy settings, we share data for advertising with partners.",
    "Depending on the products you're using and settings you choose, we may use your location information.",
])
def test_a_practice_depending_on_the_users_settings_is_subject_to_them(read, sentence):
    assert any("UserSettings" in s.conditions for s in read(sentence))


def test_a_practice_depending_on_where_the_user_lives_alone_is_not_subject_to_settings(read):
    statements = read("Depending on where you live, we may share data with partners for advertising.")
    assert statements and not any("UserSettings" in s.conditions for s in statements)


def test_were_to_sell_the_business_is_a_business_transfer(read):
    share = _only(read("If we were to sell our business to a buyer, we may transfer your information to the "
                       "successor."), Action.SHARE)
    assert "BusinessTransferCondition" in share.conditions


def test_giving_consent_is_no_data_given(read):
    assert not read("Consent: You have given your consent for processing Personal Data for one or more specific "
                    "purposes.")


def test_providing_rights_is_no_disclosure(read):
    statements = read("We do not provide these access and data portability rights for business-to-business "
                      "personal information until the exemption expires.")
    assert not [s for s in statements if s.action == Action.SHARE]


def test_sharing_the_users_settings_stays_a_disclosure(read):
    assert _only(read("We may provide your settings to our partners."), Action.SHARE)


def test_what_they_cannot_access_after_a_list_of_friends_is_not_the_company_s(read):
    statements = read("* They can view a list of your friends who use the same app. They can't access nonpublic "
                      "information about your friends or followers through this process.\n")
    assert not [s for s in statements if s.action == Action.COLLECT and s.actor == "FirstParty"]


def test_complying_with_legal_obligations_is_a_purpose_not_a_condition(read):
    retain = _only(read("We keep information as long as we need it to provide our Products, comply with legal "
                        "obligations or protect our interests."), Action.RETAIN)
    assert "LegalCompliance" in retain.purposes and "LegalRequirement" not in retain.conditions


def test_a_legal_requirement_stays_a_condition(read):
    assert "LegalRequirement" in _only(read("We may disclose your information if required by law."),
                                       Action.SHARE).conditions


def test_what_data_came_through_is_no_purpose(read):
    statements = read("We use other data submitted through lead generation forms or surveys, such as your name.")
    assert statements and not any("SurveysAndContests" in s.purposes for s in statements)


def test_running_a_survey_stays_a_purpose(read):
    assert "SurveysAndContests" in _only(read("We use your email address to run surveys and contests."),
                                         Action.USE).purposes


def test_data_acquired_is_no_business_acquired(read):
    statements = read("Our partners may use any information acquired through our API to show you ads.")
    assert not any("MergerAcquisition" in s.purposes for s in statements)
    share = _only(read("If our company is acquired by another company, your information will be one of the "
                       "transferred assets."), Action.SHARE)
    assert "MergerAcquisition" in share.purposes


def test_chat_data_is_messages(read):
    retain = _only(read("We do not permanently retain chat data between you and other users."), Action.RETAIN)
    assert "Messages" in retain.data_categories


def test_helping_advertisers_understand_their_campaigns_is_analytics(read):
    use = _only(read("We use data about the ads you interact with to help advertisers understand the performance "
                     "of their ad campaigns."), Action.USE)
    assert "Analytics" in use.purposes


def test_selling_data_is_no_merger(read):
    statements = read("In the last twelve months, we may have sold, shared or processed for targeted advertising "
                      "the following categories of personal information: identifiers and device identifiers.")
    assert statements and not any("MergerAcquisition" in s.purposes for s in statements)


def test_a_purpose_word_qualifying_data_is_no_purpose(read):
    statements = read("We use information with special protections you choose to provide to personalise your feed.")
    assert statements and not any("Security" in s.purposes for s in statements)


def test_data_in_a_clause_describing_a_party_is_not_the_data_shared(read):
    share = _only(read("Your information may be shared with service providers who assist us in delivering SMS "
                       "messages."), Action.SHARE)
    assert "Messages" not in share.data_categories and "ServiceProvider" in share.recipients


def test_responding_to_requests_is_customer_support(read):
    use = _only(read("We use the information that you provide for such purposes as responding to your requests "
                     "and improving our stores."), Action.USE)
    assert "CustomerSupport" in use.purposes


def test_apps_the_user_uses_are_online_activity(read):
    statements = read("We collect the following information:\n\n- Apps you use\n")
    item = next(s for s in statements if s.evidence.rule == "lead-in")
    assert list(item.data_categories) == ["OnlineActivity"]


def test_a_practice_in_listed_circumstances_is_conditional(read):
    statements = read("We will not publicly disclose your personal information.\n\nIn the following circumstances, "
                      "we may share or publicly disclose personal information without your consent:\n\n"
                      "- Directly related to national security;\n")
    items = [s for s in statements if not s.negated]
    assert items and all("ListedCircumstances" in s.conditions for s in items)


def test_a_party_named_as_an_example_of_a_source_is_no_recipient(read):
    statements = read("We may share your information in these cases:\n\n- Collecting personal information from "
                      "public sources, such as news reports and government agencies.\n")
    assert not any("GovernmentAuthority" in s.recipients for s in statements)
    share = _only(read("We share information with partners, such as advertisers and government agencies."),
                  Action.SHARE)
    assert "GovernmentAuthority" in share.recipients


@pytest.fixture(scope="module")
def facts_of():
    from policygraph.extract import Extractor

    extractor = Extractor(min_confidence=0)
    return lambda text: extractor.extract(document_from_text(text, "t", markup="markdown")).facts.facts


def test_the_company_transferring_data_is_no_right(facts_of):
    assert not [f for f in facts_of("If we are acquired, we may transfer your data to the buyer.")
                if f.kind == "UserRight"]
    assert [f for f in facts_of("You may request that we transfer your data to another service.")
            if f.kind == "UserRight"]


def test_a_statement_in_a_section_for_children_concerns_children(read):
    statements = read("## For Children\n\nWe use your username and password to let you access your account.\n")
    assert _only(statements, Action.USE).audience == "Children"
    elsewhere = read("## Your account\n\nWe use your username and password to let you access your account.\n")
    assert _only(elsewhere, Action.USE).audience is None


def test_children_protected_from_abuse_are_no_audience(facts_of):
    assert not [f for f in facts_of("We use technology to detect child sexual abuse material.")
                if f.kind == "Audience"]
    assert [f for f in facts_of("Our services are not directed to children under 13.") if f.kind == "Audience"]


def test_an_emergency_where_life_is_at_risk_is_protection_of_rights(read):
    share = _only(read("We may provide information to law enforcement in the event of an emergency where someone's "
                       "life or safety is at risk."), Action.SHARE)
    assert "ProtectionOfRights" in share.purposes and "Security" not in share.purposes


def test_a_kind_of_provider_names_no_data(read):
    share = _only(read("We may share your information with our service providers, including payment services "
                       "providers and age assurance providers."), Action.SHARE)
    assert "Age" not in share.data_categories and "UnspecifiedPersonalInformation" in share.data_categories


def test_acting_on_our_behalf_is_no_confidentiality(read):
    share = _only(read("We may share your information with service providers that perform services on our "
                       "behalf."), Action.SHARE)
    assert "Confidentiality" not in share.conditions


def test_another_partys_name_and_address_are_not_the_users(read):
    collect = _only(read("We collect your username and the name and IP address of the third party service on "
                         "which you are registered."), Action.COLLECT)
    assert "Username" in collect.data_categories
    assert not {"PersonName", "IPAddress"} & set(collect.data_categories)
    assert {"PersonName", "EmailAddress"} <= set(_only(read("We collect the names and email addresses of your "
                                                            "contacts."), Action.COLLECT).data_categories)


def test_each_word_listed_before_a_data_noun_names_its_kind(read):
    share = _only(read("We share aggregated or anonymized information with third parties for market research."),
                  Action.SHARE)
    assert {"AggregateData", "AnonymisedData"} <= set(share.data_categories)


def test_a_transactions_identifier_is_part_of_the_purchase_record(read):
    collect = _only(read("We collect transaction IDs and digital receipt tokens."), Action.COLLECT)
    assert list(collect.data_categories) == ["PurchaseHistory"]


# --- from the review of this version's rules: each rule kept to the shape it names -------------------------------

@pytest.mark.parametrize(("sentence", "category"), [
    ("We collect device settings, such as your language and time zone.", "LanguagePreference"),
    ("When you create an account, location data may be collected.", "LocationData"),
])
def test_settings_and_clauses_before_a_data_noun_stay_what_they_are(read, sentence, category):
    collect = _only(read(sentence), Action.COLLECT)
    assert category in collect.data_categories and "AccountData" not in collect.data_categories


def test_a_purpose_reached_through_research_stays_a_purpose(read):
    use = _only(read("We use your information to improve our services through research and analytics."), Action.USE)
    assert {"Research", "Analytics"} <= set(use.purposes)


def test_delivering_products_is_no_service_provision(read):
    assert not any("ServiceProvision" in s.purposes for s in read("We use your address to deliver the products you "
                                                                  "order."))


def test_settings_changed_despite_a_practice_are_no_condition_of_it(read):
    share = _only(read("We share your location with partners based on our agreement with them, even if you change "
                       "your settings."), Action.SHARE)
    assert "UserSettings" not in share.conditions


def test_sharing_on_a_page_the_company_receives_stays_collection(read):
    assert _only(read("You may share your contact information on the registration page."), Action.COLLECT)


def test_they_after_companies_and_individuals_is_not_the_user(read):
    statements = read("We share your data with other companies and individuals. They may use it for marketing.")
    assert any(s.evidence.text.startswith("They") for s in statements)


@pytest.mark.parametrize("heading", ["Kids and Advertising Partners", "Sale of Personal Information of Minors"])
def test_a_heading_naming_children_among_other_things_gives_no_audience(read, heading):
    statements = read(f"## {heading}\n\nWe use your email address to send you newsletters.\n")
    assert _only(statements, Action.USE).audience is None


@pytest.mark.parametrize(("sentence", "purpose"), [
    ("We collect your emergency contact information.", "ProtectionOfRights"),
    ("We collect your resume, education and relevant experience.", "Personalisation"),
])
def test_data_words_are_no_purpose(read, sentence, purpose):
    assert not any(purpose in s.purposes for s in read(sentence))


def test_a_business_sold_by_its_parts_stays_a_merger():
    from policygraph.extract.nlp import load_pipeline

    doc = load_pipeline()("We may transfer your information if another company acquired us.")
    assert any(s.label_ == "MergerAcquisition" for s in doc.spans["pg_purpose"])


def test_a_transfer_the_user_asks_for_is_a_right(facts_of):
    assert [f for f in facts_of("At your request, we will transfer your data to another provider.")
            if f.kind == "UserRight"]


def test_an_or_joining_the_verbs_beside_it_splits_no_purpose(read):
    use = _only(read("We use your information to respond to your requests to access or delete your data."),
                Action.USE)
    assert "delete your data" not in use.stated_purposes


def test_a_providers_own_address_is_no_personal_data(read):
    assert not [s for s in read("We collect the email address of our service provider.")
                if "EmailAddress" in s.data_categories]
