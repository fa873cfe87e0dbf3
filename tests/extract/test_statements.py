"""Statements from hand-written sentences: actions, negation, conditions, lists, context."""

import pytest

from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE
from policygraph.extract.reader import document_from_text
from policygraph.records import Action


def only_action(extraction, action):
    return [s for s in extraction.statements if s.action == action]


def only(extraction, action=None):
    found = [s for s in extraction.statements if action is None or s.action == action]
    assert found, [s for s in extraction.statements]
    return found


def test_share_with_recipients_purpose_and_modality(extract_text):
    e = extract_text("We may share your e-mail address and phone number with our affiliates for marketing purposes.")
    (st,) = only(e, Action.SHARE)
    assert set(st.data_categories) == {"EmailAddress", "PhoneNumber"}
    assert st.recipients == ("Affiliate",)
    assert st.purposes == ("Marketing",)
    assert st.modality == "may" and not st.negated


def test_negation_on_verb_and_conjoined_verbs(extract_text):
    e = extract_text("We do not sell or rent your personal information to third parties.")
    statements = only(e)
    assert {s.action for s in statements} == {Action.SELL}
    assert all(s.negated for s in statements)
    assert all("PersonalData" in s.data_categories for s in statements)


def test_negation_from_controlling_verb(extract_text):
    (st,) = only(extract_text("We do not intend to sell your personal information."), Action.SELL)
    assert st.negated


def test_positive_sentence_is_not_negated(extract_text):
    (st,) = only(extract_text("We sell your personal information to advertisers."), Action.SELL)
    assert not st.negated and st.recipients == ("Advertiser",)


def test_exception_turns_denial_into_a_conditional_practice(extract_text):
    e = extract_text("We will not share your personal information with third parties unless required by law.")
    (st,) = only(e, Action.SHARE)
    assert not st.negated and st.evidence.rule == "verb-negation-exception"
    assert "LegalRequirement" in st.conditions


def test_a_disclosure_denied_without_consent_stays_a_denial_with_its_condition(extract_text):
    e = extract_text("We will not share your personal information with third parties unless you give your consent.")
    (st,) = only(e, Action.SHARE)
    assert st.negated and "Consent" in st.conditions


def test_passive_voice_collects(extract_text):
    (st,) = only(extract_text("Your IP address is collected automatically when you visit the site."), Action.COLLECT)
    assert st.data_categories == ("IPAddress",)


def test_list_items_inherit_the_lead_in_action(extract_text):
    text = "We may collect the following information from you:\n· Your e-mail address;\n· Your postal address;\n"
    e = extract_text(text)
    items = [s for s in e.statements if s.evidence.rule == "lead-in"]
    assert [s.data_categories for s in items] == [("EmailAddress",), ("PostalAddress",)]
    assert all(s.action == Action.COLLECT and s.modality == "may" for s in items)


def test_orphan_purpose_items_are_tentative(extract_text, extract_all_readings):
    text = "To prevent fraud or illegal activities;\nTo provide technical support;\n"
    purposes = [s.purposes for s in extract_all_readings(text).statements]
    assert ("FraudPrevention",) in purposes and ("CustomerSupport",) in purposes
    assert extract_text(text).statements == (), "below the default confidence threshold"


def test_labelled_paragraph_names_the_recipient(extract_text):
    e = extract_text("Service providers – We may share information with them to process payments.")
    assert any("ServiceProvider" in s.recipients for s in only(e, Action.SHARE))


def test_this_information_resolves_to_earlier_data(extract_text):
    e = extract_text("We collect your e-mail address. We share this information with our service providers.")
    share = only(e, Action.SHARE)[0]
    assert share.data_categories == ("EmailAddress",)


def test_children_with_age_threshold(extract_text):
    e = extract_text("We do not knowingly collect personal information from children under the age of 13.")
    (st,) = only(e, Action.COLLECT)
    assert st.negated and st.audience == "Children" and st.age_threshold == 13


def test_user_giving_data_is_collection_by_the_first_party(extract_text):
    (st,) = only(extract_text("You provide your name and e-mail address when you register."), Action.COLLECT)
    assert st.actor == "FirstParty" and {"PersonName", "EmailAddress"} <= set(st.data_categories)


