"""One version read as practices by meaning, so that two versions can be compared without their wording.

A statement "we share your e-mail address and location with advertisers for marketing" becomes one *practice*
per data category: (actor, action, data category, polarity), here (first party, Share, e-mail address, stated)
and (first party, Share, location data, stated). Each practice holds the *attributes* every statement of it
names: recipients, purposes, conditions, audience. A practice is present in a version while any statement states
it, and its attributes are the union over those statements.

The two umbrella data terms ("personal information", and "information" unspecified) are one data key: a
version's "such information" is the next one's "your information", and the judged sample (seed 293) found
recipients and purposes moving between the two keys to be a third of its false changes.

Why this shape: a policy says the same thing in many sentences and says it again in other words in its next
version. Keys made only of ontology terms make a reworded sentence the same practice, and taking the union
over the sentences makes a practice stated twice present until neither sentence states it. Modality ("may",
"will") and the rule that read a statement are left out: they change with wording, not with what is done.
Polarity is part of the key: "we do not sell" is its own practice, so a denial that appears while the practice
disappears is a change of polarity (see ``diff``).

Policy facts are read the same way: (kind, value, polarity), e.g. (UserRight, RightToDeletion, stated), with
the details the sentences give (a retention period's "90 days").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policygraph.records import UMBRELLA_DATA, Evidence, Fact, Statement
from policygraph.versions.cache import Readings

#: the attribute families of a practice, in the order changes are shown
ATTRIBUTES = ("recipient", "purpose", "condition", "audience")


@dataclass(frozen=True, order=True)
class PracticeKey:
    """What makes two statements the same practice."""

    actor: str
    action: str
    data: str
    negated: bool

    def flipped(self) -> PracticeKey:
        return PracticeKey(self.actor, self.action, self.data, not self.negated)


@dataclass(frozen=True, order=True)
class FactKey:
    """What makes two facts the same: their family, ontology value and polarity."""

    kind: str
    value: str
    negated: bool

    def flipped(self) -> FactKey:
        return FactKey(self.kind, self.value, not self.negated)


@dataclass
class Practice:
    """A practice in one version: the first sentence stating it, and each attribute with its first sentence."""

    evidence: Evidence
    attributes: dict[tuple[str, str], Evidence] = field(default_factory=dict)
    sentences: list[Evidence] = field(default_factory=list)  # every sentence stating it


@dataclass
class FactState:
    """A fact in one version: its first sentence, and each detail with its first sentence."""

    evidence: Evidence
    details: dict[str, Evidence] = field(default_factory=dict)
    sentences: list[Evidence] = field(default_factory=list)  # every sentence stating it


@dataclass
class VersionState:
    """Everything one version states, by meaning."""

    practices: dict[PracticeKey, Practice] = field(default_factory=dict)
    facts: dict[FactKey, FactState] = field(default_factory=dict)
    #: every sentence the extractor read in this version (at any confidence), with its section's title
    read: frozenset[tuple[str, str]] = frozenset()

    def says(self, evidence: Evidence | None) -> bool:
        """Whether this version holds the sentence of ``evidence`` word for word (spacing aside), in a section of
        the same title, and read it (whatever it read there)."""
        return evidence is not None and _sentence(evidence) in self.read


def _sentence(evidence: Evidence) -> tuple[str, str]:
    """A sentence as versions are compared: its words, and the title of the section it is in (case aside: a new
    version often renames the document's title or recases its headings without changing a section)."""
    heading = evidence.heading_path[-1] if evidence.heading_path else ""
    return " ".join(evidence.text.split()), " ".join(heading.lower().split())


def version_state(readings: Readings, min_confidence: float) -> VersionState:
    """The practices and facts of a version's readings that reach ``min_confidence``."""
    state = VersionState(read=frozenset(_sentence(r.evidence) for r in (*readings.statements, *readings.facts.facts)))
    statements = sorted((s for s in readings.statements if s.evidence.confidence >= min_confidence),
                        key=lambda s: s.evidence.start)
    for statement in statements:
        for key in practice_keys(statement):
            practice = state.practices.setdefault(key, Practice(statement.evidence))
            practice.sentences.append(statement.evidence)
            for attribute in statement_attributes(statement):
                practice.attributes.setdefault(attribute, statement.evidence)
    facts = sorted((f for f in readings.facts.facts if f.evidence.confidence >= min_confidence),
                   key=lambda f: f.evidence.start)
    for fact in facts:
        fact_state = state.facts.setdefault(fact_key(fact), FactState(fact.evidence))
        fact_state.sentences.append(fact.evidence)
        if fact.detail:
            fact_state.details.setdefault(normal_detail(fact.detail), fact.evidence)
    return state


def practice_keys(statement: Statement) -> Iterable[PracticeKey]:
    """One key per data category the statement names ("" when it names none). The two umbrella terms are one
    key: "personal information" in one version is "such information" or "your information" in the next."""
    categories = dict.fromkeys(_PERSONAL_DATA if data in UMBRELLA_DATA else data
                               for data in statement.data_categories or ("",))
    for data in categories:
        yield PracticeKey(statement.actor, statement.action.value, data, statement.negated)


_PERSONAL_DATA = "PersonalData"


def statement_attributes(statement: Statement) -> Iterable[tuple[str, str]]:
    """``(family, value)`` for each recipient, purpose, condition and the audience a statement names."""
    yield from (("recipient", r) for r in statement.recipients)
    yield from (("purpose", p) for p in statement.purposes)
    yield from (("condition", c) for c in statement.conditions)
    if statement.audience:
        yield ("audience", statement.audience)


def fact_key(fact: Fact) -> FactKey:
    return FactKey(fact.kind, fact.value, fact.negated)


def normal_detail(detail: str) -> str:
    """A detail compared without case or spacing ("90 Days" is "90 days")."""
    return " ".join(detail.lower().split())
