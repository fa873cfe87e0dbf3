"""opt-out pairs a practice conditioned on opting out with the choice stated in the same sentence."""

from __future__ import annotations

import pytest
from query_fixtures import built_store

from policygraph.queries import run_query
from policygraph.records import (
    Action,
    Evidence,
    Extraction,
    Fact,
    PolicyDocument,
    PolicyFacts,
    Segment,
    SegmentKind,
    Statement,
)

SENTENCES = (
    "We send you marketing e-mails unless you opt out by clicking unsubscribe.",
    "You can change your privacy settings at any time.",
    "You may opt in to our newsletter.",
    "We use cookies for analytics unless you opt out.",
    "We do not sell your data unless you opt out, and you can always e-mail us to stop our newsletter.",
    "We do not sell your location, but we share it with partners unless you opt out in your privacy settings.",
)


def _choices_policy() -> Extraction:
    text = " ".join(SENTENCES)
    starts = [text.index(sentence) for sentence in SENTENCES]

    def evidence(i: int) -> Evidence:
        return Evidence("choices", 0, starts[i], starts[i] + len(SENTENCES[i]), SENTENCES[i], "verb", 0.9)

    statements = (
        Statement(Action.USE, "FirstParty", evidence(0), ("EmailAddress",), (), ("Marketing",), ("OptOut",)),
        Statement(Action.USE, "FirstParty", evidence(3), ("CookieData",), (), ("Analytics",), ("OptOut",)),
        Statement(Action.SELL, "FirstParty", evidence(4), ("PersonalData",), (), (), ("OptOut",), negated=True),
        Statement(Action.SELL, "FirstParty", evidence(5), ("LocationData",), (), (), ("OptOut",), negated=True),
        Statement(Action.SHARE, "FirstParty", evidence(5), ("LocationData",), ("BusinessPartner",), (), ("OptOut",)),
    )
    facts = (Fact("UserChoice", "OptOutLink", evidence(0), detail="clicking unsubscribe"),
             Fact("UserChoice", "PrivacySettings", evidence(1)),
             Fact("UserChoice", "OptInChoice", evidence(2)),
             Fact("UserChoice", "OptOutByContact", evidence(4)),
             Fact("UserChoice", "PrivacySettings", evidence(5)))
    return Extraction(PolicyDocument("choices", text), (Segment(0, SegmentKind.TEXT, 0, len(text)),), statements,
                      PolicyFacts(company="Choices Inc", facts=facts), "test")


PG = "https://w3id.org/policygraph/ontology#"
#: the practice with the choice of its own sentence
PAIRED = (f"{PG}Use", f"{PG}EmailAddress", f"{PG}OptOutLink", "clicking unsubscribe", SENTENCES[0])
#: a stated practice paired with its sentence's choice, beside a denied one (the choice is no row of its own)
BESIDE_DENIED = (f"{PG}Share", f"{PG}LocationData", f"{PG}PrivacySettings", None, SENTENCES[5])
#: a practice whose sentence names no channel
NO_CHANNEL = (f"{PG}Use", f"{PG}CookieData", None, None, SENTENCES[3])
#: a choice stated on its own, or beside a denied practice; the opt-in choice and the choice already paired
#: with a practice are not rows, nor is the denied practice
ALONE = {(None, None, f"{PG}PrivacySettings", None, SENTENCES[1]),
         (None, None, f"{PG}OptOutByContact", None, SENTENCES[4])}


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def choices_store(request, tmp_path_factory):
    location = None if request.param == "memory" else tmp_path_factory.mktemp("opt-out") / "store"
    store = built_store([_choices_policy()], request.param, location)
    yield store
    store.close()


def _rows(store, **params) -> set[tuple]:
    return {tuple(None if row[column] is None else str(row[column])
                  for column in ("practice", "data", "channel", "detail", "evidence"))
            for row in run_query(store, "opt-out", params)}


def test_opt_out_rows_pair_practices_with_their_sentences_choices(choices_store):
    assert _rows(choices_store) == {PAIRED, NO_CHANNEL, BESIDE_DENIED} | ALONE


@pytest.mark.parametrize("params, expected", [
    ({"company": "Choices Inc"}, {PAIRED, NO_CHANNEL, BESIDE_DENIED} | ALONE),
    ({"data": "e-mail address"}, {PAIRED}),
    ({"purpose": "analytics"}, {NO_CHANNEL}),
    ({"practice": "pg:Use"}, {PAIRED, NO_CHANNEL}),
])
def test_opt_out_parameters_narrow_the_rows(choices_store, params, expected):
    assert _rows(choices_store, **params) == expected