def test_aggregate_data_is_kept_apart_from_personal_data(extract_text):
    (st,) = only(extract_text("We share aggregate information with our partners."), Action.SHARE)
    assert st.data_categories == ("AggregateData",)


@pytest.mark.parametrize("text", ["", "Hello.", "The weather is nice today and the sky is blue."])
def test_text_without_practices_gives_no_statements(extract_text, text):
    assert extract_text(text or " ").statements == ()


def test_every_evidence_quotes_its_offsets(extract_text):
    text = ("PRIVACY POLICY\n\nWe collect your name.\n\nHOW WE SHARE\nWe may share your data with affiliates. "
            "We never sell it.\n")
    e = extract_text(text)
    assert e.statements
    for st in e.statements:
        assert text[st.evidence.start:st.evidence.end] == st.evidence.text
    shares = only(e, Action.SHARE)
    assert shares[0].evidence.heading_path == ("HOW WE SHARE",)


def test_denial_of_longer_retention_is_a_limited_retention(extract_text):
    (st,) = only(extract_text("We will not retain your personal information longer than necessary."), Action.RETAIN)
    assert not st.negated and st.evidence.rule == "verb-negation-limit"


def test_denial_across_borders_denies_a_transfer_not_storage(extract_text):
    e = extract_text("We do not store your personal information across borders.")
    (st,) = only(e)
    assert st.action == Action.TRANSFER and st.negated


@pytest.mark.parametrize("text", [
    "We collect your e-mail address. We then provide products that best suit your interests.",
    "We collect your e-mail address; a cookie stored on your device holds a unique identifier.",
])
def test_ambiguous_single_words_are_not_profile_data(extract_text, text):
    # "interests" and "preferences" mostly mean a person's stake or a setting, "unique identifier" as often a
    # cookie's or a device's ID as an account's: none of them names profile data alone.
    terms = {d for s in extract_text(text).statements for d in s.data_categories}
    assert "EmailAddress" in terms
    assert not terms & {"Preferences", "UserIdentifier"}


def test_parties_a_purpose_serves_are_not_recipients(extract_all_readings):
    e = extract_all_readings("We may disclose your personal information to protect the rights and safety of others "
                             "and the public.")
    (st,) = only(e, Action.SHARE)
    assert not {"Public", "ThirdParty"} & set(st.recipients)


def test_party_an_enabling_clause_lets_act_is_a_recipient(extract_text):
    e = extract_text("We may share your browsing history to enable advertisers to show you relevant ads.")
    (st,) = only(e, Action.SHARE)
    assert "Advertiser" in st.recipients


def test_a_childs_parent_is_not_a_parent_company(extract_text):
    e = extract_text("We send a notice with your child's e-mail address to the child's parent.")
    assert not any("ParentCompany" in s.recipients for s in e.statements)


@pytest.mark.parametrize("text", [
    "This policy explains how we collect, use and share your e-mail address.",
    "If you have questions about how we use your personal information, please write to us.",
])
def test_a_practice_under_how_is_talked_about_not_stated(extract_text, text):
    assert extract_text(text).statements == ()


@pytest.mark.parametrize("text, recipient", [
    ("We employ other companies to deliver packages and process payments.", "ThirdParty"),
    ("We may use third-party advertising companies to serve ads when you visit our website.", "Advertiser"),
    ("We may retain service providers to host our website.", "ServiceProvider"),
    ("We partner with Acme Analytics Inc. to measure traffic on our site.", "NamedThirdParty"),
])
def test_engaging_a_party_is_sharing_with_it(extract_all_readings, text, recipient):
    statements = only(extract_all_readings(text), Action.SHARE)
    assert any(recipient in s.recipients for s in statements)
    # work that names no data says nothing of what the party receives: below the answer threshold
    assert all(s.evidence.confidence < DEFAULT_MIN_CONFIDENCE for s in statements)


def test_engaging_a_party_with_data_is_an_answer(extract_text):
    (st,) = only(extract_text("We employ service providers to process your payment card details."), Action.SHARE)
    assert st.recipients == ("ServiceProvider",) and st.data_categories


