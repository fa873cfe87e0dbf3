"""OPP-115 labels from hand-written policies: which segments a practice labels."""

from policygraph.evaluation.opp115_labels import FIRST_PARTY, THIRD_PARTY, opp115_labels


def segment_values(labels, text, paragraph, family="category"):
    """Values of ``family`` labelled inside the paragraph of ``text`` that starts with ``paragraph``."""
    start = text.index(paragraph)
    end = start + len(paragraph)
    return {x["value"] for x in labels["segment_labels"] if start <= x["start"] < end and x["family"] == family}


def test_practice_paragraph_is_labelled_with_its_practice(extract_text):
    text = "We collect your e-mail address when you register.\n\nWe share your name with our affiliates.\n"
    labels = opp115_labels(extract_text(text))
    assert FIRST_PARTY in segment_values(labels, text, "We collect")
    assert THIRD_PARTY in segment_values(labels, text, "We share")


def test_paragraph_led_by_a_choice_does_not_label_its_incidental_practices(extract_text):
    para = ("You can opt out of promotional e-mails at any time. We will still collect your e-mail address "
            "to send you service messages.")
    text = para + "\n"
    labels = opp115_labels(extract_text(text))
    assert FIRST_PARTY not in segment_values(labels, text, para)
    assert "Contact" not in segment_values(labels, text, para, "data_collected")
    # the practice is still stated: the policy-level label keeps it
    assert "Contact" in labels["policy_labels"]["data_types_collected"]


def test_paragraph_led_by_a_practice_keeps_it_beside_a_later_choice(extract_text):
    para = ("We collect your e-mail address to send you newsletters. You can opt out of these e-mails at "
            "any time.")
    text = para + "\n"
    labels = opp115_labels(extract_text(text))
    assert FIRST_PARTY in segment_values(labels, text, para)


def test_paragraph_about_children_is_an_audience_paragraph(extract_text):
    para = ("Our site is not directed to children under 13. If we learn that we have collected the e-mail "
            "address of a child under 13, we will delete it.")
    text = "We collect your e-mail address.\n\n" + para + "\n"
    labels = opp115_labels(extract_text(text))
    assert segment_values(labels, text, para) == {"International and Specific Audiences"}
    assert FIRST_PARTY in segment_values(labels, text, "We collect")


def test_business_transfer_is_third_party_not_a_first_party_purpose(extract_text):
    para = "If our company is acquired by another company, your information will be one of the transferred assets."
    labels = opp115_labels(extract_text(para + "\n"))
    assert "Merger/Acquisition" not in labels["policy_labels"]["purposes_first_party"]
    assert THIRD_PARTY in segment_values(labels, para, para)
    assert "Merger/Acquisition" in segment_values(labels, para, para, "purpose")


def test_denial_with_an_exception_labels_the_practice_only_at_policy_level(extract_text):
    para = "We will not share your e-mail address with advertisers unless you give your consent."
    labels = opp115_labels(extract_text(para + "\n"))
    assert "Unnamed third party" in labels["policy_labels"]["third_party_entities_shared_with"]
    assert not segment_values(labels, para, para, "shared_with")
    assert THIRD_PARTY not in segment_values(labels, para, para)


def test_paragraph_led_by_sharing_gives_no_first_party_labels(extract_text):
    para = ("We share your e-mail address with our service providers. They use it to send you our "
            "newsletter, and we use your purchase history to improve our products.")
    text = "We collect your name when you register.\n\n" + para + "\n"
    labels = opp115_labels(extract_text(text))
    assert THIRD_PARTY in segment_values(labels, text, para)
    assert FIRST_PARTY not in segment_values(labels, text, para)
    assert not segment_values(labels, text, para, "data_collected")
    assert FIRST_PARTY in segment_values(labels, text, "We collect")
    # the first party's use is still stated at policy level
    assert "Financial" in labels["policy_labels"]["data_types_collected"]  # purchase history
