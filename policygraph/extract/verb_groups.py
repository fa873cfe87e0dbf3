"""Adjustments across the action verbs of one sentence: purposes and parties moved to the verb they belong to,
conjoined verbs of one practice merged, accessing beside another practice read as that practice."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from policygraph.extract.clauses import first_conjunct, has_object, in_own_clause
from policygraph.records import UMBRELLA_DATA, Action


def purposes_to_the_main_verb(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                               ) -> None:
    """ "We use the information we collect to improve our services", "we do not use information collected from
    messages for advertising": the parser often hangs the purpose on the clause that describes the data; the
    purpose is that of the use, whose object the data is. (After a sharing verb, "we share the information we
    collect to provide the service", the purpose may be either's.)"""
    for i, found in groups.items():
        clause = first_conjunct(doc[i])  # "information you share with us, or that we collect to conduct research"
        noun = clause.head
        if (clause.dep_ in ("relcl", "acl") and noun.dep_ in ("dobj", "nsubjpass")
                and actions.get(noun.head.i) == Action.USE
                and found["purpose"]):
            groups[noun.head.i]["purpose"].extend(found["purpose"])
            found["purpose"] = []


_DISCLOSING = (Action.SHARE, Action.SELL, Action.TRANSFER)


def parties_to_the_disclosure(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                               ) -> None:
    """ "We may share information that we collect with our subsidiaries": the parser often hangs the party on the
    clause that describes the data; the party is the one the data is shared with."""
    for i, found in groups.items():
        verb = doc[i]
        noun = verb.head
        if (verb.dep_ in ("relcl", "acl") and actions.get(i) not in _DISCLOSING and noun.dep_ == "dobj"
                and actions.get(noun.head.i) in _DISCLOSING and found["recipient"]):
            heads = {s: first_conjunct(s.root) for s in found["recipient"]}
            moved = [s for s, h in heads.items() if h.dep_ == "pobj" and h.head.lower_ in ("with", "to")
                     and in_own_clause(s, verb)]
            groups[noun.head.i]["recipient"].extend(moved)
            found["recipient"] = [s for s in found["recipient"] if s not in moved]


def describing_anothers_object(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                                ) -> set[int]:
    """The practice verbs of clauses describing the object of another practice verb of the sentence ("use
    information collected from messages"). The data such a clause names describes that object: "does not use
    information collected from direct messages" is a denial about message data."""
    describing = set()
    for i in list(groups):
        verb = doc[i]
        noun = verb.head
        j = noun.head.i
        if verb.dep_ in ("relcl", "acl") and noun.dep_ in ("dobj", "nsubjpass") and j != i and j in groups:
            describing.add(i)
            if all(s.label_ in UMBRELLA_DATA for s in groups[j]["data"]):
                groups[j]["data"].extend(s for s in groups[i]["data"] if s.label_ not in UMBRELLA_DATA)
    return describing


#: Verbs of examining what one has: "we may access and review your messages" uses them.
_EXAMINING_VERBS = {"review", "examine", "analyze", "analyse", "inspect", "read", "monitor", "scan", "check"}


def access_with_another_practice(doc: Doc, actions: dict[int, Action]) -> dict[int, Action]:
    """Accessing data beside another practice on it is part of that practice, not a collection: "we may access,
    preserve and disclose your information" preserves and discloses, "information may be preserved and accessed"
    is kept; "we may access and review your messages" uses them."""
    result = dict(actions)
    for i, action in actions.items():
        verb = doc[i]
        if verb.lemma_.lower() != "access" or action != Action.COLLECT:
            continue
        partners = [c for c in verb.conjuncts if c.i != i]
        other = next((actions[c.i] for c in partners if actions.get(c.i) not in (None, Action.COLLECT)), None)
        if other is not None:
            result[i] = other  # one practice with its partner, merged with it as conjoined verbs of one practice
        elif any(c.lemma_.lower() in _EXAMINING_VERBS for c in partners):
            result[i] = Action.USE
    return result


def merge_conjoined_same_practice(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                                   ) -> None:
    """ "We do not sell, rent or lease your phone number to third parties": conjoined verbs of one practice
    without subjects of their own are one statement, with the phrases each of them carries."""
    for i in sorted(actions):
        if any(c.dep_ in ("nsubj", "nsubjpass", "neg") for c in doc[i].children):
            continue  # "they use it ..., and we use ...", "... and do not use it for ads": a clause of its own
        first = min((c.i for c in doc[i].conjuncts if c.i < i and actions.get(c.i) == actions[i]), default=None)
        if first is not None:
            for family, spans in groups.pop(i).items():
                groups[first][family].extend(spans)
            del actions[i]


def share_with_conjuncts(doc: Doc, groups: dict[int, dict[str, list[Span]]]) -> None:
    """Conjoined verbs share their objects: 'we use and share this information', 'sell or rent your data' (and
    verbs written in a row take one object list together, see ``_verb_series_share_objects``)."""
    _verb_series_share_objects(doc, groups)
    for i, found in groups.items():
        verb = doc[i]
        partners = [c.i for c in verb.conjuncts if c.i in groups]
        for family in ("data", "recipient"):
            if not found[family]:
                for j in partners:
                    found[family] = found[family] or list(groups[j][family])
    # "We collect and store this information to facilitate your purchase": verbs with one object share the
    # purposes stated after the last of them
    for i, found in groups.items():
        verb = doc[i]
        if found["purpose"]:
            continue
        # the partner whose object this verb shares: the first one after it with an object ("collect and store
        # your information and use it to ...": storing's, not using's)
        partner = next((j for j in sorted(c.i for c in verb.conjuncts if c.i in groups and c.i > i)
                        if has_object(doc[j])), None)
        if partner is None or has_object(verb) or any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[partner].children):
            continue
        # not the partner's own word ("collect and maintain": "maintain" names no purpose of collecting)
        found["purpose"] = [s for s in groups[partner]["purpose"] if not s.start <= partner < s.end]


def _verb_series_share_objects(doc: Doc, groups: dict[int, dict[str, list[Span]]]) -> None:
    """ "We do not sell or share your messages, your ID or your location with advertisers": verbs written one after
    the other, with only commas and a conjunction between them, take one object list together, however the
    parser hangs its items on them (it often gives the first item to the last verb and the rest to the first)."""
    series: list[list[int]] = []
    for i in sorted(groups):
        between = doc[series[-1][-1] + 1:i] if series else None
        if between is not None and len(between) and all(t.dep_ in ("cc", "punct") for t in between):
            series[-1].append(i)
        else:
            series.append([i])
    for verbs in series:
        if len(verbs) < 2:
            continue
        for family in ("data", "recipient"):
            union = list({(s.start, s.end): s for i in verbs for s in groups[i][family]}.values())
            for i in verbs:
                groups[i][family] = list(union)