@pytest.mark.parametrize("text", [
    "We use Tracking Technologies to understand how visitors use the site.",
    "We use your e-mail address to send you our newsletter.",
    "We retain your personal information for two years.",
])
def test_using_a_tool_or_data_is_not_sharing(extract_text, text):
    assert not [s for s in extract_text(text).statements if s.action == Action.SHARE]


def test_they_refers_to_the_party_named_before_it(extract_all_readings):
    e = extract_all_readings("We work with advertising networks. They may use cookies to collect your browsing "
                             "history.")
    (st,) = [s for s in e.statements if "CookieData" in s.data_categories]
    assert st.actor == "Advertiser"


@pytest.mark.parametrize("text", [
    "They collect your IP address when you visit.",
    "We disclose data to advertisers. Cookies are small text files. They collect your IP address.",
])
def test_they_without_a_party_as_nearest_plural_stays_the_company(extract_text, text):
    (st,) = [s for s in extract_text(text).statements if "IPAddress" in s.data_categories]
    assert st.actor == "FirstParty"


def test_they_after_other_users_is_other_users(extract_all_readings):
    e = extract_all_readings("Other users may see your profile. They may share your posts with others.")
    (st,) = only(e, Action.SHARE)
    assert st.actor == "OtherUsers"


@pytest.mark.parametrize("text", [
    "We receive a confirmation when you open e-mail from us.",
    "We use web beacons in the emails we send to see whether they were opened.",
    "We may keep track of the email campaigns you respond to.",
])
def test_an_email_message_is_not_the_email_address(extract_text, text):
    assert not [s for s in extract_text(text).statements if "EmailAddress" in s.data_categories]


@pytest.mark.parametrize("text", [
    "We collect your email when you subscribe.",
    "We collect your name, email and phone number.",
])
def test_someones_email_or_a_listed_email_is_the_address(extract_text, text):
    assert [s for s in extract_text(text).statements if "EmailAddress" in s.data_categories]


def test_engaging_a_party_says_so_in_its_rule(extract_all_readings):
    (st,) = only(extract_all_readings("We employ service providers to process payments."), Action.SHARE)
    assert st.evidence.rule == "verb-engages-party" and st.recipients == ("ServiceProvider",)


@pytest.mark.parametrize("text", [
    "This Policy applies to personal information we collect in our stores.",
    "This privacy statement describes the information that we collect from you.",
])
def test_a_sentence_about_the_policy_states_no_practice(extract_text, text):
    assert not extract_text(text).statements


def test_an_imperative_is_the_readers_action(extract_text):
    e = extract_text("Please read the policies of these sites before disclosing any personal information.")
    assert not e.statements
    (st,) = only(extract_text("Please provide your e-mail address when you register."))
    assert st.action == Action.COLLECT and st.actor == "FirstParty"


def test_a_list_item_keeps_its_lead_ins_subject(extract_text):
    e = extract_text("We may:\n\n- Use your e-mail address to send you newsletters.\n")
    assert any(s.actor == "FirstParty" and "EmailAddress" in s.data_categories for s in e.statements)


@pytest.mark.parametrize("text", [
    "We operate stores and provide services jointly with these businesses.",
    "We provide you with various ways to update your account.",
])
def test_providing_a_service_is_not_sharing_data(extract_text, text):
    assert not [s for s in extract_text(text).statements if s.action == Action.SHARE]


def test_sending_the_user_something_uses_their_data(extract_text):
    (st,) = only(extract_text("We will send you newsletters at the e-mail address you give us."))
    assert st.action == Action.USE and "EmailAddress" in st.data_categories
    assert only(extract_text("We may provide advertisers with your e-mail address."), Action.SHARE)


def test_taking_a_survey_is_an_occasion_not_survey_data(extract_text):
    e = extract_text("We collect your e-mail address when you take a survey.")
    assert not [s for s in e.statements if "SurveyData" in s.data_categories]
    e = extract_text("We collect your survey responses to improve our products.")
    assert [s for s in e.statements if "SurveyData" in s.data_categories]


