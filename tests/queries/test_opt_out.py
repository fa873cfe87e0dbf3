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
)


def _choices_policy() -> Extraction:
    text = " ".join(SENTENCES)
    starts = [text.index(sentence) for sentence in SENTENCES]

    def evidence(i: int) -> Evidence:
        return Evidence("choices", 0, starts[i], starts[i] + len(SENTENCES[i]), SENTENCES[i], "verb", 0.9)

    statements = (
        Statement(Action.USE, "FirstParty", evidence(0), ("EmailAddress",), (), ("Marketing",), ("OptOut",)),
        Statement(Action.USE, "FirstParty", evidence(3), ("CookieData",), (), ("Analytics",), ("OptOut",)),
    )
    facts = (Fact("UserChoice", "OptOutLink", evidence(0), detail="clicking unsubscribe"),
             Fact("UserChoice", "PrivacySettings", evidence(1)),
             Fact("UserChoice", "OptInChoice", evidence(2)))
    return Extraction(PolicyDocument("choices", text), (Segment(0, SegmentKind.TEXT, 0, len(text)),), statements,
                      PolicyFacts(company="Choices Inc", facts=facts), "test")


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_opt_out_rows_pair_practices_with_their_sentences_choices(kind, tmp_path):
    store = built_store([_choices_policy()], kind, None if kind == "memory" else tmp_path / "store")
    try:
        rows = {tuple(None if row[column] is None else str(row[column])
                      for column in ("practice", "data", "channel", "detail", "evidence"))
                for row in run_query(store, "opt-out")}
    finally:
        store.close()
    pg = "https://w3id.org/policygraph/ontology#"
    assert rows == {
        # the practice with the choice of its own sentence
        (f"{pg}Use", f"{pg}EmailAddress", f"{pg}OptOutLink", "clicking unsubscribe", SENTENCES[0]),
        # a practice whose sentence names no channel
        (f"{pg}Use", f"{pg}CookieData", None, None, SENTENCES[3]),
        # a choice stated on its own; the opt-in choice and the choice already paired above are not rows
        (None, None, f"{pg}PrivacySettings", None, SENTENCES[1]),
    }
