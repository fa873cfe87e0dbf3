"""The plain data types that flow through policygraph.

Records are frozen dataclasses; they serialise to JSON-compatible dicts (``to_dict``/``from_dict``) and so to
JSON Lines. A ``Statement`` cannot exist without its ``Evidence``: character offsets into
``PolicyDocument.text`` that let any fact be shown in its sentence.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SegmentKind(StrEnum):
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TEXT = "text"


class Action(StrEnum):
    """What a practice does with data; values are the local names of the ontology's practice classes."""

    COLLECT = "Collect"
    USE = "Use"
    SHARE = "Share"
    SELL = "Sell"
    RETAIN = "Retain"
    TRANSFER = "Transfer"


#: Data categories that do not say what data it is ("personal information", "information").
UMBRELLA_DATA = frozenset({"PersonalData", "UnspecifiedPersonalInformation"})
#: Family roots ("purposes", "recipients"): they say nothing on their own.
ROOT_TERMS = frozenset({"Purpose", "Recipient", "DataCategory", "Condition"})
#: Conditions of the person's agreement: a disclosure denied "without your consent" is allowed only with them.
CONSENT_CONDITIONS = frozenset({"Consent", "OptIn"})


def sha256_text(text: str) -> str:
    """The hex SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PolicyDocument:
    """One policy as read: its id, the exact text offsets refer to, and where it came from.

    ``segments`` is the structure a Markdown or HTML parser found (headings, paragraphs, list items, table
    cells); it is empty for plain text, which the extractor segments by its lines.
    """

    policy_id: str
    text: str
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    segments: tuple[Segment, ...] = ()

    @property
    def sha256(self) -> str:
        """The hash of what extraction reads: the text, and the company given with it (``--company``, a JSON
        Lines ``company``), so that naming the company anew makes an unchanged text a changed input."""
        company = self.metadata.get("company")
        return sha256_text(self.text if not company else f"{self.text}\x00company={company}")


@dataclass(frozen=True)
class Segment:
    """A heading, list item or paragraph, with the headings above it and the lead-in it continues."""

    index: int
    kind: SegmentKind
    start: int
    end: int
    heading_path: tuple[str, ...] = ()
    lead_in: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: ``text == document.text[start:end]``, plus the rule that read it."""

    policy_id: str
    segment: int
    start: int
    end: int
    text: str
    rule: str
    confidence: float
    heading_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One data practice: who does what with which data, to whom, why, on what condition."""

    action: Action
    actor: str
    evidence: Evidence
    data_categories: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    negated: bool = False
    modality: str = "unspecified"
    #: clauses of purpose the sentence words and no purpose term covers ("to help find people you may know")
    stated_purposes: tuple[str, ...] = ()
    audience: str | None = None
    age_threshold: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        data = dict(data)
        data["action"] = Action(data["action"])
        data["evidence"] = Evidence(**_tuples(data["evidence"]))
        return cls(**_tuples(data))


@dataclass(frozen=True)
class Fact:
    """A policy-level fact that is not a data practice: a right, a retention period, a security measure...

    ``kind`` is the ontology family (e.g. ``Right``, ``RetentionPeriod``), ``value`` the ontology term's local
    name, ``detail`` a free-text qualifier read from the sentence (a period, a channel, an age).
    """

    kind: str
    value: str
    evidence: Evidence
    detail: str | None = None
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        data = dict(data)
        data["evidence"] = Evidence(**_tuples(data["evidence"]))
        return cls(**data)


@dataclass(frozen=True)
class PolicyFacts:
    """Everything extracted from one policy besides its statements."""

    company: str | None = None
    legal_entity: str | None = None
    effective_date: str | None = None
    last_updated: str | None = None
    contact_emails: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyFacts:
        data = dict(data)
        data["facts"] = tuple(Fact.from_dict(f) for f in data.get("facts", ()))
        data["contact_emails"] = tuple(data.get("contact_emails", ()))
        return cls(**data)


@dataclass(frozen=True)
class Extraction:
    """The result of extracting one policy."""

    document: PolicyDocument
    segments: tuple[Segment, ...]
    statements: tuple[Statement, ...]
    facts: PolicyFacts
    extractor_version: str


def _to_dict(record: Any) -> dict[str, Any]:
    return dataclasses.asdict(record)


def _tuples(data: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
