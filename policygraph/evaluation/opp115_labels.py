"""Map an ``Extraction`` to OPP-115 labels through the ontology's ``pg:opp115Value`` mapping.

Policy level: one set of OPP-115 values per family (``data_types_collected``, ``purposes_first_party``...).
Segment level: ``{start, end, family, value}`` items anchored at each statement's evidence. Negated
statements ("we do not share") never produce labels: OPP-115 keeps "Does Not" practices apart.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from policygraph.extract.data_terms import without_umbrellas
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import CONSENT_CONDITIONS, Action, Extraction, SegmentKind, Statement

FIRST_PARTY = "First Party Collection/Use"
THIRD_PARTY = "Third Party Sharing/Collection"
_SHARING = (Action.SHARE, Action.SELL, Action.TRANSFER)
#: fact kind -> (policy-level family, segment category)
_FACT_FAMILIES = {
    "RetentionPeriod": ("retention_periods", "Data Retention"),
    "SecurityMeasure": ("security_measures", "Data Security"),
    "UserChoice": ("choice_types", "User Choice/Control"),
    "UserRight": ("access_types", "User Access, Edit and Deletion"),
    "Audience": ("audiences", "International and Specific Audiences"),
    "DoNotTrackStance": ("do_not_track", "Do Not Track"),
    "ChangeNotice": (None, "Policy Change"),
}
#: Facts whose sentence is about that topic rather than a data practice: OPP-115 annotators label "if you
#: do not want us to share..., you may opt out" as a user choice and "we use SSL to protect your
#: information" as security, not as first- or third-party practices.
_TOPIC_FACTS = {"UserChoice", "UserRight", "SecurityMeasure", "DoNotTrackStance", "ChangeNotice"}
#: Main-practice filter. Annotators label a paragraph with the practice it is about, not with every practice
#: it mentions in passing: "You may update your account at any time; we will keep a copy of the data we
#: collect" is an access paragraph. A paragraph's topic is its first labelled sentence; when that sentence
#: states one of these facts, the data practices later in the paragraph are incidental and give no
#: segment-level labels (policy-level labels keep them: the practice is still stated). Likewise a paragraph led
#: by a disclosure or a third party's practice is a sharing paragraph: the first party's own collection and
#: use later in it give no first-party labels (their purposes still count).
_LEADING_TOPICS = {"UserChoice", "UserRight", "SecurityMeasure", "ChangeNotice", "RetentionPeriod", "DataLocation"}
#: A paragraph that speaks of a specific audience anywhere ("if we learn that we have collected information
#: from a child under 13, we delete it") is about that audience: its collection and sharing sentences
#: describe how the audience is treated, not the site's practices.
_AUDIENCE_TOPICS = {"Audience"}
_LEGAL_REQUIREMENT = "Legal requirement"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
POLICY_FAMILIES = ("data_types_collected", "purposes_first_party", "third_party_entities_shared_with",
                   "shared_with_entity_purpose", "retention_periods", "security_measures", "choice_types",
                   "access_types", "audiences", "do_not_track")


def opp115_labels(extraction: Extraction) -> dict[str, Any]:
    """``{"policy_id", "policy_labels", "segment_labels"}`` in the format of the OPP-115 scorers."""
    lexicon = get_lexicon()

    def values(terms) -> list[str]:
        found = (lexicon.opp115(t) for t in terms)
        return [v for v in found if v and v != "Unspecified"]

    policy: dict[str, set] = {family: set() for family in POLICY_FAMILIES}
    segments: set[tuple[int, int, str, str]] = set()
    topic_sentences = {(f.evidence.start, f.evidence.end) for f in extraction.facts.facts if f.kind in _TOPIC_FACTS}
    paragraphs = _paragraph_topics(extraction, topic_sentences)
    for st in extraction.statements:
        # "We do not share it without your consent" denies the practice and allows it with consent: the graph
        # keeps the denial with its condition; OPP-115's annotators label the practice at policy level
        allowed_with_consent = (st.negated and st.action in (Action.SHARE, Action.TRANSFER)
                                and bool(set(st.conditions) & CONSENT_CONDITIONS))
        if st.negated and not allowed_with_consent:
            continue
        anchor = (st.evidence.start, st.evidence.end)
        # the annotators label the kinds a sentence names, not the "personal information" they are examples of
        data = values(without_umbrellas(st.data_categories))
        purposes = _annotated_purposes(st, values(st.purposes))
        entities = values(st.recipients) if st.action in _SHARING else []
        if _is_first_party(st):
            policy["data_types_collected"].update(data)
            policy["purposes_first_party"].update(purposes)
        policy["third_party_entities_shared_with"].update(entities)
        policy["shared_with_entity_purpose"].update((e, p) for e in entities for p in purposes)
        paragraph = paragraphs.of(anchor[0])
        if anchor in topic_sentences or paragraph in paragraphs.off_topic:
            continue
        if st.evidence.rule == "verb-negation-exception" or allowed_with_consent:
            # "We do not share your data unless you consent": the sentence denies the practice and allows it
            # only as an exception. The practice stays at policy level; the segment is labelled by its denial
            # (OPP-115 keeps "Does Not" practices apart) and by the choice it offers, not as a sharing segment.
            continue
        if _is_first_party(st):
            if paragraph in paragraphs.sharing:
                # "We employ other companies to deliver packages. Examples include analysing data, ..." is a
                # sharing paragraph: the company's own use of data in it says what the sharing serves.
                segments.update((*anchor, "purpose", v) for v in purposes)
                continue
            segments.update((*anchor, "data_collected", v) for v in data)
            segments.add((*anchor, "category", FIRST_PARTY))
        elif st.recipients or st.actor != "FirstParty" or "MergerAcquisition" in st.purposes:
            # a business transfer hands the data to the buyer, another company, even when the buyer is unnamed
            segments.add((*anchor, "category", THIRD_PARTY))
        segments.update((*anchor, "purpose", v) for v in purposes)
        if st.action in _SHARING and entities and (st.data_categories or st.evidence.rule == "verb-engages-party"):
            # A segment shares data only when a statement says what goes to whom; "we may share it" or
            # "partners" alone is too weak to label either side. Engaging a party ("we employ companies to
            # process payments") hands it the data its work needs, named or not.
            segments.update((*anchor, "data_shared", v) for v in data)
            segments.update((*anchor, "shared_with", v) for v in entities)
    for fact in extraction.facts.facts:
        family, category = _FACT_FAMILIES.get(fact.kind, (None, None))
        if category is None or fact.negated:
            continue
        segments.add((fact.evidence.start, fact.evidence.end, "category", category))
        value = lexicon.opp115(fact.value)
        if family and value and lexicon.terms[fact.value].parent is not None:  # a bare family root is too vague
            policy[family].add(value)
    return {
        "policy_id": extraction.document.policy_id,
        "policy_labels": {family: sorted(list(v) if isinstance(v, tuple) else v for v in items)
                          for family, items in policy.items()},
        "segment_labels": [{"start": s, "end": e, "family": f, "value": v} for s, e, f, v in sorted(segments)],
    }


@dataclass(frozen=True)
class _ParagraphTopics:
    """What each paragraph is about, for the main-practice filter (see ``_LEADING_TOPICS``)."""

    starts: list[int]  # paragraph start offsets
    off_topic: set[int]  # paragraphs about a choice, right, audience...: no practice labels
    sharing: set[int]  # paragraphs led by a third party's practice or a disclosure

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


def _paragraph_topics(extraction: Extraction, topic_sentences: set[tuple[int, int]]) -> _ParagraphTopics:
    """Each paragraph's topic: its first labelled sentence. A paragraph is a text segment with the list items
    that follow it; a blank line also ends one."""
    text = extraction.document.text
    starts = sorted({0} | {m.end() for m in _BLANK_LINE.finditer(text)} |
                    {s.start for s in extraction.segments if s.kind != SegmentKind.LIST_ITEM})
    topics = _ParagraphTopics(starts, set(), set())
    first: dict[int, tuple[int, str]] = {}  # paragraph -> (offset, topic) of its first label

    def seen(offset: int, topic: str) -> None:
        index = topics.of(offset)
        first[index] = min(first.get(index, (offset, topic)), (offset, topic))

    for fact in extraction.facts.facts:
        if fact.negated:
            continue
        if fact.kind in _AUDIENCE_TOPICS:
            topics.off_topic.add(topics.of(fact.evidence.start))
        elif fact.kind in _LEADING_TOPICS:
            seen(fact.evidence.start, "topic")
    for st in extraction.statements:
        if not st.negated and (st.evidence.start, st.evidence.end) not in topic_sentences:
            # on a tie ("we use and share it") the first party's practice leads
            seen(st.evidence.start, "first party" if _is_first_party(st) else "sharing")
    topics.off_topic.update(index for index, (_, topic) in first.items() if topic == "topic")
    topics.sharing.update(index for index, (_, topic) in first.items() if topic == "sharing")
    return topics


def _annotated_purposes(statement: Statement, purposes: list[str]) -> list[str]:
    """The statement's purposes as OPP-115's annotators give them: a disclosure to the authorities, or one the law
    requires, is for "Legal requirement" whatever end the sentence names ("we may share it with law enforcement
    to protect someone's safety", "unless legally required"). The graph keeps only the purposes the sentence
    states; this is the scheme's convention, applied where the labels are made."""
    if statement.action in _SHARING and ("GovernmentAuthority" in statement.recipients
                                         or "LegalRequirement" in statement.conditions):
        return list(dict.fromkeys([*purposes, _LEGAL_REQUIREMENT]))
    return purposes


def _is_first_party(statement: Statement) -> bool:
    return statement.actor == "FirstParty" and statement.action not in _SHARING
