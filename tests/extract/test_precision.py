"""Precision rules of 0.7.0 and 0.8.0, each from a shape of error judged audits found, in hand-written sentences."""

from __future__ import annotations

import pytest

from policygraph.extract.blocks import layout, markdown_blocks
from policygraph.extract.lead_ins import record_lead_in
from policygraph.extract.reader import document_from_text
from policygraph.records import Action, SegmentKind


@pytest.fixture(scope="module")
def all_readings():
    from policygraph.extract import Extractor

    return Extractor(min_confidence=0)


def _markdown(extractor, text):
    return extractor.extract(document_from_text(text, "t", markup="markdown")).statements


# -- a title in the gerund is a heading, and a use listed under it takes its purposes

@pytest.mark.parametrize("line", ["Improving our services", "Personalizing your feed other than ads",
                                  "Keeping your account secure"])
def test_a_short_gerund_line_is_a_heading(line):
    _, segments = layout(markdown_blocks(f"## Why we use data\n\n{line}\n\nWe use your location.\n"))
    assert segments[1].kind == SegmentKind.HEADING
    assert segments[2].heading_path[-1] == line


@pytest.mark.parametrize("line", ["During your visit we record the pages you open",
                                  "Sharing your data with advertisers is something we never do.",
                                  "Providing the following information is optional:"])
def test_a_sentence_opening_in_ing_is_no_heading(line):
    _, segments = layout(markdown_blocks(f"## Data\n\n{line}\n"))
    assert segments[1].kind == SegmentKind.TEXT


def test_a_listed_use_takes_the_purpose_of_a_gerund_title_but_not_what_it_sets_aside(extractor):
    text = ("## Legal bases\n\nCustomizing the app other than ads\n\nThe information we use could include:\n\n"
            "- your location\n- your device type\n")
    statements = _markdown(extractor, text)
    assert [s.purposes for s in statements if s.action == Action.USE] == [("Personalisation",)] * 2


# -- a line of data takes the practice of its lead-in or of a heading like "Data we use"

@pytest.mark.parametrize("item", ["Photos you take with our camera feature", "Messages you send and receive",
                                  "Purchases or other transactions you make", "Comments you post, like replies"])
def test_a_listed_item_of_data_the_user_gives_is_the_lead_ins_use(extractor, item):
    statements = _markdown(extractor, f"The information we use to run the app includes:\n\n- {item}\n")
    assert [s.action for s in statements if s.evidence.segment == 1] == [Action.USE]
    assert statements[-1].evidence.rule == "lead-in"


@pytest.mark.parametrize("line", ["Profile data that you provide: your name, photo and education",
                                  "Device data: IP address and identifiers collected from cookies"])
def test_a_line_of_data_under_a_data_we_use_heading_is_a_use(extractor, line):
    statements = _markdown(extractor, f"## Data we use\n\n{line}\n")
    assert [(s.action, s.evidence.rule) for s in statements] == [(Action.USE, "heading-practice")]


@pytest.mark.parametrize("text", ["For example, you provide your name when you register.",
                                  "Information you give us, such as your name, is kept for five years."])
def test_a_clause_with_the_user_as_subject_is_no_fronted_data_phrase(extract_text, text):
    assert {s.action for s in extract_text(text).statements} & {Action.COLLECT, Action.RETAIN}


def test_a_paragraph_under_an_ordinary_heading_keeps_its_own_verb(extractor):
    statements = _markdown(extractor, "## Your data\n\nWe keep information that you provide, like your name.\n")
    assert {s.action for s in statements} == {Action.RETAIN}


def test_the_items_of_what_the_user_is_given_on_request_state_no_practice(extractor):
    text = ("Once we receive your request and confirm your identity, we will disclose to you:\n\n"
            "- The categories of personal information we collected about you.\n"
            "- The categories of third parties with whom we share that personal information.\n")
    assert [s for s in _markdown(extractor, text) if s.evidence.segment > 0] == []


def test_a_heading_practice_needs_specific_data_and_a_noun_phrase(all_readings):
    text = "## Data we use\n\nOther information about you\n\nLearn more about the technologies we use\n"
    statements = [s for s in _markdown(all_readings, text) if s.evidence.rule == "heading-practice"]
    assert [s.evidence.confidence < 0.7 for s in statements] == [True]