def test_plurals_of_multiword_forms_are_tagged(extract_text):
    (st,) = only(extract_text("We collect Internet Protocol (IP) addresses and unique device identifiers."))
    assert set(st.data_categories) == {"IPAddress", "DeviceIdentifier"}


def test_a_conjoined_clause_with_its_own_auxiliary_is_not_negated(extract_text):
    e = extract_text("This information does not identify you, and is used to analyze trends.")
    assert [s for s in e.statements if not s.negated and "Analytics" in s.purposes]
    for text in ("We do not sell, rent or share your personal information.",
                 "We do not intend to sell or to rent your personal information."):
        e = extract_text(text)
        assert e.statements and all(s.negated for s in e.statements)


def test_conjoined_verbs_of_one_practice_are_one_statement(extract_text):
    (st,) = extract_text("We do not sell, rent, or lease your phone number or other personal information to third "
                         "parties.").statements
    assert st.negated and st.recipients == ("ThirdParty",)
    assert set(st.data_categories) == {"PhoneNumber", "PersonalData"}


def test_a_sentence_listing_what_this_includes_continues_the_practice(extract_text):
    e = extract_text("We collect technical information when you visit our site. This includes your IP address "
                     "and browser type.")
    (st,) = [s for s in e.statements if s.evidence.rule == "elaboration"]
    assert st.action == Action.COLLECT and set(st.data_categories) == {"IPAddress", "BrowserType"}
    assert st.evidence.text.startswith("This includes")
    e = extract_text("We protect your personal information. These measures include firewalls and IP address filtering.")
    assert not [s for s in e.statements if s.evidence.rule == "elaboration"]


@pytest.mark.parametrize("text, expected", [
    ("Cookies are small files sent to your browser when you visit our site.", False),
    ("We collect information from your browser when you visit our site.", True),
    ("Cookies tell us what web browser is being used to access the site.", True),
    ("We collect your IP address, browser and operating system.", True),
    ("Our beacons are placed in the pages of our site to collect usage data.", False),
])
def test_a_browser_is_a_program_unless_data_is_about_it(extract_text, text, expected):
    found = any(d in ("BrowserType", "PagesViewed") for s in extract_text(text).statements for d in s.data_categories)
    assert found is expected


@pytest.mark.parametrize("text", [
    "We use cookies to show you personalized content.",
    "We use cookies to recognize your browser.",
])
def test_personalisation_phrasings(extract_text, text):
    assert any("Personalisation" in s.purposes for s in extract_text(text).statements)


def test_a_party_giving_us_data_is_our_collection(extract_text, extract_all_readings):
    # information of no kind is a tentative reading (it names no data, purpose or party)
    (st,) = only(extract_all_readings("Our business partners may give us information about your purchases."))
    assert st.action == Action.COLLECT and st.actor == "FirstParty"
    (st,) = only(extract_text("Advertisers may share your browsing history with us."))
    assert st.action == Action.COLLECT and "BrowsingHistory" in st.data_categories


@pytest.mark.parametrize("text", [
    "We collect technical information. This does not include your IP address.",
    "We share your data with advertisers. You have the right to access your data. This includes your name.",
])
def test_no_elaboration_of_a_denial_or_of_an_earlier_sentence(extract_text, text):
    assert not [s for s in extract_text(text).statements if s.evidence.rule == "elaboration"]


@pytest.mark.parametrize("text, action, data", [
    ("We collect payment information when you make a purchase.", Action.COLLECT, "FinancialData"),
    ("We maintain your personal information for seven years.", Action.RETAIN, "PersonalData"),
])
def test_a_practice_verb_that_begins_a_purpose_phrase_keeps_its_data(extract_text, text, action, data):
    (st,) = only(extract_text(text), action)
    assert data in st.data_categories


def test_providing_data_to_you_or_a_third_party_is_still_sharing(extract_text):
    (st,) = only(extract_text("We may provide your personal data to you or to a third party you designate."))
    assert st.action == Action.SHARE and st.recipients == ("ThirdParty",)


def test_a_negative_imperative_is_advice_not_a_denial(extract_text):
    assert not extract_text("Do not share your password with anyone.").statements


