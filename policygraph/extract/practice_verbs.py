"""Which verbs state a data practice: the lexicon's practice verbs with their actions, and the verbs among them
that say what a practice is for ("to provide the service", "so that we can contact you") rather than state one."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from spacy.tokens import Token

from policygraph.extract.clauses import by_the_company, continues_a_purpose_list, opens_with_so_that
from policygraph.extract.framing import ENTITLEMENT_NOUNS
from policygraph.extract.polarity import is_negated
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import Action

# Verbs whose infinitival complement is the same practice ("ask you to provide" = collect), not a purpose.
_CONTROL_VERBS = {"ask", "request", "require", "choose", "decide", "want", "intend", "wish", "plan", "need",
                  "agree", "try", "attempt", "seek", "permit", "allow", "authorize", "authorise", "instruct",
                  "direct", "oblige", "compel"}
#: Verbs taking a bare infinitive of what they serve: "to help keep it secure", "to let us improve".
_HELPING_VERBS = {"help", "let", "make", "enable", "allow"}


@lru_cache(maxsize=1)
def verb_actions() -> Mapping[str, Action]:
    """Verb lemma -> action, from the altLabels of the ontology's practice classes (deepest class wins); read-only,
    as every caller shares it."""
    table: dict[str, Action] = {}
    for form, term in get_lexicon().surface_forms("action").items():
        if term in {a.value for a in Action}:
            table[form] = Action(term)
    return MappingProxyType(table)


def is_purpose_verb(token: Token) -> bool:
    """A verb heading an infinitival purpose clause ("... to provide the service") states a purpose, and so
    does a verb conjoined to it without a subject or auxiliary of its own ("to monitor and analyze ...")."""
    if token.dep_ == "conj" and token.head.i != token.i and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children):
        if token.tag_ == "VBG" and continues_a_purpose_list(token):
            return True
        return is_purpose_verb(token.head)
    if token.dep_ in ("advcl", "xcomp", "acl", "relcl", "pcomp", "conj") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        head = token.head
        if token.dep_ == "acl" and head.lower_ in ENTITLEMENT_NOUNS:
            return False  # "we reserve the right to share it": what the right is to, not what it is for
        if head.lemma_.lower() in ("ask", "request", "require") and any(
                c.dep_ == "prep" and c.lower_ == "for" for c in head.children):
            return True  # "we may ask for other information to help process your payment": what it is for
        return not (head.lemma_.lower() in _CONTROL_VERBS or (token.dep_ == "conj" and not
                    is_purpose_verb(head)))
    if opens_with_so_that(token):
        # "so that advertisers can show you ads", "so we can contact you": what the practice is for. The
        # company's own disclosure ("so we can share it with those you choose") is a practice of its own, and
        # a denial ("so that we can't use it to identify you") limits rather than serves.
        disclosing = verb_actions().get(token.lemma_.lower()) in (Action.SHARE, Action.SELL, Action.TRANSFER)
        return not is_negated(token) and not (disclosing and by_the_company(token))
    # "to help keep it secure", "to help us improve": a bare infinitive under a purpose verb
    if (token.dep_ in ("xcomp", "ccomp") and token.head.i != token.i and token.head.lemma_.lower() in _HELPING_VERBS
            and not any(c.dep_ == "aux" for c in token.children) and is_purpose_verb(token.head)):
        return True
    # "for fraud prevention by detecting ...", "including showing you ads", "for the purposes of sending ...",
    # also further down a list inside such a phrase ("for the purposes of detecting abuse, sending marketing")
    current = token
    for _ in range(8):
        if current.dep_ == "pcomp" and (current.head.lower_ in ("for", "by", "including") or (
                current.head.lower_ == "of" and current.head.head.lower_ in ("purpose", "purposes"))):
            return True
        if current.dep_ not in ("conj", "pobj", "dobj", "appos") or current.head.i == current.i or (
                current.i != token.i and current.pos_ in ("VERB", "AUX") and current.dep_ != "conj"):
            return False
        current = current.head
    return False