@pytest.mark.parametrize(("sentence", "action"), [
    ("If we share your data with advertisers, this includes:", None),
    ("When you sign up, we collect:", Action.COLLECT),
])
def test_a_lead_in_takes_no_practice_from_its_if_clause(extractor, sentence, action):
    from policygraph.extract.context import SegmentContext

    context = SegmentContext()
    record_lead_in("key", next(extractor.nlp(sentence).sents), context)
    assert context.lead_ins["key"].action == action


def test_a_listed_business_transfer_purpose_is_a_disclosure(extractor):
    text = ("We may use your personal information for the following purposes:\n\n"
            "- To evaluate a merger or other sale of some or all of our assets.\n")
    statements = _markdown(extractor, text)
    assert [s.action for s in statements if s.evidence.segment > 0] == [Action.SHARE]


def test_a_listed_participle_of_disclosure_still_discloses(all_readings):
    text = "The information we collect includes:\n\n- Comments sent through our website to Acme Corp.\n"
    statements = _markdown(all_readings, text)
    assert Action.SHARE in {s.action for s in statements}


# -- using a means (security measures, encryption, tools) is no use of the data it protects or finds

@pytest.mark.parametrize("text", [
    "We use standard physical, electronic and procedural security measures.",
    "We will use encryption technologies to protect your personal information.",
    "We identify and use additional safeguards for each data transfer.",
    "We use automated tools to detect violations of our terms, including misuse of accounts.",
])
def test_using_a_means_is_no_use_of_data(extract_text, text):
    assert [s for s in extract_text(text).statements if s.action == Action.USE] == []


@pytest.mark.parametrize("text", [
    "We use the following categories of personal information to provide the service.",
    "We use cookies to remember your preferences.",
    "We use your e-mail address to send you updates.",
])
def test_using_data_is_still_a_use(extract_text, text):
    assert [s.action for s in extract_text(text).statements] == [Action.USE]


# -- "this information" refers to what is named nearest before it

def test_this_information_refers_to_the_data_named_before_it_in_its_sentence(extract_text):
    e = extract_text("We store your postal address. We collect your name and use this information to send you offers.")
    (use,) = [s for s in e.statements if s.action == Action.USE]
    assert use.data_categories == ("PersonName",)


def test_this_information_after_a_thing_named_in_its_sentence_is_no_earlier_data(extract_all_readings):
    e = extract_all_readings("We collect your card number.\n\nWhen you set your preferences, we collect that data.\n")
    (second,) = [s for s in e.statements if s.evidence.segment == 1]
    assert second.data_categories == ("UnspecifiedPersonalInformation",)


def test_this_information_after_information_of_no_kind_stays_general(extract_text):
    e = extract_text("We use your contact information to help others find you. We use your information to provide ads. "
                     "We also use this information to measure the effectiveness of ads.")
    last = [s for s in e.statements if "measure" in s.evidence.text]
    assert [s.data_categories for s in last] == [("UnspecifiedPersonalInformation",)]


# -- what an "if" clause supposes someone comes to know is no practice

@pytest.mark.parametrize("text", [
    "If we learn that we have collected personal information from a child under 13, we will delete it.",
    "If you become aware that your child has provided us with personal information, please contact us.",
    "If we discover that personal information from a minor has been collected, we will remove it.",
])
def test_a_practice_supposed_by_an_if_clause_is_not_stated(extract_all_readings, text):
    assert [s for s in extract_all_readings(text).statements if s.action == Action.COLLECT] == []


def test_the_main_clause_after_a_supposition_is_still_stated(extract_text):
    e = extract_text("If we find that you violated our terms, we may share your information with the police.")
    assert [(s.action, s.recipients) for s in e.statements] == [(Action.SHARE, ("GovernmentAuthority",))]


# -- what varies, what a practice depends on, and "apply" without an object state no practice

@pytest.mark.parametrize("text", [
    "The information we collect and process about you depends on how you use our products.",
    "The information we receive will vary depending on the features you use.",
    "The data Acme collects, and how that data is used, depends on your settings.",
    "This processing may not apply depending on your location.",
])
def test_what_varies_and_what_applies_state_no_practice(extract_all_readings, text):
    assert extract_all_readings(text).statements == ()


