"""Map an ``Extraction`` to OPP-115 labels through the ontology's ``pg:opp115Value`` mapping.

Policy level: one set of OPP-115 values per family (``data_types_collected``, ``purposes_first_party``...).
Segment level: ``{start, end, family, value}`` items anchored at each statement's evidence. Negated
statements ("we do not share") never produce labels: OPP-115 keeps "Does Not" practices apart.
"""

from __future__ import annotations

from typing import Any

from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import Action, Extraction, Statement

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
    for st in extraction.statements:
        if st.negated:
            continue
        anchor = (st.evidence.start, st.evidence.end)
        data, purposes = values(st.data_categories), values(st.purposes)
        entities = values(st.recipients) if st.action in _SHARING else []
        if _is_first_party(st):
            policy["data_types_collected"].update(data)
            policy["purposes_first_party"].update(purposes)
        policy["third_party_entities_shared_with"].update(entities)
        policy["shared_with_entity_purpose"].update((e, p) for e in entities for p in purposes)
        if anchor in topic_sentences:
            continue
        if _is_first_party(st):
            segments.update((*anchor, "data_collected", v) for v in data)
            segments.add((*anchor, "category", FIRST_PARTY))
        elif st.recipients or st.actor != "FirstParty":
            segments.add((*anchor, "category", THIRD_PARTY))
        segments.update((*anchor, "purpose", v) for v in purposes)
        if st.action in _SHARING and st.data_categories and entities:
            # A segment shares data only when a statement says what goes to whom; "we may share it" or
            # "partners" alone is too weak to label either side.
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


def _is_first_party(statement: Statement) -> bool:
    return statement.actor == "FirstParty" and statement.action not in _SHARING