def test_parties_served_on_whose_behalf_are_not_recipients(extract_text):
    e = extract_text("We may send you special offers on behalf of our marketing partners and their affiliates.")
    assert not [s for s in e.statements if s.recipients]


def test_not_without_is_a_practice(extract_text):
    e = extract_text("We cannot provide our services without retaining your e-mail address.")
    assert any(s.action == Action.RETAIN and not s.negated for s in e.statements)


@pytest.mark.parametrize("text", [
    "We may disclose your information.",
    "We display your profile picture.",
    "We may release your information at any time.",
])
def test_a_disclosure_to_no_one_named_stays_below_the_threshold(extract_all_readings, text):
    statements = only(extract_all_readings(text), Action.SHARE)
    assert all(s.evidence.confidence < DEFAULT_MIN_CONFIDENCE for s in statements)


def test_a_denied_disclosure_needs_no_recipient(extract_text):
    (st,) = only(extract_text("We do not share your personal information."), Action.SHARE)
    assert st.negated


@pytest.mark.parametrize("text", [
    "We collect your phone number if you provide it.",
    "We collect your precise location when you turn on location services.",
    "We keep your browsing history only if you have enabled sync.",
])
def test_a_practice_that_waits_for_the_users_choice_is_opt_in(extract_text, text):
    statements = extract_text(text).statements
    assert statements and all("OptIn" in s.conditions for s in statements)


def test_using_the_service_is_no_choice_a_practice_waits_for(extract_text):
    (st,) = only(extract_text("When you use our services, we collect your IP address."), Action.COLLECT)
    assert st.conditions == ()


def test_a_consent_heading_and_lead_in_condition_their_practices(extractor):
    text = ("# Privacy\n\n## Consent\n\nWe use your precise location to show you local offers.\n\n"
            "## Other\n\nWhere you have given us consent, we use the following:\n\n- your contacts\n- your photos\n")
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert statements and all("Consent" in s.conditions for s in statements)


def test_data_a_list_item_describes_takes_the_lead_ins_action(extractor):
    text = "Information we use:\n\n- Information you provide when you register.\n- Your phone number.\n"
    statements = extractor.extract(document_from_text(text, "t")).statements
    assert {s.action for s in statements} == {Action.USE}


@pytest.mark.parametrize("text", [
    "Once we receive your request and confirm your identity, we will review whether an exception allows us to "
    "keep the information.",
    "Our measures include maintaining backups to restore availability and access to personal information.",
])
def test_a_verb_acting_on_something_else_takes_no_data_from_around_it(extract_text, text):
    assert not [s for s in extract_text(text).statements if s.action in (Action.COLLECT, Action.RETAIN)
                and s.data_categories]


def test_a_party_reached_through_is_a_means_not_a_recipient(extract_all_readings):
    statements = extract_all_readings("We may show you ads directly or through partners.").statements
    assert not any("BusinessPartner" in s.recipients for s in statements)


def test_an_organisation_inside_a_purpose_phrase_is_not_a_named_recipient(extract_text):
    (st,) = only(extract_text("We share your phone number with third parties for SMS marketing purposes."),
                 Action.SHARE)
    assert "NamedThirdParty" not in st.recipients


def test_data_given_to_us_by_a_party_is_collected(extract_text):
    (st,) = extract_text("Directory services provide us with your contact details.").statements
    assert (st.action, st.actor) == (Action.COLLECT, "FirstParty")


def test_the_users_own_things_are_not_the_company(extract_text):
    assert not extract_text("Your browser may send cookies to websites you visit.").statements


def test_a_participle_shares_the_subject_of_its_clause(extract_text):
    text = "Cookies allow us to recognize you if you return to our site using the same browser."
    assert not only_action(extract_text(text), Action.USE)


def test_this_information_points_only_to_data_named_just_before(extractor):
    text = ("We collect your payment card number.\n\nOur offices are in Paris.\n\nWe are a small team.\n\n"
            "We use this information to improve our products.\n")
    statements = extractor.extract(document_from_text(text, "t")).statements
    assert not [s for s in statements if s.action == Action.USE and "PaymentCard" in s.data_categories]


