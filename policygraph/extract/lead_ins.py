"""What the text around a segment gives it: the purposes a section heading names, the practice a lead-in sentence
("We may share the following with advertisers:") gives the list items after it, and the practice a heading
states ("Information we collect", "How we share your information")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from policygraph.extract.actors import actor_of, subject_is_they
from policygraph.extract.clauses import (
    grammatical_subject,
    in_adverbial_clause,
    in_an_idiom,
    set_aside,
)
from policygraph.extract.context import PURPOSE_LEAD_IN, LeadIn, SegmentContext
from policygraph.extract.data_terms import unique, without_umbrellas
from policygraph.extract.framing import talked_about
from policygraph.extract.parties import engaged_parties, given_to, given_to_others, own_party
from policygraph.extract.polarity import chosen_by_the_user, clause_conditions, is_negated, modality_of, waived
from policygraph.extract.practice_verbs import is_purpose_verb, verb_actions
from policygraph.extract.stated_purposes import unnamed_item_purpose
from policygraph.records import ROOT_TERMS, Action, Segment

#: What the user does when the company collects: "You may provide us with:", "information you submit".
USER_GIVING_VERBS = {"provide", "give", "submit", "send", "share", "enter", "supply", "post", "furnish"}
#: A lead-in that lists what the user may do: "You have the right to:", "you can:", "You may ask us to:".
_USER_LEAD_IN = re.compile(r"\b(?:you|users?)\s+(?:\w+\s+){0,3}?(?:right|rights|can|may|could|able|choose|request|"
                           r"ask)\b|\brights?\b", re.I)
#: A heading that states a practice on the data listed under it: "Information we collect", "Data we use".
_PRACTICE_HEADING = re.compile(r"^\W*(?:the\s+)?(?:[\w-]+\s+){0,2}(?:data|information|details)\s+(?:that\s+|which\s+)?"
                               r"we\s+(\w+)\W*$", re.I)
#: The practice a section is about, by the words of its heading.
_HEADING_TOPICS = (
    (re.compile(r"\b(?:shar|disclos|third part|transfer|recipient)", re.I), Action.SHARE),
    (re.compile(r"\b(?:sell|sale)", re.I), Action.SELL),
    (re.compile(r"\b(?:retention|retain|storage|store|keep)", re.I), Action.RETAIN),
    (re.compile(r"\b(?:use|using|purpose)", re.I), Action.USE),
    (re.compile(r"\b(?:collect|information we|we collect|cookies|gather|receive|personal information|"
                r"data we)", re.I), Action.COLLECT),
)


def record_heading_purposes(heading: str, doc: Doc, context: SegmentContext) -> None:
    """Record the purposes the section heading ``heading`` (tagged as ``doc``) names, for the uses under it: its
    purpose terms, else its words when it is worded as a purpose no term names ("Anonymizing your information")."""
    context.heading_purposes[heading] = unique(s.label_ for s in doc.spans["pg_purpose"]
                                                if s.label_ not in ROOT_TERMS and not set_aside(s))
    if not context.heading_purposes[heading]:
        context.heading_stated_purposes[heading] = unnamed_item_purpose(doc, bare_verb_is_purpose=False)


def record_lead_in(key: str, sentence: Span, context: SegmentContext) -> None:
    """Record what the lead-in sentence ``sentence`` (known to its items as ``key``) gives its list items.

    Its first practice verb gives the items their action, when the company (or a named party) performs it
    and the sentence states it: "We may share the following with advertisers:". A user's giving verb is
    the company's collection ("You may provide us with:"); a lead-in about what the user may do ("You have
    the right to:") gives no action, and marks its items' verbs as the user's.
    """
    action, actor, modality, by_another = None, "FirstParty", "unspecified", False
    # The practice is the first action verb with a subject of its own ("to fulfil your order and maintain
    # our records, we receive the following:" receives), else the first action verb.
    verbs = [t for t in sentence if t.pos_ in ("VERB", "AUX") and _action_of(t) is not None
             and not is_purpose_verb(t) and not in_an_idiom(t)]
    # A verb of an adverbial clause says when, not what: "Once we receive your request, we will disclose to
    # you:" discloses, and "For example, if we show you ads:" states no practice for its items.
    verbs = [t for t in verbs if not in_adverbial_clause(t)]
    # "... requiring us to process the information we hold about you are:" - a verb describing the object of
    # another candidate says which data, as in a sentence of its own (verb_groups.describing_anothers_object)
    verbs = [t for t in verbs if not (t.dep_ in ("relcl", "acl") and t.head.dep_ in ("dobj", "nsubjpass")
                                      and t.head.head in verbs)]
    # "To display personalised ads:" says what its items are used for; it performs no practice on them
    verbs = [t for t in verbs if not (t.dep_ == "ROOT" and grammatical_subject(t) is None and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in t.children))]
    verb = next((t for t in verbs if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)),
                verbs[0] if verbs else None)
    named_parties = any(sentence.start <= s.start and s.end <= sentence.end and s.label_ not in (
        "FirstParty", "Recipient") for s in sentence.doc.spans["pg_recipient"])
    if verb is not None and named_parties:
        # "We may access, preserve and share the information with law enforcement ...:" the items are the
        # disclosure's, the practice that names its recipients
        verb = next((c for c in (verb, *verb.conjuncts) if c.i in {t.i for t in verbs} and
                     _action_of(c) in (Action.SHARE, Action.SELL, Action.TRANSFER)), verb)
    if verb is not None and talked_about(verb) is None:
        actor, action, modality = actor_of(verb, context.own_names), _action_of(verb), modality_of(verb)
        if (actor == "User" and verb.lemma_.lower() in USER_GIVING_VERBS and not given_to_others(verb)) or (
                actor is None and given_to(verb, "us")):
            # "You may provide us with:", "your device automatically sends us:": the company collects
            action, actor = Action.COLLECT, "FirstParty"
        elif actor in ("User", None) or (actor == "FirstParty" and subject_is_they(verb)):
            # "Depending on how you interact with them, they receive:" names no party its items could be
            # read for (a "they" left for the company, with nothing to refer to, is no one's practice here)
            by_another = actor is None or actor == "FirstParty"
            action, actor = None, "FirstParty"

    denied = verb is not None and is_negated(verb)

    def named(family: str) -> tuple[str, ...]:
        labels = ((own_party(s, context.own_names) if family == "pg_recipient" else None) or s.label_
                  for s in sentence.doc.spans[family] if sentence.start <= s.start and s.end <= sentence.end
                  and not waived(s, denied))
        return tuple(label for label in labels if label not in ROOT_TERMS | {"FirstParty", "Recipient"})

    # "we will disclose to you:", "we will provide you with:" lists what the user is given (a copy of their
    # data, the categories we hold), not a practice on the user's data
    to_the_user = (verb is not None and action in (Action.SHARE, Action.SELL, Action.TRANSFER)
                   and given_to(verb, "you"))
    if to_the_user:
        action = None
    context.lead_ins[key] = LeadIn(action, actor, modality,
                                   "purpose" in sentence.text.lower() or action == Action.USE
                                   or bool(PURPOSE_LEAD_IN.search(sentence.text)),
                                   action is None and not to_the_user and bool(_USER_LEAD_IN.search(sentence.text)),
                                   named("pg_recipient"),
                                   named("pg_condition") + tuple(clause_conditions(sentence)) + (
                                       ("OptIn",) if verb is not None and chosen_by_the_user(verb) else ()),
                                   without_umbrellas(named("pg_data")), to_the_user, by_another)


def _action_of(verb: Token) -> Action | None:
    """The practice a lead-in's verb states: its own ("share", "collect"), or a disclosure where it engages a party
    ("We use (retain, partner with) service providers to operate our services, which includes sharing personal
    information for the following purposes:"), as in a sentence of its own."""
    return Action.SHARE if engaged_parties(verb) else verb_actions().get(verb.lemma_.lower())


def heading_practice(segment: Segment) -> Action | None:
    """The practice the nearest heading states on the data listed under it: "Data we use" (Use), "Information
    we collect" (Collect), "Personal data that we share" (Share); None for other headings."""
    for heading in reversed(segment.heading_path[-2:]):  # the nearest, or the one above a run-in label
        match = _PRACTICE_HEADING.match(heading)
        if match:
            return verb_actions().get(match.group(1).lower())
    return None


def heading_action(heading: str) -> Action | None:
    """The practice a section heading is about ("How we share your information": Share), if any."""
    for pattern, action in _HEADING_TOPICS:
        if pattern.search(heading):
            return action
    return None