def test_what_a_practice_depends_on_is_no_data_of_it(extract_text):
    (st,) = extract_text("Depending on your location, we may collect your phone number.").statements
    assert st.data_categories == ("PhoneNumber",)


def test_what_varies_but_is_named_is_stated(extract_text):
    e = extract_text("The information we share with partners will depend on your settings, but usually will include "
                     "your username and profile picture.")
    assert {s.action for s in e.statements} == {Action.SHARE}


# -- a clause describing the object of another practice: its parties and data are that practice's

def test_the_party_of_a_describing_clause_is_the_disclosures(extract_text):
    e = extract_text("We may share information that we collect with our subsidiaries or related companies.")
    (share,) = [s for s in e.statements if s.action == Action.SHARE]
    assert set(share.recipients) == {"Subsidiary", "Affiliate"}


def test_a_clause_describing_the_data_of_a_denial_gives_it_its_data(extract_all_readings):
    e = extract_all_readings("Acme does not use information collected from direct messages for advertising.")
    (use,) = [s for s in e.statements if s.action == Action.USE]
    assert use.negated and use.data_categories == ("Messages",)
    collect = [s for s in e.statements if s.action == Action.COLLECT]
    assert all(s.evidence.confidence < 0.7 for s in collect)


def test_these_companies_are_the_parties_named_before(extract_text):
    e = extract_text("We share your e-mail address with our affiliates, who sell goods jointly with these companies.")
    assert [s.recipients for s in e.statements if s.action == Action.SHARE] == [("Affiliate",)]


@pytest.mark.parametrize("text", ["Advertising revenue enables us to provide our products and services.",
                                  "We provide our services in many countries."])
def test_providing_a_service_or_a_tool_is_no_disclosure_of_data(extract_text, text):
    assert [s for s in extract_text(text).statements if s.action == Action.SHARE] == []


# -- accessing beside another practice; a singular "they"; parties listed; the user's publishing

def test_accessing_beside_another_practice_is_that_practice(extract_all_readings):
    e = extract_all_readings("We may access, preserve and disclose your personal information to comply with the law.")
    assert {s.action for s in e.statements} == {Action.RETAIN, Action.SHARE}
    e = extract_all_readings("Your purchase history may be preserved and accessed for a longer period.")
    assert {s.action for s in e.statements} == {Action.RETAIN}


def test_accessing_and_reviewing_is_a_use_and_accessing_alone_a_collection(extract_text):
    assert [s.action for s in extract_text("We may access and review your messages to enforce our terms.").statements
            ] == [Action.USE]
    assert [s.action for s in extract_text("With your permission, we may access your photos.").statements
            ] == [Action.COLLECT]


def test_a_singular_they_is_the_party_named_before_it(extract_all_readings):
    e = extract_all_readings("If you visit an advertiser's website, they can use that visit information to show ads.")
    assert [s.actor for s in e.statements] == ["Advertiser"]


def test_a_list_of_providers_names_no_data(extract_text):
    e = extract_text("We share your information with service providers. These include providers of hosting, "
                     "analytics and email delivery.")
    assert [s.evidence.rule for s in e.statements] == ["verb"]


@pytest.mark.parametrize("text", ["Our features allow you to create and share public content with the world.",
                                  "You can post photos and videos on your public profile."])
def test_the_users_publishing_is_no_collection(extract_text, text):
    assert [s for s in extract_text(text).statements if s.action == Action.COLLECT] == []


def test_the_user_sharing_with_us_is_a_collection(extract_text):
    assert [s.action for s in extract_text("You may share your location with us.").statements] == [Action.COLLECT]


@pytest.mark.parametrize("text", [
    "This includes photos and videos that you've shared from your account.",
    "For example, we show which friends you may be sharing your location with.",
])
def test_content_the_user_has_shared_with_others_is_no_collection(extract_all_readings, text):
    assert [s for s in extract_all_readings(text).statements if s.action == Action.COLLECT] == []


def test_the_user_sharing_location_by_a_setting_is_a_collection(extract_text):
    e = extract_text("You can choose to share your precise location by enabling these settings.")
    assert [s.action for s in e.statements] == [Action.COLLECT]


# -- more specific surface forms for data described in everyday words