def test_a_destination_listed_with_a_place_is_no_data(extract_text):
    (st,) = only(extract_text("We may transfer your information to the United States or elsewhere."), Action.TRANSFER)
    assert "Country" not in st.data_categories


def test_parties_conjoined_to_the_subject_are_senders_not_recipients(extract_all_readings):
    e = extract_all_readings("We and our advertisers may display your profile on our site.")
    assert not any("Advertiser" in s.recipients for s in e.statements)


def test_a_purpose_after_including_is_no_practice(extract_text):
    e = extract_text("We collect your approximate location to provide the service, including showing you ads.")
    assert {s.action for s in e.statements} == {Action.COLLECT}


def test_a_disclosure_on_a_stated_condition_needs_no_recipient(extract_text):
    (st,) = only(extract_text("We may disclose information where we are required to do so by law."), Action.SHARE)
    assert st.conditions == ("LegalRequirement",)


def test_a_listed_use_takes_the_purpose_its_section_heading_names(extractor):
    text = ("# Privacy\n\n## Personalizing our products\n\nThe information we use includes:\n\n- your location\n\n"
            "## Our services\n\nWe use your location.\n")
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert [s.purposes for s in statements if s.evidence.rule == "lead-in"] == [("Personalisation",)]
    assert all(s.purposes == () for s in statements if s.evidence.rule == "verb")


def test_a_lead_ins_practice_is_the_verb_with_its_own_subject(extractor):
    text = ("To fulfil your order and maintain our financial records, we receive and process the following data:\n\n"
            "- your e-mail address\n")
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert [s.action for s in statements if s.evidence.rule == "lead-in"] == [Action.COLLECT]



@pytest.mark.parametrize("text", [
    "If you provide your phone number, we will text you.",
])
def test_no_practice_on_the_data_is_stated(extract_text, text):
    assert extract_text(text).statements == ()


@pytest.mark.parametrize("text", [
    "We do not sell the personal information of consumers under 16 years of age.",
    "We do not knowingly collect personal information from anyone under the age of 13.",
])
def test_the_age_bounding_an_audience_is_not_data(extract_text, text):
    statements = extract_text(text).statements
    assert statements and not any("Age" in s.data_categories for s in statements)


def test_data_a_participle_relates_to_stays_the_verbs(extract_text):
    e = extract_text("We store information related to your messages, such as the date of each message.")
    assert any("Messages" in s.data_categories for s in only(e, Action.RETAIN))


def test_data_in_another_clause_is_not_the_verbs(extract_text):
    e = extract_text("We will obtain your consent before we share your contact information with advertisers.")
    assert not only_action(e, Action.COLLECT) and only_action(e, Action.SHARE)


def test_selling_the_business_is_a_business_transfer_condition(extract_text):
    e = extract_text("If we sell or transfer all or part of our business, we will give the new owner your "
                     "information.")
    assert any("BusinessTransferCondition" in s.conditions for s in e.statements)


def test_a_purpose_list_after_for_the_purposes_of_is_no_practice(extract_text):
    e = extract_text("We process your personal data for the purposes of detecting abuse and sending you updates.")
    assert {s.action for s in e.statements} == {Action.USE}


def test_purpose_items_take_the_lead_ins_data_and_the_lead_in_waits_for_them(extractor):
    text = "We use cookies and similar tools to:\n\n- personalise certain features\n- measure ads\n"
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert statements and all(s.evidence.rule == "lead-in" for s in statements)
    assert all(s.data_categories == ("CookieData",) and s.purposes for s in statements)


def test_a_participle_modifying_data_is_no_practice(extract_text):
    (st,) = extract_text("We share aggregated or anonymized information with third parties for research.").statements
    assert st.action == Action.SHARE and st.recipients == ("ThirdParty",)


def test_using_names_the_means_of_another_practice(extract_text):
    e = extract_text("We also receive information using cookies when you visit other websites.")
    assert not only_action(e, Action.USE)


