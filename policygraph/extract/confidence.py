"""How sure a reading of a sentence's own practice verb is: what the statement builder read for the verb
(``VerbReading``) is weighed against the shapes a judged audit found mostly wrong, and a reading of such a shape
is tentative: it stays in the graph with its confidence, below the threshold of answers
(``extract.pipeline.DEFAULT_MIN_CONFIDENCE``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from policygraph.extract.clauses import (
    acts_on_something_else,
    in_a_subordinate_clause,
    in_own_clause,
    labels_a_noun,
    modifies_a_thing,
)
from policygraph.extract.context import PURPOSE_LEAD_IN, LeadIn
from policygraph.extract.framing import defines_its_subject, under_definitions
from policygraph.extract.polarity import BUSINESS_WORDS, CONDITION_MARKS, is_hedged
from policygraph.records import UMBRELLA_DATA, Action, Segment, SegmentKind

#: The confidence of a tentative reading, below the default threshold (``extract.pipeline.DEFAULT_MIN_CONFIDENCE``)
#: and so left out unless asked for: a paragraph read through its heading's topic, a purpose list item, a denial
#: whose exceptions are not named. A judged audit found most of them wrong.
TENTATIVE = 0.6
#: A reading whose data and, for a disclosure, recipient are named, or a practice that needs no recipient.
CONFIDENT = 0.9
#: A reading that names less: a disclosure to no party named, a practice on no data.
PLAIN = 0.75

#: Verbs of using a means: "we use / employ / apply security measures".
_MEANS_VERBS = {"use", "utilize", "utilise", "employ", "apply", "deploy", "implement", "leverage"}
_LEGAL = {"LegalCompliance", "LegalClaims"}
#: A retention period: "for seven years", "up to 13 months", "as long as your account is active", "until ...".
_RETENTION_PERIOD = re.compile(r"\b(?:for|up to|within|after|than)\s+(?:\w+\s+){0,2}(?:days?|weeks?|months?|years?)\b"
                               r"|\bas long as\b|\buntil\b|\bperiod\b", re.I)


@dataclass(frozen=True)
class VerbReading:
    """What the statement builder read for one practice verb of a sentence: the ``verb`` and its sentence, the
    segment and the lead-in it continues, the action, actor and rule, whether it is denied, the data spans it
    acts on and the terms read for its data, recipients, purposes and conditions, and whether the sentence names
    its parties (``stated_parties``: not only the party its section is titled by)."""

    verb: Token
    sent: Span
    segment: Segment
    action: Action
    actor: str | None
    rule: str
    negated: bool
    data: list[Span]
    categories: list[str]
    recipients: list[str]
    purposes: list[str]
    conditions: list[str]
    lead_in: LeadIn
    stated_parties: bool


def verb_reading_confidence(reading: VerbReading) -> float:
    """The confidence of a verb's reading: ``TENTATIVE`` for a shape the judged audits found mostly wrong (see
    ``_tentative``), else ``CONFIDENT`` when it names its data (and a disclosure its recipient), else ``PLAIN``."""
    if _tentative(reading):
        return TENTATIVE
    named = reading.categories and (reading.recipients or reading.action not in (Action.SHARE, Action.SELL))
    return CONFIDENT if named else PLAIN


def _tentative(reading: VerbReading) -> bool:
    """True for a reading of a shape that mostly misreads its sentence (each shape explained beside its test)."""
    verb, sent, segment, action, actor, rule = (reading.verb, reading.sent, reading.segment, reading.action,
                                                reading.actor, reading.rule)
    negated, data, categories, recipients = reading.negated, reading.data, reading.categories, reading.recipients
    purposes, conditions, lead_in, stated_parties = (reading.purposes, reading.conditions, reading.lead_in,
                                                     reading.stated_parties)
    if action == Action.USE and verb.lemma_.lower() in _MEANS_VERBS and acts_on_something_else(
            verb, passive=True) and not any(
            in_own_clause(s, verb) and not modifies_a_thing(s) for s in data):
        # "We use security measures", "we use encryption to protect your personal information", "we use automated
        # tools to detect violations": what is used is a means, and no data is said to be used; the data named in
        # the purpose is what the means protects or finds
        return True
    if action in (Action.SHARE, Action.SELL) and acts_on_something_else(verb) and not any(
            in_own_clause(s, verb) for s in data) and not stated_parties:
        # "Advertising revenue enables us to provide our products", "we do not provide these access rights":
        # what is provided, to no party the sentence names, is a service or a right, not data
        return True
    if rule == "verb-negation-exception" and not conditions:
        # "We do not share it except in the following cases:" allows the practice only under conditions the
        # sentence does not name; stated plainly it would read as unconditional sharing.
        return True
    if action in (Action.SHARE, Action.SELL, Action.TRANSFER) and _hands_over_the_business(verb):
        # "if we sell all or part of our business": the business changes hands, which is the condition of
        # the disclosure the sentence states, not a sale of data (OPP-115's annotators read it as sharing)
        return True
    if not categories and not negated and not (action == lead_in.action == Action.USE):
        # "We use it to send you marketing", "we may report the violation to the authorities", "Providing
        # measurement services to advertisers": a practice that names no data leaves a reader to guess what
        # it acts on (the judged 0.8.0 and 0.9.0 samples had 0 of 20 such statements fully right). A denial
        # ("we do not sell in the traditional sense") still says something, and an item continuing its
        # lead-in's use ("We use the information we collect to: - personalise the app") acts on the
        # information the lead-in names (its data, when the lead-in names a kind, is taken above).
        return True
    if is_hedged(verb):
        return True  # "we don't necessarily collect it": a maybe, neither stated nor denied
    if defines_its_subject(verb) or under_definitions(segment.heading_path):
        # "Cookies are small files that are sent to your browser"; any sentence under "Key terms" or
        # "Definitions": what a word means is no practice, though it may name practices in passing
        return True
    if sent.text.rstrip().endswith(":") and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in sent.root.children):
        # "If we show you ads:", "When you contact us:" introduce the items after them; the clause alone
        # supposes a practice rather than stating one
        return True
    if segment.kind != SegmentKind.LIST_ITEM and labels_a_noun(verb):
        # "Information categories we use (see ...)": a noun phrase standing alone, a table label or a
        # run-in title, names what follows; it states nothing by itself
        return True
    if PURPOSE_LEAD_IN.search(sent.text):
        # "We use cookies and SDKs to:" leaves its purposes to the list after it, whose items state the
        # practice whole; the lead-in alone would be the practice without them
        return True
    if actor != "FirstParty":
        # "Our partners may collect your IP address": what another party does is read from the company's
        # account of it, and the subject is often misread (a list fragment, "you or others"); it stays in
        # the graph for a reader who asks, below the threshold of answers.
        return True
    if rule == "verb" and in_a_subordinate_clause(verb) and "MergerAcquisition" not in purposes:
        # "Once we receive your request, we will disclose ...", "the ads we show you", "Certain features allow
        # you to share it": a practice in a clause serving another is background to what the sentence says
        # (the judged 0.9.x samples had 13 of 59 such statements fully right, 29 wrong); it stays in the
        # graph, below the threshold of answers. (A business changing hands, "if our company is acquired", is
        # the occasion of the disclosure the sentence states.)
        return True
    if rule == "verb-engages-party" and not categories:
        # "we contract with outside companies to audit our security systems": engaging a party for work that
        # names no data says nothing of what it receives
        return True
    if action == Action.SHARE and not (recipients or negated or conditions or set(purposes) & _LEGAL):
        # "We may disclose your information": a disclosure to no one named, on no condition and for no legal
        # end, is vague at best and mostly a misreading (information the company receives, or uses to show
        # the user something); "we may disclose information where we are required to do so by law" and "we
        # share information to respond to a court order" say when, and to whom in effect
        return True
    if (rule == "verb" and action != Action.TRANSFER and not (negated or recipients or purposes or conditions)
        and set(categories) <= UMBRELLA_DATA
        and not (action == Action.RETAIN and _RETENTION_PERIOD.search(sent.text))):
        # "We may aggregate the information we collect", "the information it collects": a practice on
        # information of no kind, for no purpose, with no one, tells a reader nothing and is mostly a phrase
        # describing data in a sentence about something else. (A denial, a limit, a transfer abroad or a
        # party engaged do say something.)
        return True
    return False


def _hands_over_the_business(verb: Token) -> bool:
    """ "If we sell or transfer all or part of our business": the object is the business itself, and no data is
    named in it; the data passing to the buyer is another clause's ("we'll give the new owner your information")."""
    # the object, and an "of" phrase the parser may hang on the verb ("sell all or part | of our business"), of
    # the verb and the conjoined verbs that share its subject
    sharing = [c for c in verb.conjuncts if not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    objects = [c for v in (verb, *sharing) for c in v.children
               if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "of")]
    data = {s.root.i for s in verb.doc.spans["pg_data"]}
    return any(any(t.lower_ in BUSINESS_WORDS for t in o.subtree) and not any(t.i in data for t in o.subtree)
               for o in objects)