@pytest.mark.parametrize(("phrase", "term"), [
    ("the time and duration of your activities on our products", "OnlineActivity"),
    ("purchases you make in the app", "PurchaseHistory"),
    ("crash reports from your device", "LogData"),
])
def test_everyday_descriptions_of_data_have_their_category(extract_text, phrase, term):
    (st,) = extract_text(f"We collect {phrase}.").statements
    assert term in st.data_categories


# -- purposes stated in the sentence reach its practice

def test_a_bare_infinitive_under_to_help_states_a_purpose(extract_text):
    (st,) = extract_text("We use this information to help keep our services secure.").statements
    assert st.action == Action.USE and st.purposes == ("Security",)


def test_a_list_of_purposes_in_gerunds_continues_after_a_misparse(extract_text):
    e = extract_text("We process your personal data for the purposes of detecting fraud, sending marketing "
                     "communications, and improving the services.")
    assert [(s.action, set(s.purposes)) for s in e.statements] == [
        (Action.USE, {"FraudPrevention", "Marketing", "ServiceImprovement"})]


def test_conjoined_verbs_with_one_object_share_its_purposes(extract_text):
    e = extract_text("We collect and store your e-mail address to personalize your experience.")
    assert {s.action: s.purposes for s in e.statements} == {Action.COLLECT: ("Personalisation",),
                                                           Action.RETAIN: ("Personalisation",)}


def test_a_verb_is_no_purpose_of_itself(extract_text):
    assert {s.action: s.purposes for s in extract_text("We collect and maintain your e-mail address.").statements
            } == {Action.COLLECT: (), Action.RETAIN: ()}


def test_keeping_information_of_no_kind_for_a_period_is_stated(extract_text):
    assert [s.action for s in extract_text("We keep your personal information for seven years.").statements
            ] == [Action.RETAIN]


# -- idioms, misparsed subjects, the data's own words, and denials until an act

def test_keep_in_mind_keeps_no_data(extract_all_readings):
    text = "Keep in mind that some information on your profile, such as your username and photo, remains public."
    assert [s for s in extract_all_readings(text).statements if s.action == Action.RETAIN] == []


def test_participants_of_a_named_program_are_not_the_company(extract_text):
    text = "Participants in Acme's Developer Programs can access limited member personal data via our APIs."
    assert [s for s in extract_text(text).statements if s.actor == "FirstParty"] == []


def test_they_is_a_party_named_earlier_in_its_sentence(extract_all_readings):
    text = "You may see ads based on information from advertisers. If you shopped on an advertiser's website, " \
           "they can use that visit information to show you ads."
    assert {s.actor for s in extract_all_readings(text).statements if "shopped" in s.evidence.text} == {"Advertiser"}


def test_a_condition_word_inside_the_data_is_no_condition(extract_text):
    (st,) = extract_text("Subscriber information and opt-in consent will not be shared with third parties, unless "
                         "required by law.").statements
    assert st.conditions == ("LegalRequirement",)


def test_a_denial_until_an_act_is_no_plain_denial(extract_all_readings):
    e = extract_all_readings("We will not collect additional categories of personal information without updating "
                             "this privacy policy.")
    assert all(not s.negated and s.evidence.confidence < 0.7 for s in e.statements)


def test_an_item_of_what_a_disclosure_is_for_names_no_recipient(extractor):
    text = ("We may disclose your personal information to:\n\n"
            "- Protect the legal rights of our users, our employees and our affiliates.\n"
            "- Our affiliates and service providers.\n")
    items = [s for s in _markdown(extractor, text) if s.evidence.segment > 0]
    assert [s.recipients for s in items] == [(), ("Affiliate", "ServiceProvider")]


def test_asking_for_data_to_help_do_something_states_its_purpose(extract_text):
    (st,) = extract_text("We may ask for other information, like your tax ID, to help process your payment.").statements
    assert st.action == Action.COLLECT and st.purposes == ("PaymentProcessing",)


def test_a_means_employed_in_the_passive_is_no_use_of_data(extract_text):
    assert extract_text("When you place orders, a secure server is employed.").statements == ()


def test_a_business_changing_hands_stays_a_transfer_by_its_own_verb(extract_all_readings):
    e = extract_all_readings("If our company is acquired by another company, your information will be transferred.")
    assert Action.TRANSFER in {s.action for s in e.statements}