def test_the_conditions_of_a_sentence_are_its_main_clauses(extract_all_readings):
    e = extract_all_readings("We never share information we receive from you unless we have your permission.")
    collected = only(e, Action.COLLECT)  # the relative clause, a tentative reading
    assert all(s.conditions == () for s in collected)
    assert any(s.conditions for s in only(e, Action.SHARE))


@pytest.mark.parametrize("text", [
    "Information categories we use (see the section above for more detail).",
    "Cookies are small text files that are sent to your browser.",
])
def test_labels_and_definitions_stay_below_the_threshold(extract_all_readings, text):
    statements = extract_all_readings(text).statements
    assert statements and all(s.evidence.confidence < DEFAULT_MIN_CONFIDENCE for s in statements)


def test_information_a_copular_sentence_says_is_collected_is_collected(extract_text):
    (st,) = extract_text("Log data is information that is automatically collected when you use the app.").statements
    assert st.action == Action.COLLECT


def test_a_negated_phrase_inside_an_item_does_not_deny_it(extractor):
    text = ("Log data is information that is automatically collected, including:\n\n"
            "- information about your communications (but not the content of such communications)\n")
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert statements and not any(s.negated for s in statements)


def test_a_lead_in_naming_recipients_gives_its_items_the_disclosure(extractor):
    text = ("We may access, preserve, and share your information with law enforcement agencies to:\n\n"
            "- detect illegal activity\n")
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert [s.action for s in statements if s.evidence.rule == "lead-in"] == [Action.SHARE]


def test_what_the_users_device_stores_is_not_our_retention(extract_all_readings):
    e = extract_all_readings("We use unique identifiers stored in cookies on your device to help us authenticate you.")
    assert not only_action(e, Action.RETAIN)


def test_a_protection_in_the_purpose_is_no_condition(extract_text):
    e = extract_text("We use your e-mail address to investigate suspicious activity or to protect the safety of "
                     "our users.")
    assert e.statements and all(s.conditions == () for s in e.statements)


def test_sharing_the_user_decides_on_is_no_collection(extract_text):
    e = extract_text("If you decide to share your data, we may disclose your e-mail address to third parties.")
    assert not only_action(e, Action.COLLECT) and only_action(e, Action.SHARE)


def test_a_they_lead_in_with_nothing_to_refer_to_gives_no_practice(extractor):
    text = "Depending on how you interact with them, they receive:\n\n- your e-mail address\n"
    statements = extractor.extract(document_from_text(text, "t", markup="markdown")).statements
    assert not [s for s in statements if s.evidence.rule == "lead-in"]


def test_the_operators_own_names_are_no_third_party(extractor):
    text = ('Meta Platforms, Inc. ("Meta", "we", "us") provides this policy.\n\n'
            "We share your e-mail address with the Meta Companies.\n\n"
            "We share your phone number outside of Meta when the law requires it.\n")
    statements = extractor.extract(document_from_text(text, "t")).statements
    assert ("Affiliate",) in [s.recipients for s in statements if "EmailAddress" in s.data_categories]
    assert not any("NamedThirdParty" in s.recipients for s in statements)


def test_a_disclosure_for_a_legal_end_needs_no_recipient(extract_text):
    (st,) = only(extract_text("We will share information to respond to a court order or subpoena."), Action.SHARE)
    assert "LegalCompliance" in st.purposes


def test_a_verb_conjoined_to_a_finite_verb_is_a_practice(extract_text):
    e = extract_text("We have collected and sold personal information to advertisers in the past 12 months.")
    assert only_action(e, Action.SELL)


def test_opting_out_is_no_opt_in(extract_text):
    e = extract_text("If you opt out, we will stop sharing your email address with advertisers.")
    assert e.statements and all("OptIn" not in s.conditions for s in e.statements)


def test_a_modal_said_both_ways_leaves_the_other_clause_alone(extract_text):
    e = extract_text("We sell your email address to advertisers and tell them what they may and may not do with it.")
    assert only_action(e, Action.SELL)


def test_a_main_clause_conjoined_to_a_question_is_stated(extract_text):
    e = extract_text("We check whether you are logged in and then collect your IP address.")
    assert only_action(e, Action.COLLECT)
