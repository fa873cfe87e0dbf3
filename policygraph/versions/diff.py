"""What changed between two versions of a policy, by meaning, each change with its sentence from both versions.

A change is one of:

- a practice added or removed ("Share location data" appears or disappears);
- a practice now denied, or no longer denied: the practice disappears while its denial appears (or the reverse)
  — one change, not an addition and a removal;
- an attribute of a practice present in both added or dropped (a recipient, purpose, condition or audience);
- a fact added or removed, now denied or no longer denied (a right, a choice, a security measure ...);
- a retention period changed: the periods a retention fact gives differ.

Wording is never compared (see ``practices``). The sentence shown for the side where something is missing is
the sentence of the practice it belonged to, when the practice is there, so both versions are quoted.

A change is not reported when every sentence behind it is in the other version word for word, in a section of
the same title: the words did not change, only how they were read. A judged sample of changes found most reported
changes to be such re-readings rather than changes of meaning, and saying nothing there is better than reporting
a change the policy did not make. What this hides: a change carried only by the words around an unchanged
sentence that are no heading (a lead-in "We do not sell:" above unchanged items, a neighbour that changes what
"this information" points to); a section retitled above unchanged sentences is still reported.

A practice is not reported added (or removed) either when the other version states the same data with the other
of collect and use (the company holds the data either way: "we use your IP address" in one version, "we collect
your IP address" in the next), or names the data only by an umbrella in both ("such information" and
"information", "personal information"), and says there every recipient and purpose it has. A new recipient or
purpose is never hidden this way. Likewise a recipient or purpose a data type gains or loses is no change when the
other version gives it to the user's information as a whole ("we use your information to provide our services"):
said of all the data, it was (or still is) said of this data. A data category one level off is a change: the
judged sample (seed 293) found "precise location" dropped while "location" stays, or "billing information" newly
named beside "payment card information", to be real changes as often as re-readings, so the hierarchy is not used.
"""

from __future__ import annotations

from dataclasses import dataclass

from policygraph.records import UMBRELLA_DATA, Evidence
from policygraph.versions.practices import ATTRIBUTES, FactKey, FactState, Practice, PracticeKey, VersionState