def test_a_gerund_title_sits_below_a_bold_legal_basis_heading(extractor):
    text = ("## Legal bases\n\n**Consent**\n\nPersonalizing ads\n\nThe information we use includes:\n\n"
            "- your location\n")
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert item.evidence.heading_path[-2:] == ("Consent", "Personalizing ads")
    assert "Consent" in item.conditions and "Personalisation" in item.purposes


def test_a_verb_takes_no_purpose_of_a_later_clause_with_its_own_object(extract_text):
    e = extract_text("We collect and store your e-mail address and use it to send you marketing communications.")
    assert {s.action: s.purposes for s in e.statements}[Action.COLLECT] == ()


def test_a_lead_in_that_varies_but_lists_what_it_includes_is_read(extract_all_readings):
    e = extract_all_readings("The information we use depends on your circumstances, but could include the following:")
    assert [s.action for s in e.statements] == [Action.USE]


def test_a_denied_retention_of_a_thing_named_otherwise_keeps_its_data(extract_text):
    e = extract_text("We do not receive phone numbers in clear text, and hashed values provided for matching are not "
                     "kept beyond the matching operation.")
    assert {(s.action, s.negated) for s in e.statements} == {(Action.COLLECT, True), (Action.RETAIN, True)}


def test_information_from_a_named_source_under_a_collection_heading_is_stated(extractor):
    statements = _markdown(extractor, "## Information we collect\n\nInformation from our trusted partners.\n")
    assert [(s.action, s.evidence.rule) for s in statements] == [(Action.COLLECT, "heading-practice")]


@pytest.mark.parametrize(("sentence", "by_user"), [
    ("The information processed will depend on how you use our services but could include the following:", False),
    ("You have the right to:", True),
    ("If you wish, you can choose to:", True),
])
def test_a_lead_in_lists_the_users_acts_only_when_the_user_may_do_them(extractor, sentence, by_user):
    from policygraph.extract.context import SegmentContext

    context = SegmentContext()
    record_lead_in("key", next(extractor.nlp(sentence).sents), context)
    assert context.lead_ins["key"].by_user == by_user


# -- rules of 0.8.0, from the judged sheet of seed 113 (hand-written sentences)

def test_participles_listed_with_adjectives_describe_the_data(extract_all_readings):
    e = extract_all_readings("We may disclose anonymized, aggregated or de-identified data to researchers.")
    assert [s.action for s in e.statements] == [Action.SHARE]


def test_a_verb_form_inside_a_data_term_is_no_practice(extract_text):
    e = extract_text("We provide our partners with aggregate statistics about visits to our website.")
    assert [(s.action, "AggregateData" in s.data_categories) for s in e.statements] == [(Action.SHARE, True)]


def test_a_disclosure_verb_is_no_purpose_of_its_own_sentence(extract_all_readings):
    e = extract_all_readings("We have collected and sold personal information in the past year.")
    assert all(not s.purposes for s in e.statements)


def test_verbs_written_in_a_row_share_their_objects(extract_text):
    e = extract_text("We never sell or share your phone number or your photos.")
    assert {s.action: set(s.data_categories) for s in e.statements} == {
        Action.SELL: {"PhoneNumber", "Photos"}, Action.SHARE: {"PhoneNumber", "Photos"}}


def test_a_party_word_inside_a_data_term_is_no_recipient(extract_text):
    (statement,) = extract_text("We do not share your government-issued identification with advertisers.").statements
    assert statement.recipients == ("Advertiser",)
    assert statement.data_categories == ("GovernmentIdentifier",)


def test_sentences_under_a_definitions_heading_state_no_practice(extractor):
    text = "## Key terms\n\nPersonal data is information you give us, such as your name and e-mail address.\n"
    assert not _markdown(extractor, text)


def test_a_conditional_clause_introducing_a_list_is_no_practice(extractor):
    statements = _markdown(extractor, "## Mail\n\nIf we send you newsletters:\n\n- we use your e-mail address\n")
    assert [(s.action, s.evidence.segment) for s in statements] == [(Action.USE, 2)]


@pytest.mark.parametrize(("sentence", "category"), [
    ("We analyse your interactions with our services.", "OnlineActivity"),
    ("We analyse the hashtags you use.", "UserContent"),
    ("We keep a copy of your ID card.", "GovernmentIdentifier"),
    ("We store age data.", "Age"),
    ("We collect your ID number and ID type.", "GovernmentIdentifier"),
])
def test_more_surface_forms_of_data(extract_text, sentence, category):
    assert category in extract_text(sentence).statements[0].data_categories


