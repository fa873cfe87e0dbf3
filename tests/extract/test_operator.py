"""The operator of a policy (brand and legal entity) and its dates, from the text or given with the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygraph.extract.operator import Operator, find_dates, find_operator, plain_text
from policygraph.extract.reader import read_inputs
from policygraph.extract.serialize import extraction_to_json
from policygraph.records import PolicyDocument

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
CORPUS = Path("/work/shared/corpora/pga-v2/current")


@pytest.mark.parametrize("text, brand, entity", [
    ("Privacy Policy\n\nThis policy explains how we, Example Messenger Inc., collect and use your information "
     "when you use our messaging apps.", "Example Messenger", "Example Messenger Inc."),
    ("Brightleaf Health Ltd (\"Brightleaf\", \"we\", \"us\", \"our\") respects your privacy. We collect the "
     "information you give us.", "Brightleaf", "Brightleaf Health Ltd"),
    ("Harbor Bikes GmbH (hereinafter \"Harbor\") operates the rental service described here.", "Harbor",
     "Harbor Bikes GmbH"),
    ("Nimbus Notes Privacy Policy\nLast updated: 1 May 2024\nWe collect the notes you write.", "Nimbus Notes", None),
    ("Privacy Policy of Quillfeather\nWe collect your e-mail address to send you the newsletter.", "Quillfeather",
     None),
    ("Welcome to Tandem! This policy says what we collect when you use Tandem. Tandem may use your location "
     "to match riders.", "Tandem", None),
    ("Our Privacy Policy\nPaperkite (the \"App\") lets you draw with friends. Paperkite stores your drawings.\n",
     "Paperkite", None),
    ("This Privacy Policy describes how Larkspur Labs, Inc. collects, uses and shares information. Larkspur "
     "Labs, Inc. is the data controller of your personal data.", "Larkspur Labs", "Larkspur Labs, Inc."),
    ("Gardenia is committed to protecting your privacy. We collect your name when you order seeds.",
     "Gardenia", None),
    ("Pebble is provided by Pebble Labs Limited (\"Pebble Labs\", \"we\", \"our\"). With a Pebble account you "
     "can share short notes. Pebble may show your notes to other users.", "Pebble", "Pebble Labs Limited"),
    ("We collect the pages you visit.\n\n© 2024 Orchard Table Inc. All rights reserved.", "Orchard Table",
     "Orchard Table Inc."),
])
def test_brand_and_legal_entity_from_common_phrasings(text, brand, entity):
    assert find_operator(text) == Operator(brand, entity)


def test_a_regulators_email_first_is_not_the_operator():
    text = ("You may complain to the supervisory authority, the Data Protection Commissioner, at "
            "info@dataprotection.example.ie.\nWe collect your order history.\nIf you have questions, contact us "
            "at privacy@fernhill-shop.example.")
    assert find_operator(text).brand == "fernhill-shop.example"


def test_a_representative_named_early_is_not_the_operator():
    text = ("Our representative in the European Union is Repco Europe GmbH, reachable at eu@repco.example.\n"
            "Welcome to Lumina! Lumina Apps Ltd is the data controller of your personal data. Lumina may use your "
            "photos to improve the app.")
    operator = find_operator(text)
    assert operator.brand == "Lumina" and operator.legal_entity == "Lumina Apps Ltd"


def test_a_third_party_tool_named_early_is_not_the_operator():
    text = ("We use Google Analytics, a web analytics service provided by Google LLC, to understand how the app "
            "is used. Google Analytics uses cookies.\nFernhill Games operates the Fernhill app. Fernhill Games may "
            "collect your scores.")
    operator = find_operator(text)
    assert operator.brand == "Fernhill Games" and operator.legal_entity is None


def test_a_processor_is_not_the_operator():
    text = ("Stripe, Inc. processes payments for us. Stripe, Inc. receives your card number.\nOrchard Table "
            "(\"we\") sells kitchen tools. Orchard Table may send you offers.\n© 2024 Orchard Table Inc.")
    operator = find_operator(text)
    assert operator.brand == "Orchard Table" and operator.legal_entity == "Orchard Table Inc."


def test_a_given_company_wins_and_chooses_the_legal_entity():
    text = ("Northwind Europe B.V. and Northwind Inc. are joint controllers. Welcome to Northwind Travel!")
    operator = find_operator(text, "Northwind")
    assert operator.brand == "Northwind" and operator.legal_entity == "Northwind Europe B.V."
    assert find_operator("We collect your name.", "Acme").brand == "Acme"


def test_markdown_markup_is_stripped_before_matching():
    text = "# **Acme Privacy Policy**\n\n**Last Updated:** _March 15, 2026_\n\nSee [our site](https://acme.example)."
    assert plain_text(text).splitlines()[0] == "Acme Privacy Policy"
    assert find_operator(text).brand == "Acme" and find_dates(text).updated == "March 15, 2026"


@pytest.mark.parametrize("text, effective, updated", [
    ("Privacy Policy\nLast updated: June 30, 2026\n", None, "June 30, 2026"),
    ("Date of last update: 2025-03-01\nEffective date: 2025-04-01\n", "2025-04-01", "2025-03-01"),
    ("Formulated on: 2023-01-10\nUpdated on: 2024-02-20\n", "2023-01-10", "2024-02-20"),
    ("Effective as of 1 May 2024\n", "1 May 2024", None),
    ("This policy was last modified on March 3, 2022. We collect your name.", None, "March 3, 2022"),
    ("Updated 1 May 2024\n", None, "1 May 2024"),
    ("Version: 3.1 / Date: 12/05/2023\n", None, "12/05/2023"),
    ("This policy is effective from 17 February 2011 and was last updated on 24 September 2014.",
     "17 February 2011", "24 September 2014"),
    ("We follow the Data Protection Act of 2018 and have stored data since 12 March 2020.", None, None),
])
def test_dates(text, effective, updated):
    assert (find_dates(text).effective, find_dates(text).updated) == (effective, updated)


def test_facts_and_json_carry_the_legal_entity(extractor):
    text = "Larkspur Labs, Inc. (\"Larkspur\", \"we\") collects your name.\nLast updated: June 30, 2026\n"
    extraction = extractor.extract(PolicyDocument("lark", text))
    facts = extraction.facts
    assert (facts.company, facts.legal_entity, facts.last_updated) == ("Larkspur", "Larkspur Labs, Inc.",
                                                                       "June 30, 2026")
    record = json.loads(json.dumps(extraction_to_json(extraction)))
    assert record["company"] == "Larkspur" and record["legal_entity"] == "Larkspur Labs, Inc."
    given = extractor.extract(PolicyDocument("lark", text, metadata={"company": "Larkspur Notes"}))
    assert given.facts.company == "Larkspur Notes"


#: The brand users know for each real policy, read from each policy's opening.
#:
#: A policy that a company writes for all its products names the company's brand: Facebook's and Instagram's
#: copies are the same "Meta Privacy Policy" ("We at Meta...", covering "Meta Products" such as Facebook and
#: Instagram), so both are Meta; YouTube publishes the Google Privacy Policy (title "Google Privacy Policy"),
#: so Google; Snapchat's is "Snap Inc.'s Privacy Policy" ("one of our core values at Snap"), so Snap. A policy
#: written for one product names the product: the Threads Supplemental Privacy Policy is for Threads, which "is
#: provided by Meta Platforms Ireland Limited". Twitter's policy is now titled "X Privacy Policy", so X. Truth
#: Social's policy speaks of "Truth Social" as the actor throughout, TMTG being the group that "operates a
#: family of products". The example policy 000 never names its operator (only "CJ" in passing); its own
#: contact address, info@kconusa.com, is the last resort. 003 calls itself "Kpopmart.com" in its text (its
#: title has "Kpop Mart"); 004 names its service only in "the User's LetsMasak ID".
EXPECTED = {
    "BeReal": "BeReal", "Facebook": "Meta", "Instagram": "Meta", "LinkedIn": "LinkedIn", "Moltbook": "Moltbook",
    "Parler": "Parler", "Pinterest": "Pinterest", "Quora": "Quora", "Snapchat": "Snap", "Threads": "Threads",
    "TikTok": "TikTok", "TruthSocial": "Truth Social", "Tumblr": "Tumblr", "Twitch": "Twitch", "Twitter": "X",
    "Upscrolled": "UpScrolled", "WeChat": "WeChat", "X": "X", "YouTube": "Google",
    "000_473cca7521ebc7d6": "kconusa.com", "001_1cc416990f708708": "Jespionne", "002_11a3d4c72a26c1b8": "Konzen",
    "003_fdf300b03aa97900": "Kpopmart.com", "004_9cb8aa4065bfc555": "LetsMasak",
}


@pytest.fixture(scope="module")
def documents():
    paths = [EXAMPLES] + ([CORPUS] if CORPUS.is_dir() else [])
    return {d.policy_id: d for d in read_inputs(paths) if isinstance(d, PolicyDocument)}


@pytest.mark.parametrize("policy_id", sorted(EXPECTED))
def test_the_brand_of_real_policies(documents, policy_id):
    """Each real policy's brand is the one its opening gives (see ``EXPECTED``); the platform policies are
    read at run time from the shared corpus, skipped where it is absent."""
    if policy_id not in documents:
        pytest.skip(f"{policy_id} is not here ({CORPUS} absent)")
    assert find_operator(documents[policy_id].text).brand == EXPECTED[policy_id]