#: the fact families whose details are compared (elsewhere a detail is a channel or a wording, not a change)
COMPARED_DETAILS = frozenset({"RetentionPeriod"})


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` (e.g. "practice added", "recipient dropped"), what it is about, and the sentences."""

    kind: str
    subject: PracticeKey | FactKey
    value: str
    old: Evidence | None
    new: Evidence | None


def diff_states(old: VersionState, new: VersionState) -> list[Change]:
    """The changes from ``old`` to ``new``: practices first, then facts, each in a stable order."""
    return [change for change in _practice_changes(old, new) + _fact_changes(old, new)
            if not _same_words(change, old, new)]


def _same_words(change: Change, old: VersionState, new: VersionState) -> bool:
    """True when every sentence behind the change is in the other version, word for word in a section of the same
    title: for a practice or fact added (or now stated, or now denied), every sentence stating it in the new
    version; for one removed, every sentence that stated it in the old; for an attribute, the sentence giving it."""
    if change.kind == "period changed":
        return False  # the periods themselves are compared
    gone = change.kind.endswith(("removed", "dropped"))
    stating, other = (old, new) if gone else (new, old)
    states = {**stating.practices, **stating.facts}
    if change.kind.startswith(("practice ", "fact ")) and change.subject in states:
        return all(other.says(sentence) for sentence in states[change.subject].sentences)
    return other.says(change.old if gone else change.new)


def _practice_changes(old: VersionState, new: VersionState) -> list[Change]:
    changes = []
    for key in sorted(old.practices.keys() | new.practices.keys()):
        before, after = old.practices.get(key), new.practices.get(key)
        if before and after:
            changes += [change for change in _attribute_changes(key, before.attributes, after.attributes,
                                                                 before.evidence, after.evidence)
                        if not _said_of_all_data(change, new if change.kind.endswith("dropped") else old)]
        elif _polarity_moved(key, old, new) or not _said_elsewhere(key, before or after, new if before else old):
            changes += _presence_change("practice", key, old.practices, new.practices)
    return changes


def _polarity_moved(key: PracticeKey, old: VersionState, new: VersionState) -> bool:
    """The practice's denial is in one version only: the change is one of polarity ("no longer denied"), which a
    restatement elsewhere does not explain."""
    flipped = key.flipped()
    return (flipped in old.practices) != (flipped in new.practices)


def _said_of_all_data(change: Change, other: VersionState) -> bool:
    """True when the other version gives the attribute to the same practice on the user's information as a whole
    ("we use your information to provide our services", "we share your information with service providers"):
    said of all the data, it is said of this data too, so this data's statement gaining or losing it is no change."""
    key = change.subject
    attribute = (change.kind.split()[0], change.value)
    if attribute[0] not in ("recipient", "purpose"):
        return False  # a condition or audience said of all data may not hold for this practice
    return any(k.actor == key.actor and k.negated == key.negated and _related_data(k.data, "")
               and (k.action == key.action or {k.action, key.action} <= _HOLDING) and attribute in p.attributes
               for k, p in other.practices.items())


#: actions that both say the company holds the data: one version's "use" is the other's "collect"
_HOLDING = frozenset({"Collect", "Use"})


def _said_elsewhere(key: PracticeKey, practice: Practice, other: VersionState) -> bool:
    """True when ``other`` states the practice with related data or the related action (see the module's
    docstring), and every recipient and purpose the practice has in one of those statements."""
    related = [p for k, p in other.practices.items() if k.actor == key.actor and k.negated == key.negated
               and (k.action == key.action or {k.action, key.action} <= _HOLDING) and _related_data(k.data, key.data)]
    if not related:
        return False
    said = {attribute for p in related for attribute in p.attributes}
    return all(attribute in said for attribute in practice.attributes if attribute[0] in ("recipient", "purpose"))


def _related_data(a: str, b: str) -> bool:
    """The same data category, or both umbrellas ("information", "personal information", none named)."""
    umbrella = UMBRELLA_DATA | {""}
    return a == b or (a in umbrella and b in umbrella)


def _presence_change(noun: str, key: PracticeKey | FactKey, olds: dict, news: dict) -> list[Change]:
    """A practice or fact stated in one version only: added or removed; or, when its denial (or what it denies)
    takes its place, one change "now denied" / "no longer denied", reported from the side that states it."""
    flipped = key.flipped()
    if key in news:
        if flipped in olds and flipped not in news:
            kind = f"{noun} now denied" if key.negated else f"{noun} no longer denied"
            return [Change(kind, key, "", olds[flipped].evidence, news[key].evidence)]
        return [Change(f"{noun} added", key, "", None, news[key].evidence)]
    if flipped in news and flipped not in olds:
        return []  # the other side reports it
    return [Change(f"{noun} removed", key, "", olds[key].evidence, None)]


def _attribute_changes(key: PracticeKey, before: dict, after: dict, old_practice: Evidence,
                       new_practice: Evidence) -> list[Change]:
    changes = []
    for family in ATTRIBUTES:
        olds = {value: ev for (fam, value), ev in before.items() if fam == family}
        news = {value: ev for (fam, value), ev in after.items() if fam == family}
        changes += [Change(f"{family} added", key, value, old_practice, news[value])
                    for value in sorted(news.keys() - olds.keys())]
        changes += [Change(f"{family} dropped", key, value, olds[value], new_practice)
                    for value in sorted(olds.keys() - news.keys())]
    return changes


def _fact_changes(old: VersionState, new: VersionState) -> list[Change]:
    changes = []
    for key in sorted(old.facts.keys() | new.facts.keys()):
        before, after = old.facts.get(key), new.facts.get(key)
        if not (before and after):
            changes += _presence_change("fact", key, old.facts, new.facts)
        elif key.kind in COMPARED_DETAILS and before.details.keys() != after.details.keys():
            changes.append(_period_change(key, before, after))
    return changes


def _period_change(key: FactKey, before: FactState, after: FactState) -> Change:
    """A retention fact whose periods differ, quoting a sentence with a period dropped and one with a period added."""
    dropped = sorted(before.details.keys() - after.details.keys())
    added = sorted(after.details.keys() - before.details.keys())
    value = f"was: {', '.join(sorted(before.details))}; now: {', '.join(sorted(after.details))}"
    return Change("period changed", key, value, before.details[dropped[0]] if dropped else before.evidence,
                  after.details[added[0]] if added else after.evidence)