def test_a_clause_of_concession_is_no_condition(extract_all_readings):
    e = extract_all_readings("We may keep your messages even after you request deletion of your account.")
    assert [s.conditions for s in e.statements] == [()]


def test_a_corporate_transaction_is_a_business_transfer(extract_text):
    (statement,) = extract_text("We may transfer your personal information to advisers in connection with a "
                                "corporate transaction in which we are merged with another company.").statements
    assert statement.conditions == ("BusinessTransferCondition",)


def test_items_of_a_lead_in_ending_in_for_say_what_for(extractor):
    text = "We may preserve your data for:\n\n- safety and integrity\n- legal claims\n"
    statements = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert [s.purposes for s in statements] == [("Security",), ("LegalClaims",)]


def test_an_item_opening_with_for_says_what_for_under_any_practice(extractor):
    text = "We share data with our partners:\n\n- For fraud prevention.\n"
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert (item.action, item.purposes) == (Action.SHARE, ("FraudPrevention",))


# -- the company's own name (here one the lexicon knows as a party elsewhere): its offerings are its own, a body
# named after it is another party, and "outside of" it are third parties

def test_the_companys_own_offerings_are_no_recipient(extract_all_readings):
    text = "# Google Privacy Policy\n\nWe may show your public posts on Google services and the Google Search page.\n"
    statements = extract_all_readings(text).statements
    assert statements and all("NamedThirdParty" not in s.recipients for s in statements)


def test_a_body_named_after_the_company_is_another_party(extract_text):
    text = "# Google Privacy Policy\n\nWe may share your e-mail address with the Google Foundation.\n"
    (statement,) = extract_text(text).statements
    assert statement.recipients == ("NamedThirdParty",)


def test_outside_of_the_company_are_third_parties(extractor):
    text = ("# Google Privacy Policy\n\nWe will share personal information outside of Google if we believe it is "
            "necessary to:\n\n- Enforce our Terms of Service.\n")
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert (item.action, item.recipients) == (Action.SHARE, ("ThirdParty",))


@pytest.mark.parametrize("sentence", ["Google collects information about you from public sources.",
                                      "Google Play uses your location to suggest new apps.",
                                      "Google's search engine may keep your search history."])
def test_the_company_or_its_offering_as_subject_is_the_company(extract_all_readings, sentence):
    statements = extract_all_readings(f"# Google Privacy Policy\n\n{sentence}\n").statements
    assert statements and all(s.actor == "FirstParty" for s in statements)


@pytest.mark.parametrize(("sentence", "action", "recipients"), [
    ("We display third-party advertising based on your location.", Action.USE, ()),
    ("We show you ads based on your location.", Action.USE, ()),
    ("We may display your name and photo to other users.", Action.SHARE, ("OtherUsers",)),
    ("We show advertisers your e-mail address.", Action.SHARE, ("Advertiser",)),
])
def test_what_is_shown_to_no_one_named_is_shown_to_the_user(extract_all_readings, sentence, action, recipients):
    (statement,) = extract_all_readings(sentence).statements
    assert (statement.action, statement.recipients) == (action, recipients)


def test_an_infinitive_lead_in_gives_its_items_no_practice_of_its_own(extractor):
    statements = _markdown(extractor, "## Data we use\n\nTo display personalised ads:\n\n- your location\n")
    assert [(s.action, s.evidence.rule) for s in statements if s.evidence.segment == 2] == [
        (Action.USE, "heading-practice")]


@pytest.mark.parametrize("sentence", ["We use identifiers that tell your device apart from other devices.",
                                      "We collect identifiers associated with your devices."])
def test_identifiers_about_a_device_are_device_identifiers(extract_text, sentence):
    assert extract_text(sentence).statements[0].data_categories == ("DeviceIdentifier",)


def test_a_gerund_item_says_what_for_and_a_section_title_names_the_recipient(extractor):
    text = ("## Service providers\n\nWe share information with them for purposes such as:\n\n"
            "- Conducting research and surveys\n")
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert (item.action, item.recipients, "Research" in item.purposes) == (Action.SHARE, ("ServiceProvider",), True)


def test_a_sale_denied_unless_the_law_requires_it_stays_denied(extract_text):
    (statement,) = extract_text("We will not sell your personal information unless required by law.").statements
    assert (statement.action, statement.negated) == (Action.SELL, True)
    (statement,) = extract_text("We will not share your personal information unless required by law.").statements
    assert (statement.action, statement.negated) == (Action.SHARE, False)


def test_a_condition_word_inside_what_conjoined_verbs_act_on_is_no_condition(extract_all_readings):
    e = extract_all_readings("Your messaging consent will not be shared or sold to any third party.")
    assert {s.action: (s.negated, s.conditions, s.purposes) for s in e.statements} == {
        Action.SHARE: (True, (), ()), Action.SELL: (True, (), ())}


def test_messages_sent_to_the_user_are_not_the_users_messages(extract_all_readings, extract_text):
    (statement,) = extract_all_readings("We may send you messages about your account using your phone "
                                        "number.").statements
    assert statement.data_categories == ("PhoneNumber",)
    assert extract_text("We collect the messages you send to other users.").statements[0].data_categories == (
        "Messages",)


@pytest.mark.parametrize("sentence", ["We don't necessarily collect your e-mail address.",
                                      "We do not always share your location with partners."])
def test_a_hedged_negation_is_neither_a_denial_nor_a_statement(extract_all_readings, sentence):
    (statement,) = extract_all_readings(sentence).statements
    assert not statement.negated and statement.evidence.confidence < 0.7


def test_selling_the_business_is_no_sale_of_data(extractor):
    from policygraph.extract import Extractor

    text = ("## Other third parties\n\nIf we sell or transfer all or part of our business to someone else, we will "
            "give the new owner your information.\n")
    every = Extractor(min_confidence=0).extract(document_from_text(text, "t", markup="markdown")).statements
    assert any(s.action == Action.SELL for s in every)  # read, but below the threshold
    assert {s.action for s in _markdown(extractor, text)} == {Action.SHARE}


def test_a_sale_denied_without_permission_is_a_denial_with_its_condition(extract_text):
    (sale,) = [s for s in extract_text("We do not sell your e-mail address to advertisers without your "
                                       "permission.").statements if s.action == Action.SELL]
    assert sale.negated and sale.conditions == ("Consent",)


@pytest.mark.parametrize(("title", "purpose"), [("Communicating with you", "Communication"),
                                                ("Providing our products and services", "ServiceProvision")])
def test_a_listed_use_takes_the_purpose_of_a_gerund_section_title(extractor, title, purpose):
    text = f"## {title}\n\nThe information we use includes:\n\n- your e-mail address\n"
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert item.purposes == (purpose,)


@pytest.mark.parametrize(("sentence", "confidence_at_least"), [
    ("We do not necessarily want to sell your personal information to advertisers.", False),
    ("We always collect your IP address when you visit our website.", True),
])
def test_a_hedge_counts_only_on_a_negation(extract_all_readings, sentence, confidence_at_least):
    (statement,) = extract_all_readings(sentence).statements
    assert not statement.negated and (statement.evidence.confidence >= 0.7) == confidence_at_least


def test_a_party_of_the_company_named_with_its_possessive_is_that_party(extract_all_readings):
    statements = extract_all_readings("# Google Privacy Policy\n\nGoogle's service providers may collect your "
                                      "email address.\n").statements
    assert statements and all(s.actor != "FirstParty" for s in statements)


def test_a_sale_denied_except_to_a_named_buyer_is_a_sale(extract_text):
    (sale,) = [s for s in extract_text("We do not sell your personal information, except to advertisers when you "
                                       "opt in.").statements if s.action == Action.SELL]
    assert not sale.negated and sale.recipients == ("Advertiser",)


def test_identifiers_listed_beside_device_information_are_no_device_identifiers(extract_text):
    (statement,) = extract_text("We collect unique identifiers, browser settings and information about your "
                                "device.").statements
    assert "DeviceIdentifier" not in statement.data_categories


def test_an_item_opening_with_a_noun_modified_by_a_gerund_names_no_purpose(extractor):
    text = "We collect the following information:\n\n- Browsing history and marketing preferences.\n"
    (item,) = [s for s in _markdown(extractor, text) if s.evidence.rule == "lead-in"]
    assert item.purposes == ()
