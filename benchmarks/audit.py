"""Precision audit: a seeded random sample of what policygraph extracted, written as a sheet a person judges.

    python benchmarks/audit.py sample statements INPUTS... --n 100 --seed 7 [--per-policy K] -o sheet.md
    python benchmarks/audit.py sample facts INPUTS... --n 100 --seed 7 -o sheet.md
    python benchmarks/audit.py sample rows --store DIR --questions sharing,collection --per-question 20 --seed 7 \
        [--inputs INPUTS...] -o sheet.md
    python benchmarks/audit.py sample changes --versions-dir DIR --n 60 --seed 11 -o sheet.md
    python benchmarks/audit.py count sheet.md [more.md ...] [--partial]
    python benchmarks/audit.py compare before.md after.md

``sample`` reads INPUTS as the CLI does (files, directories, ``@list.txt``, ``.jsonl``), extracts them with one
``Extractor`` and writes a Markdown sheet: the rules of judging, the ontology terms shown, then one item per
sampled statement, fact or answer row (the sentence marked ``>>>...<<<`` in its paragraph, the heading path and
lead-in, the extracted fields) with a blank ``Verdict:`` line to fill with ``correct``, ``partly`` or ``wrong``.

Sampling. Every candidate gets a key, a hash of (seed, scope, policy id, evidence sentence, its ordinal among the
candidates read from that sentence); the sample is the N candidates with the smallest keys. Keys are independent
of one another, so this is a uniform random sample without replacement over all statements (facts, rows) of the
corpus, and it is stable: the same seed over the same inputs picks the same sentences again after the extractor
changed, which is what ``compare`` needs. ``--per-policy K`` first keeps the K smallest keys of each policy, then
takes the N smallest of those: the sample is spread over policies (a few long policies no longer dominate) but
is no longer uniform over statements, so its share of correct items estimates the precision of an average
policy, not of an average statement. The sheet says which was used.

``count`` prints counts and shares of correct / partly / wrong with 95 % Wilson intervals, per sheet and per
action, rule, fact kind or question; it exits 1 when an item is unjudged or has an unknown verdict word (and
then prints no shares unless ``--partial``). ``compare`` matches the items of two sheets by (policy id, evidence
sentence), shows how verdicts moved and lists the items the new extractor no longer makes ("dropped").

``sample changes`` draws over every change ``policygraph diff`` reports between consecutive versions (with
different texts) of every policy in a versions directory (``policygraph versions``); a change's key is a hash of
(seed, "change", policy id, its identity: the two versions' dates, its kind, its practice or fact and value).
Each item quotes the sentence from both versions, and, where one version states nothing of it, the most similar
practice or fact that version does state, so the judge can tell a real change from a rewording.

Never put text from OPP-115 (research-only licence) in a sheet: inputs named like it are refused.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import heapq
import itertools
import json
import math
import re
import shlex
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from policygraph.records import Evidence, Extraction, Fact, Statement

KINDS = ("statements", "facts", "rows", "changes")
VERDICTS = ("correct", "partly", "wrong")
DEFAULT_QUESTIONS = "sharing,collection,sells-data,law-enforcement,rights,contradictions"
CONTEXT_CHARS = 600  # characters of the paragraph shown on each side of the sentence
WRAP = 110
Z95 = 1.959964
_ITEM_TAG = "audit-item"
_SHEET_TAG = "audit-sheet"
_COMMENT = re.compile(r"^<!-- (audit-item|audit-sheet) (\{.*\}) -->\s*$")
_VERDICT = re.compile(r"^\W*verdict\W*:\s*(.*)$", re.I)
_NOTE = re.compile(r"^\W*note\W*:\s*(.*)$", re.I)
_RESTRICTED = re.compile(r"opp[-_ ]?115", re.I)


# --- items -----------------------------------------------------------------------------------------------------

@dataclass
class Quoted:
    """A sentence a change item shows: what it is (which version, nearest practice), and where it was read."""

    label: str
    evidence: Evidence | None  # None: the version does not state the practice
    version: Any = None  # the IndexedVersion it was read from
    paragraph: str | None = None
    lead_in: str | None = None


@dataclass
class Item:
    """One thing to judge: a statement, a fact or an answer row, with the sentence it was read from."""

    scope: str  # "statement", "fact" or "row:<question>"
    policy_id: str
    evidence: str
    ordinal: int  # among the candidates of this scope read from the same sentence of the same policy
    key: str  # the seeded sample key (hex)
    fields: dict[str, Any]  # what was extracted, as plain values
    group: str  # what ``count`` breaks the shares down by: action, fact kind or question
    start: int = -1  # evidence offset, for ordering
    company: str | None = None
    heading_path: tuple[str, ...] = ()
    lead_in: str | None = None
    paragraph: str | None = None  # the paragraph with the sentence marked >>> <<<
    extra: dict[str, str] = field(default_factory=dict)  # more sentences to show (a contradiction's denial)
    quoted: list[Quoted] = field(default_factory=list)  # a change's sentences from both versions
    number: int = 0
    verdict: str | None = None  # as written by the judge, lower-cased first word; None when blank
    note: str = ""

    def meta(self) -> dict[str, Any]:
        """What ``count`` and ``compare`` read back from the sheet."""
        return {"n": self.number, "scope": self.scope, "policy_id": self.policy_id, "evidence": self.evidence,
                "ordinal": self.ordinal, "key": self.key, "group": self.group, "start": self.start,
                "company": self.company, "fields": self.fields}

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Item:
        return cls(scope=meta["scope"], policy_id=meta["policy_id"], evidence=meta["evidence"],
                   ordinal=meta["ordinal"], key=meta["key"], fields=meta["fields"], group=meta["group"],
                   start=meta.get("start", -1), company=meta.get("company"), number=meta["n"])

    @property
    def sentence_key(self) -> tuple[str, str, str]:
        return (self.scope, self.policy_id, self.evidence)


def sample_key(seed: int, scope: str, policy_id: str, evidence: str, ordinal: int) -> str:
    """The candidate's seeded pseudo-random key: the sample is the candidates with the smallest keys."""
    data = json.dumps([seed, scope, policy_id, evidence, ordinal], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def ordinals(pairs: Iterable[tuple[str, str]]) -> list[int]:
    """For each (policy id, evidence) in order, how many earlier ones had the same pair."""
    seen: Counter = Counter()
    result = []
    for pair in pairs:
        result.append(seen[pair])
        seen[pair] += 1
    return result


def statement_fields(statement: Statement) -> dict[str, Any]:
    """A statement's fields as plain values (rule and confidence included)."""
    return {"action": str(statement.action), "negated": statement.negated, "modality": statement.modality,
            "actor": statement.actor, "data_categories": list(statement.data_categories),
            "recipients": list(statement.recipients), "purposes": list(statement.purposes),
            "stated_purposes": list(statement.stated_purposes), "conditions": list(statement.conditions),
            "audience": statement.audience,
            "age_threshold": statement.age_threshold, "rule": statement.evidence.rule,
            "confidence": statement.evidence.confidence}


def fact_fields(fact: Fact) -> dict[str, Any]:
    """A fact's fields as plain values."""
    return {"kind": fact.kind, "value": fact.value, "detail": fact.detail, "negated": fact.negated,
            "rule": fact.evidence.rule, "confidence": fact.evidence.confidence}


def marked_paragraph(text: str, seg_start: int, seg_end: int, start: int, end: int,
                     context: int = CONTEXT_CHARS) -> str:
    """The paragraph around ``text[start:end]`` with the sentence between ``>>>`` and ``<<<``, long sides cut."""
    lo, hi = min(seg_start, start), max(seg_end, end)
    before, after = text[lo:start], text[end:hi]
    if len(before) > context:
        before = "[...] " + before[-context:].split(" ", 1)[-1]
    if len(after) > context:
        after = after[:context].rsplit(" ", 1)[0] + " [...]"
    return f"{before}>>>{text[start:end]}<<<{after}".strip()


def extraction_items(extraction: Extraction, what: str, seed: int) -> list[Item]:
    """Every statement (``what == "statements"``) or fact of one extraction as an item with its key."""
    records = extraction.statements if what == "statements" else extraction.facts.facts
    scope = what[:-1]
    document = extraction.document
    company = extraction.facts.company or document.metadata.get("company")
    pairs = [(document.policy_id, r.evidence.text) for r in records]
    items = []
    for record, ordinal in zip(records, ordinals(pairs), strict=True):
        ev = record.evidence
        segment = extraction.segments[ev.segment] if 0 <= ev.segment < len(extraction.segments) else None
        seg_start, seg_end = (segment.start, segment.end) if segment else (ev.start, ev.end)
        fields = statement_fields(record) if isinstance(record, Statement) else fact_fields(record)
        items.append(Item(
            scope=scope, policy_id=document.policy_id, evidence=ev.text, ordinal=ordinal,
            key=sample_key(seed, scope, document.policy_id, ev.text, ordinal), fields=fields,
            group=fields["action"] if scope == "statement" else fields["kind"], start=ev.start, company=company,
            heading_path=tuple(ev.heading_path), lead_in=segment.lead_in if segment else None,
            paragraph=marked_paragraph(document.text, seg_start, seg_end, ev.start, ev.end)))
    return items


# --- sampling --------------------------------------------------------------------------------------------------

@dataclass
class Sample:
    """The items drawn, how many candidates there were, and the largest key drawn per scope."""

    items: list[Item]
    population: dict[str, int]
    thresholds: dict[str, str | None]  # None: every candidate was drawn
    policies: int = 0


class BottomK:
    """The ``k`` items with the smallest keys seen so far (streaming), optionally capped per policy first."""

    def __init__(self, k: int):
        self.k = k
        self.heap: list[tuple[int, int, Item]] = []  # (-key, tie, item): a max-heap on the key
        self.seen = 0

    def add(self, item: Item) -> None:
        self.seen += 1
        entry = (-int(item.key, 16), self.seen, item)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, entry)
        elif entry[0] > self.heap[0][0]:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[Item]:
        return sorted((entry[2] for entry in self.heap), key=lambda item: item.key)

    def threshold(self) -> str | None:
        """The largest key drawn when candidates were left out, else None."""
        return self.items()[-1].key if self.seen > self.k and self.heap else None


def draw(groups: Iterable[list[Item]], n: int, per_policy: int | None = None) -> tuple[list[Item], int, str | None]:
    """The ``n`` smallest-key items over all groups (each group first cut to its ``per_policy`` smallest)."""
    best = BottomK(n)
    population = 0
    for group in groups:
        population += len(group)
        if per_policy is not None:
            group = sorted(group, key=lambda item: item.key)[:per_policy]
        for item in group:
            best.add(item)
    return best.items(), population, best.threshold()


def number_items(items: list[Item], scopes: list[str] = ()) -> list[Item]:
    """Order items by scope (in the order of ``scopes``), policy and position in the policy; number them from 1."""
    rank = {scope: index for index, scope in enumerate(scopes)}
    items = sorted(items, key=lambda i: (rank.get(i.scope, len(rank)), i.scope, i.policy_id, i.start, i.evidence,
                                         i.ordinal))
    for number, item in enumerate(items, 1):
        item.number = number
    return items


def check_inputs(inputs: list[str]) -> None:
    """Refuse inputs that look like OPP-115: its licence keeps its sentences out of audit sheets."""
    for value in inputs:
        if _RESTRICTED.search(value) or "shared/eval" in str(Path(value.lstrip("@")).resolve()):
            raise SystemExit(f"audit: refusing {value}: OPP-115 (research-only licence) must not be quoted in a "
                             "sheet; audit the example policies or the PGA corpus")


def extractions(inputs: list[str], failures: list[str]) -> Iterator[Extraction]:
    """Read and extract the inputs with one ``Extractor``; unreadable inputs are reported and skipped."""
    from policygraph.extract import Extractor, InputFailure, read_inputs

    extractor = Extractor()

    def documents():
        for item in read_inputs(inputs):
            if isinstance(item, InputFailure):
                failures.append(f"{item.source}: {item.reason}")
                print(f"audit: skipped {item.source}: {item.reason}", file=sys.stderr)
            else:
                yield item

    yield from extractor.extract_many(documents())


def sample_extractions(runs: Iterable[Extraction], what: str, n: int, seed: int,
                       per_policy: int | None = None) -> tuple[Sample, str]:
    """Draw the sample of statements or facts from extractions; also return the extractor version."""
    versions: set[str] = set()
    policies = 0

    def groups():
        nonlocal policies
        for extraction in runs:
            policies += 1
            versions.add(extraction.extractor_version)
            yield extraction_items(extraction, what, seed)

    items, population, threshold = draw(groups(), n, per_policy)
    scope = what[:-1]
    sample = Sample(number_items(items), {scope: population}, {scope: threshold}, policies)
    return sample, ", ".join(sorted(versions)) or "unknown"


# --- answer rows -----------------------------------------------------------------------------------------------

def row_value(value: Any) -> Any:
    """A query value as plain text (ontology IRIs by local name); booleans as True/False."""
    from rdflib import XSD, Literal

    from policygraph.queries.format import plain

    if isinstance(value, Literal) and value.datatype == XSD.boolean:
        return str(value).lower() in ("true", "1")
    return plain(value)


def statement_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per statement, as the catalogue's answers show by default (``per_statement`` in
    ``policygraph.queries.format``): the rows one statement was multiplied into (one per data category,
    recipient, purpose, condition) become one row whose columns hold the list of their values, or the value
    when there is one. Rows of questions without a ``statement`` column stay as they are."""
    if not rows or "statement" not in rows[0]:
        return rows
    groups: dict[Any, dict[str, list[Any]]] = {}
    for number, row in enumerate(rows):
        group = groups.setdefault(row.get("statement") or number, {})
        for name, value in row.items():
            values = group.setdefault(name, [])
            if value is not None and value not in values:
                values.append(value)
    return [{name: (values[0] if len(values) == 1 else values or None) for name, values in group.items()}
            for group in groups.values()]


def question_items(question: str, rows: list[dict[str, Any]], seed: int) -> list[Item]:
    """The answer rows of one catalogue question, one per statement, as items with their keys."""
    scope = f"row:{question}"
    plain_rows = statement_rows([{k: row_value(v) for k, v in row.items()} for row in rows])
    pairs = [(str(r.get("policy_id") or ""), str(r.get("evidence") or "")) for r in plain_rows]
    items = []
    for row, (policy_id, evidence), ordinal in zip(plain_rows, pairs, ordinals(pairs), strict=True):
        fields = {k: v for k, v in row.items() if k not in ("policy_id", "company", "evidence", "denial_evidence")}
        extra = {"denial": row["denial_evidence"]} if row.get("denial_evidence") else {}
        items.append(Item(scope=scope, policy_id=policy_id, evidence=evidence, ordinal=ordinal,
                          key=sample_key(seed, scope, policy_id, evidence, ordinal), fields=fields, group=question,
                          company=row.get("company"), extra=extra))
    return items


_CONTEXT_QUERY = """PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?start ?end ?segment ?heading ?sha WHERE {{
  {node}
  ?policy dcterms:identifier {policy_id} ; pg:sha256 ?sha .
  ?node pg:policy ?policy ; pg:evidenceText {evidence} ; pg:startOffset ?start ; pg:endOffset ?end ;
        pg:segment ?seg .
  OPTIONAL {{ ?seg pg:segmentIndex ?segment }}
  OPTIONAL {{ ?seg pg:headingPath ?heading }}
}} LIMIT 1"""


def add_row_context(graph: Any, items: list[Item], documents: dict[str, Any]) -> None:
    """Give each row its heading path (from the store) and, when its policy is among ``documents`` with the
    text the store was built from, its paragraph and lead-in."""
    from rdflib import Literal, URIRef

    from policygraph.extract.pipeline import document_segments

    segments_of: dict[str, list] = {}
    for item in items:
        # the row's own statement, when it names one: the same sentence may stand in two places of a policy
        node = f"VALUES ?node {{ {URIRef(item.fields['statement']).n3()} }}" if item.fields.get("statement") else ""
        text = _CONTEXT_QUERY.format(node=node, policy_id=Literal(item.policy_id).n3(),
                                     evidence=Literal(item.evidence).n3())
        found = graph.query(text)
        if not found:
            continue
        row = {k: None if v is None else str(v) for k, v in found[0].items()}
        if row.get("heading"):
            item.heading_path = tuple(row["heading"].split(" > "))
        item.start = int(row["start"])
        document = documents.get(item.policy_id)
        if document is None or document.sha256 != row.get("sha") or row.get("segment") is None:
            continue
        segments = segments_of.setdefault(item.policy_id, document_segments(document))
        index = int(row["segment"])
        if 0 <= index < len(segments):
            segment = segments[index]
            item.lead_in = segment.lead_in
            item.paragraph = marked_paragraph(document.text, segment.start, segment.end, item.start, int(row["end"]))


def sample_rows(store: str, questions: list[str], per_question: int, seed: int,
                inputs: list[str]) -> tuple[Sample, str]:
    """Run each question with no parameters on the store and draw up to ``per_question`` rows of each."""
    from policygraph.api import PolicyGraph
    from policygraph.queries.catalogue import get_query

    for question in questions:
        required = [p.name for p in get_query(question).params if p.required]
        if required:
            raise SystemExit(f"audit: question {question!r} needs parameters ({', '.join(required)}); "
                             "only questions that run with none can be sampled")
    items: list[Item] = []
    sample = Sample([], {}, {})
    with PolicyGraph.open(store) as graph:
        for question in questions:
            drawn, population, threshold = draw([question_items(question, graph.query(question), seed)],
                                                per_question)
            items += drawn
            sample.population[f"row:{question}"] = population
            sample.thresholds[f"row:{question}"] = threshold
        documents = {}
        if inputs:
            from policygraph.extract import InputFailure, read_inputs

            wanted = {item.policy_id for item in items}
            documents = {d.policy_id: d for d in read_inputs(inputs)
                         if not isinstance(d, InputFailure) and d.policy_id in wanted}
        add_row_context(graph, items, documents)
        versions = graph.query("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
                               "SELECT DISTINCT ?v WHERE { ?p a pg:PrivacyPolicy ; pg:extractorVersion ?v }")
    sample.items = number_items(items, [f"row:{question}" for question in questions])
    return sample, ", ".join(sorted(str(r["v"]) for r in versions)) or "unknown"


# --- changes between versions ----------------------------------------------------------------------------------

NOT_STATED = "— (none: the {what} is not stated in this version)"
_SIMILAR = {"same": 3, "related": 2, "other": 1}  # how close a practice of the other version is; see ``similarity``


def day(moment: Any) -> str:
    """A version's moment as ``YYYY-MM-DD`` (with the time when it is not midnight)."""
    from policygraph.versions.dates import show

    text = show(moment)
    return text[:10] if text.endswith("T00:00:00Z") else text


def change_identity(old: Any, new: Any, change: Any) -> str:
    """What names a change for its sample key and for ``compare``: dates, kind, practice or fact, value."""
    subject = " ".join(str(part) for part in dataclasses.astuple(change.subject))
    value = f" · {change.value}" if change.value else ""
    return f"{day(old.date)} -> {day(new.date)} · {change.kind} · {subject}{value}"


def attribute_values(state: Any, subject: Any) -> dict[str, list[str]]:
    """The attributes (recipient, purpose ...) or details a version gives a practice or fact, by family."""
    from policygraph.versions.practices import ATTRIBUTES, PracticeKey

    if isinstance(subject, PracticeKey):
        practice = state.practices.get(subject)
        pairs = practice.attributes if practice else {}
        return {family: sorted(v for f, v in pairs if f == family) for family in ATTRIBUTES
                if any(f == family for f, _ in pairs)}
    fact = state.facts.get(subject)
    return {"detail": sorted(fact.details)} if fact and fact.details else {}


def change_fields(change: Any, old_state: Any, new_state: Any) -> dict[str, Any]:
    """A change as plain values: its kind, the practice (or fact) key, the value changed, and the practice's
    attributes in each version."""
    from policygraph.versions.practices import PracticeKey

    subject = change.subject
    if isinstance(subject, PracticeKey):
        about = {"actor": subject.actor, "action": subject.action, "data": subject.data or None}
    else:
        about = {"fact kind": subject.kind, "fact value": subject.value}
    return {"change": change.kind, **about, "negated": subject.negated, "value": change.value or None,
            "old attributes": attribute_values(old_state, subject),
            "new attributes": attribute_values(new_state, subject)}


def related(a: str, b: str) -> bool:
    """Whether two ontology terms are one above the other in the hierarchy (or the same)."""
    from policygraph.ontology.lexicon import get_lexicon

    lexicon = get_lexicon()
    return bool(a and b) and (lexicon.is_a(a, b) or lexicon.is_a(b, a))


def similarity(subject: Any, other: Any) -> int:
    """How close ``other`` (a practice or fact of the other version) is to ``subject``: 3 the same but for
    actor or polarity, 2 the same action (kind) on a broader or narrower term, 1 the same data with another
    action, 0 unrelated."""
    from policygraph.versions.practices import PracticeKey

    if type(subject) is not type(other) or subject == other:
        return 0
    if isinstance(subject, PracticeKey):
        verb, term, other_verb, other_term = subject.action, subject.data, other.action, other.data
    else:
        verb, term, other_verb, other_term = subject.kind, subject.value, other.kind, other.value
    if verb == other_verb and term == other_term:
        return _SIMILAR["same"]
    if verb == other_verb and related(term, other_term):
        return _SIMILAR["related"]
    return _SIMILAR["other"] if term and term == other_term else 0


def nearest(subject: Any, state: Any, attribute: tuple[str, str] | None = None) -> tuple[Any, Evidence] | None:
    """The practice (or fact) of a version most similar to ``subject``, with its sentence; with ``attribute``
    (e.g. ("purpose", "Advertising")), only practices that have it, with the sentence that gives it. None when
    none is similar."""
    from policygraph.versions.practices import PracticeKey

    entries = state.practices if isinstance(subject, PracticeKey) else state.facts
    scored = []
    for key, entry in entries.items():
        evidence = entry.evidence if attribute is None else entry.attributes.get(attribute)
        score = similarity(subject, key)
        if evidence is not None and score > 0:
            scored.append((score, -evidence.start, key, evidence))
    if not scored:
        return None
    best = max(scored, key=lambda entry: entry[:2])
    return best[2], best[3]


def lacking_side(change: Any) -> tuple[str | None, tuple[str, str] | None]:
    """Which version ("old", "new") lacks what a change is about, and the attribute when it is one
    (None, None for a change of polarity or period: both versions state something of it)."""
    from policygraph.versions.practices import ATTRIBUTES

    family, _, verb = change.kind.partition(" ")
    if family in ATTRIBUTES:
        return ("old" if verb == "added" else "new"), (family, change.value)
    if change.old is None or change.new is None:
        return ("old" if change.old is None else "new"), None
    return None, None


def change_quotes(change: Any, old: Any, new: Any, states: tuple[Any, Any]) -> list[Quoted]:
    """The sentences a change item shows: the old and the new version's, and, in the version that lacks the
    practice (or the attribute), the nearest similar practice it states (with that attribute)."""
    from policygraph.versions.render import describe, label

    side, attribute = lacking_side(change)
    quotes = []
    for name, version, evidence, state in (("old", old, change.old, states[0]), ("new", new, change.new, states[1])):
        quotes.append(Quoted(f"{name.capitalize()} version ({day(version.date)})", evidence, version))
        found = nearest(change.subject, state, attribute) if side == name else None
        if found:
            having = f" with {attribute[0]} {label(attribute[1])}" if attribute else ""
            quotes.append(Quoted(f"Nearest similar practice in the {name} version{having}: {describe(found[0])}",
                                 found[1], version))
    return quotes


def policy_change_items(cache: Any, policy_id: str, seed: int, min_confidence: float) -> list[Item]:
    """Every change between consecutive versions (with different texts) of one policy, as items with keys."""
    from policygraph.versions.diff import diff_states
    from policygraph.versions.practices import version_state

    versions = cache.versions(policy_id)
    states: dict[str, Any] = {}
    for version in versions:
        if version.sha256 not in states:
            states[version.sha256] = version_state(cache.readings(version), min_confidence)
    found = []
    for old, new in itertools.pairwise(versions):
        if old.sha256 != new.sha256:
            pair = (states[old.sha256], states[new.sha256])
            found += [(old, new, change, pair) for change in diff_states(*pair)]
    identities = [change_identity(old, new, change) for old, new, change, _ in found]
    items = []
    for (old, new, change, pair), identity, ordinal in zip(found, identities,
                                                            ordinals((policy_id, i) for i in identities), strict=True):
        items.append(Item(scope="change", policy_id=policy_id, evidence=identity, ordinal=ordinal,
                          key=sample_key(seed, "change", policy_id, identity, ordinal),
                          fields=change_fields(change, *pair), group=change.kind,
                          start=int(old.date.timestamp()), quoted=change_quotes(change, old, new, pair)))
    return items


def add_change_context(cache: Any, items: list[Item]) -> None:
    """Give each quoted sentence of the drawn items its paragraph and lead-in from its version's text."""
    texts: dict[str, Extraction] = {}
    for item in items:
        for quote in item.quoted:
            if quote.evidence is None:
                continue
            version = quote.version
            extraction = texts.get(version.sha256) or texts.setdefault(version.sha256, cache.extraction(version))
            ev = quote.evidence
            if 0 <= ev.segment < len(extraction.segments):
                segment = extraction.segments[ev.segment]
                quote.lead_in = segment.lead_in
                quote.paragraph = marked_paragraph(extraction.document.text, segment.start, segment.end, ev.start,
                                                   ev.end)


def sample_changes(versions_dir: str, n: int, seed: int) -> tuple[Sample, str]:
    """Draw ``n`` changes uniformly over all changes between consecutive versions of every policy in a
    versions directory; also return the extractor versions the versions were read with."""
    from policygraph.versions.cache import VersionCache
    from policygraph.versions.compare import DEFAULT_MIN_CONFIDENCE

    cache = VersionCache(versions_dir)
    policies = cache.policies()
    if not policies:
        raise SystemExit(f"audit: {versions_dir} holds no policy versions (build them with policygraph versions)")
    groups = (policy_change_items(cache, policy_id, seed, DEFAULT_MIN_CONFIDENCE) for policy_id in policies)
    items, population, threshold = draw(groups, n)
    add_change_context(cache, items)
    versions = {v.extractor_version for policy_id in policies for v in cache.versions(policy_id)}
    sample = Sample(number_items(items), {"change": population}, {"change": threshold}, len(policies))
    return sample, ", ".join(sorted(versions))


# --- the sheet -------------------------------------------------------------------------------------------------

RULES = {
    "statement": """\
Read the sentence between `>>>` and `<<<` in its context: the heading path, the lead-in sentence a list item
continues, and the rest of the paragraph. Then judge the statement as a whole:

- **correct**: the sentence, read in that context, states this practice, and every field is supported by it:
  - the *action* is the practice the sentence states (Collect, Use, Share, Sell, Retain, Transfer);
  - the *polarity* is right: a denial ("we do not sell ...") has `negated: yes`, a practice has `negated: no`;
    a practice the sentence makes conditional ("if you consent", "when required by law") lists that
    condition rather than being stated as plain;
  - the *actor* is right (FirstParty: the company that publishes the policy);
  - every data category, recipient, purpose, condition and the audience shown is said or clearly meant by the
    sentence in its context, and nothing essential the sentence says is missing;
  - a more general term than the sentence warrants (e.g. "personal information" for "your e-mail address")
    is missing something essential; a term one level off in the hierarchy that a reader would accept is fine;
  - *purposes in the sentence's words* quote a purpose clause no ontology term names: a quoted clause is a
    purpose present in the statement when it is what the practice is for, and wrong when it is not a purpose
    of this practice.
- **partly**: the action and polarity are right, but one list field is wrong or misses something essential
  (one data category, recipient, purpose or condition).
- **wrong**: the sentence states no such practice by the company (e.g. it describes what a user or another
  company does, a definition, a question heading, or a hypothetical), or the action or the polarity is
  wrong, or the main data category or the recipient of a disclosure is wrong, or two or more list fields
  are wrong.

Modality (may, will, must, unspecified), the rule and the confidence are shown to help; they are not judged.
Judge what the sentence says, not whether the company really does it, and not whether another statement of
the same sentence covers what this one misses.""",
    "fact": """\
Read the sentence between `>>>` and `<<<` in its context (heading path, lead-in, paragraph). A fact is a
policy-level claim that is not a data practice: a user right or choice, a retention period, a security
measure, an audience, a tracking technology, a Do Not Track stance, a change notice, a data location or a
transfer safeguard.

- **correct**: the sentence states this fact about the company's service: the *kind* and the *value* are
  what it says, *negated* is right (a right the policy says it does not give, a technology it says it does not
  use, has `negated: yes`), and the *detail*, when shown, is what the sentence says (a period, a channel).
- **partly**: kind, value and polarity are right, but the detail is wrong or misses what matters, or the value
  is one level too general or too specific (e.g. a generic right where the sentence names access).
- **wrong**: the sentence does not state this fact (it is about another party, a definition, a hypothetical),
  or the value or the polarity is wrong.

The rule and the confidence are shown to help; they are not judged.""",
    "row": """\
Each item is one answer row of a catalogue question (the question is in the item's title). Read its
sentence between `>>>` and `<<<` in its context (heading path, and the paragraph and lead-in when the sheet
was made with `--inputs`). The question's answer for the company is the row: "this company does X with
this data, for this recipient, purpose or condition".

- **correct**: the sentence, read in its context, supports the answer the row gives for that company: the
  company does (or offers, or both states and denies, for `contradictions`) what the question asks, and every
  non-empty field of the row (data, recipient, purpose, condition, right, how) is said or clearly meant by
  the sentence. For `contradictions`, both sentences are shown: correct when one states the practice and the
  other really denies the same practice for that data.
- **partly**: the sentence supports the answer to the question, but one field of the row is wrong or too
  general to be useful (e.g. the wrong purpose, a data category the sentence does not mention).
- **wrong**: the sentence does not support the answer: it states no such practice or right of this company,
  it denies it, it is about another party or a hypothetical, or the main field (the data shared or sold, the
  recipient, the right) is wrong.

An empty field (—) means the row does not specify it; it is not an error.""",
    "change": """\
Each item is one change `policygraph diff` reports between two consecutive versions of a policy: a practice
(actor, action, data, polarity) or a policy fact added, removed, now denied or no longer denied, an attribute
of a practice (recipient, purpose, condition, audience) added or dropped, or a retention period changed. The
item quotes the sentence the change was read from in the old and in the new version, each between `>>>` and
`<<<` in its paragraph with its heading path; where a version states nothing of the practice, it says so and
quotes instead the most similar practice that version does state (same action and data for another actor or
polarity, or a broader or narrower data category, or the same data with another action), when there is one.
The attributes each version gives the practice are listed. Judge whether the policy's meaning changed:

- **correct**: a real change of meaning between the two versions: the new version states the practice and
  the old one does not, or the reverse, or the field (recipient, purpose, condition, polarity, period) really
  changed.
- **partly**: there is a real change, but it is described wrongly in one field (e.g. the wrong data category
  or recipient, a practice added that is really a purpose added).
- **wrong**: no change of meaning: the same practice in other words, an extraction difference on wording that
  means the same, or a practice that is still stated elsewhere in the other version as far as the shown
  sentences tell (e.g. the nearest similar sentence says the same thing).

Judge the change, not the extraction of each sentence on its own: a change read from a misread sentence is
wrong when the misreading is what makes it a change.""",
}

_FIELD_NAMES = {"data_categories": "data categories", "age_threshold": "age threshold",
                "stated_purposes": "purposes in the sentence's words"}
_TERM_FIELDS = {"action", "actor", "data_categories", "recipients", "purposes", "conditions", "audience", "kind",
                "value", "data", "recipient", "purpose", "condition", "right", "technology", "measure", "period"}


@lru_cache(maxsize=1)
def ontology_terms() -> dict[str, tuple[str, str]]:
    """Ontology local name -> (label, definition)."""
    from rdflib import RDFS, SKOS

    from policygraph.ontology import load_ontology
    from policygraph.ontology.namespace import PG

    graph = load_ontology()
    base = str(PG._NS)
    terms = {}
    for subject in set(graph.subjects(SKOS.prefLabel, None)) | set(graph.subjects(RDFS.label, None)):
        if str(subject).startswith(base):
            label = graph.value(subject, SKOS.prefLabel) or graph.value(subject, RDFS.label)
            definition = graph.value(subject, SKOS.definition) or graph.value(subject, RDFS.comment) or ""
            terms[str(subject)[len(base):]] = (str(label), " ".join(str(definition).split()))
    return terms


def is_term(value: Any) -> bool:
    return isinstance(value, str) and value in ontology_terms()


def show_value(value: Any) -> str:
    """A field value as a judge reads it: ontology terms with their label, lists joined, empty as —."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value)
    if is_term(value):
        label = ontology_terms()[value][0]
        return f"{value} [{label}]"
    return str(value)


def flat(value: Any) -> list[Any]:
    """The plain values in a field: a list's items, a dict's values' items, or the value."""
    if isinstance(value, dict):
        return [v for values in value.values() for v in flat(values)]
    return list(value) if isinstance(value, list) else [value]


def item_terms(item: Item) -> set[str]:
    """The ontology terms an item shows."""
    found = set()
    for name, value in item.fields.items():
        if name in _TERM_FIELDS or item.scope == "change" or item.scope.startswith("row:"):
            found.update(v for v in flat(value) if is_term(v))
    return found


def field_lines(item: Item) -> list[str]:
    """The extracted fields, one per line, written plainly."""
    fields = dict(item.fields)
    lines = []
    if item.scope == "statement":
        lines.append(f"- **action:** {show_value(fields.pop('action'))} · **negated:** "
                     f"{show_value(fields.pop('negated'))} · **modality:** {fields.pop('modality')}")
        if fields.get("age_threshold") is None:
            fields.pop("age_threshold", None)
    elif item.scope == "fact":
        lines.append(f"- **kind:** {show_value(fields.pop('kind'))} · **value:** {show_value(fields.pop('value'))}"
                     f" · **negated:** {show_value(fields.pop('negated'))}")
    elif item.scope == "change":
        return change_field_lines(fields)
    rule, confidence = fields.pop("rule", None), fields.pop("confidence", None)
    if fields.get("stated_purposes"):  # (placed right after the purpose terms by statement_fields)
        fields["stated_purposes"] = "; ".join(f"“{clause}”" for clause in fields["stated_purposes"])
    else:
        fields.pop("stated_purposes", None)
    lines += [f"- **{_FIELD_NAMES.get(name, name)}:** {show_value(value)}" for name, value in fields.items()]
    if rule is not None:
        lines.append(f"- *rule:* {rule} · *confidence:* {confidence}")
    return lines


def change_field_lines(fields: dict[str, Any]) -> list[str]:
    """A change's fields: its kind and value, the practice or fact, and its attributes in each version."""
    old, new = fields.pop("old attributes"), fields.pop("new attributes")
    lines = [f"- **change:** {fields.pop('change')} · **value:** {show_value(fields.pop('value'))}",
             "- " + " · ".join(f"**{name}:** {show_value(value)}" for name, value in fields.items())]
    for family in sorted(old.keys() | new.keys()):
        lines.append(f"- **{family}:** old: {show_value(old.get(family, []))} · new: "
                     f"{show_value(new.get(family, []))}")
    return lines


def quoted_lines(item: Item) -> list[str]:
    """A change's sentences from each version, with heading path and lead-in, or why there is none."""
    what = "practice" if "action" in item.fields else "fact"
    lines = []
    for quote in item.quoted:
        lines += ["", f"**{quote.label}:**", ""]
        if quote.evidence is None:
            lines.append(NOT_STATED.format(what=what))
            continue
        lines.append(f"*Heading path:* {' > '.join(quote.evidence.heading_path) or '—'}  ")
        if quote.lead_in:
            lines.append(f"*Lead-in:* {quote.lead_in}  ")
        lines += [""] + fenced(quote.paragraph or f">>>{quote.evidence.text}<<<")
    return lines


def change_block(item: Item) -> list[str]:
    """The Markdown of one change item."""
    old, new = item.evidence.split(" · ", 1)[0].split(" -> ")
    lines = [f"### {item.number}. change: {item.group} · `{item.policy_id}` · {old} -> {new}", "",
             meta_comment(_ITEM_TAG, item.meta()), "", "**Change:**", ""] + field_lines(item)
    return lines + quoted_lines(item) + ["", "Verdict: ", "Note: ", ""]


def fenced(text: str) -> list[str]:
    """A text in a fenced block, wrapped for reading; the fence is longer than any run of backticks in it."""
    fence = "~" * max(3, max((len(m) for m in re.findall(r"~+", text)), default=0) + 1)
    lines = [fence + "text"]
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, WRAP, break_long_words=False, break_on_hyphens=False) or [""]
    return lines + [fence]


def meta_comment(tag: str, data: dict[str, Any]) -> str:
    """An HTML comment holding JSON (``<`` and ``>`` escaped, so the comment cannot be closed early)."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- {tag} {text} -->"


def item_block(item: Item) -> list[str]:
    """The Markdown of one item."""
    if item.scope == "change":
        return change_block(item)
    what = {"statement": f"statement: {item.group}", "fact": f"fact: {item.group}"}.get(item.scope, item.group)
    company = f" ({item.company})" if item.company else ""
    lines = [f"### {item.number}. {what} · `{item.policy_id}`{company}", "", meta_comment(_ITEM_TAG, item.meta()),
             "", f"**Heading path:** {' > '.join(item.heading_path) or '—'}  "]
    if item.lead_in:
        lines.append(f"**Lead-in:** {item.lead_in}  ")
    lines += ["**Sentence in its paragraph:**", ""]
    lines += fenced(item.paragraph or f">>>{item.evidence}<<<")
    for name, sentence in item.extra.items():
        lines += ["", f"**{name.capitalize()} sentence:**", ""] + fenced(f">>>{sentence}<<<")
    title = "**Answer row:**" if item.scope.startswith("row:") else "**Extracted:**"
    lines += ["", title, ""] + field_lines(item) + ["", "Verdict: ", "Note: ", ""]
    return lines


def glossary(items: list[Item]) -> list[str]:
    """A table of the ontology terms the sheet shows, with label and definition."""
    names = sorted(set().union(*(item_terms(item) for item in items))) if items else []
    lines = ["## Ontology terms in this sheet", "", "| term | label | meaning |", "| --- | --- | --- |"]
    for name in names:
        label, definition = ontology_terms()[name]
        lines.append(f"| {name} | {label} | {definition.replace('|', '/')} |")
    return lines


def population_name(scope: str) -> str:
    """How a population is named in the header: "statements", "facts", "sharing rows"."""
    return f"{scope[4:]} rows" if scope.startswith("row:") else f"{scope}s"


def render_sheet(sample: Sample, kind: str, header: dict[str, Any]) -> str:
    """The whole sheet: header, rules of judging, terms, items."""
    scope = "row" if kind == "rows" else kind[:-1]
    meta = dict(header, kind=kind, thresholds=sample.thresholds, population=sample.population)
    population = ", ".join(f"{count:,} {population_name(name)}" for name, count in sample.population.items())
    lines = [f"# Precision audit: {kind}", "",
             f"- **Command:** `{header['command']}`",
             f"- **Seed:** {header['seed']}",
             f"- **Date:** {header['date']}",
             f"- **Extractor version:** {header['extractor_version']}",
             f"- **Population:** {population}" + (f" in {sample.policies:,} policies" if sample.policies else ""),
             f"- **Sample:** {len(sample.items)} items; {header['design']}"]
    if header.get("failures"):
        lines.append(f"- **Inputs skipped:** {len(header['failures'])} ({'; '.join(header['failures'][:5])})")
    if header.get("questions"):
        lines += ["- **Questions:**"] + [f"  - `{name}`: {text}" for name, text in header["questions"].items()]
    lines += ["", meta_comment(_SHEET_TAG, meta), "", "## Rules of judging", "", RULES[scope], "",
              "Write one word after `Verdict:` (`correct`, `partly` or `wrong`) and, for `partly` or `wrong`, say",
              "why after `Note:`. Count the sheet with `python benchmarks/audit.py count SHEET`; compare two sheets",
              "of the same seed with `python benchmarks/audit.py compare BEFORE AFTER`.", ""]
    lines += glossary(sample.items) + ["", "## Items", ""]
    for item in sample.items:
        lines += item_block(item)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- reading a judged sheet ------------------------------------------------------------------------------------

@dataclass
class Sheet:
    """A sheet read back: its header data and its items with their verdicts."""

    path: str
    meta: dict[str, Any]
    items: list[Item]

    @property
    def kind(self) -> str:
        return self.meta.get("kind", "?")


def verdict_word(text: str) -> str | None:
    """The first word after ``Verdict:``, lower-cased without emphasis or punctuation; None when blank."""
    words = re.findall(r"[A-Za-z?-]+", text)
    return words[0].lower() if words else None


def parse_sheet(text: str, path: str = "<sheet>") -> Sheet:
    """Read a sheet: the header comment, each item's comment and the Verdict/Note lines after it."""
    meta: dict[str, Any] = {}
    items: list[Item] = []
    for line in _outside_quotes(text.splitlines()):
        match = _COMMENT.match(line.strip())
        if match:
            data = json.loads(match.group(2))
            if match.group(1) == _SHEET_TAG:
                meta = data
            else:
                items.append(Item.from_meta(data))
            continue
        if not items:
            continue
        verdict = _VERDICT.match(line)
        if verdict and items[-1].verdict is None:
            items[-1].verdict = verdict_word(verdict.group(1))
            continue
        note = _NOTE.match(line)
        if note and not items[-1].note:
            items[-1].note = note.group(1).strip()
    if not meta:
        raise SystemExit(f"audit: {path} is not an audit sheet (no '<!-- {_SHEET_TAG} ... -->' line)")
    return Sheet(path, meta, items)


def read_sheet(path: str) -> Sheet:
    return parse_sheet(Path(path).read_text(encoding="utf-8"), path)


def set_verdicts(text: str, verdicts: dict[int, str], notes: dict[int, str] | None = None) -> str:
    """The sheet text with the Verdict line of item ``n`` filled with ``verdicts[n]`` (and its Note line with
    ``notes[n]``, when given)."""
    verdicts, notes = dict(verdicts), dict(notes or {})
    lines = text.splitlines(keepends=True)
    judged = set(_outside_quotes(range(len(lines)), lines))
    current = None
    for i, line in enumerate(lines):
        if i not in judged:
            continue
        match = _COMMENT.match(line.strip())
        if match and match.group(1) == _ITEM_TAG:
            current = json.loads(match.group(2))["n"]
        elif current in verdicts and _VERDICT.match(line):
            lines[i] = f"Verdict: {verdicts.pop(current)}\n"
        elif current in notes and _NOTE.match(line):
            lines[i] = f"Note: {notes.pop(current)}\n"
    return "".join(lines)


def _outside_quotes(items, lines=None):
    """The items (lines, or indices into ``lines``) outside the fenced blocks that quote policy text: a policy's
    own "Note: ..." line is no judge's note."""
    fence = None
    for item in items:
        line = item if lines is None else lines[item]
        if fence is None and line.startswith("~~~"):
            fence = line.rstrip("\n").rstrip()[:len(line) - len(line.lstrip("~"))]
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            yield item


# --- count -----------------------------------------------------------------------------------------------------

def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (0, 0 when there are no trials)."""
    if total == 0:
        return (0.0, 0.0)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(successes: int, total: int) -> str:
    low, high = wilson(successes, total)
    if total == 0:
        return f"{successes:4d}"
    return f"{successes:4d}  {100 * successes / total:5.1f} %  [{100 * low:5.1f}, {100 * high:5.1f}]"


def problems(sheet: Sheet) -> tuple[list[Item], list[Item]]:
    """Items left unjudged, and items whose verdict word is not one of ``VERDICTS``."""
    unjudged = [i for i in sheet.items if i.verdict is None]
    unknown = [i for i in sheet.items if i.verdict is not None and i.verdict not in VERDICTS]
    return unjudged, unknown


def tally(items: list[Item]) -> list[str]:
    """Counts and shares (95 % Wilson intervals) of each verdict and of correct-or-partly."""
    counts = Counter(item.verdict for item in items)
    total = len(items)
    lines = [f"  {verdict:<18}{share(counts[verdict], total)}" for verdict in VERDICTS]
    lines.append(f"  {'correct or partly':<18}{share(counts['correct'] + counts['partly'], total)}")
    return lines


def breakdown(items: list[Item], name: str, of) -> list[str]:
    """One line per value of ``of(item)``: n, and correct / partly / wrong counts with the correct share."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[str(of(item))].append(item)
    if len(groups) < 2:
        return []
    lines = [f"  by {name}:"]
    for value, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        counts = Counter(item.verdict for item in group)
        low, high = wilson(counts["correct"], len(group))
        lines.append(f"    {value:<28} n={len(group):<4d} correct {counts['correct']:3d} partly {counts['partly']:3d} "
                     f"wrong {counts['wrong']:3d}  correct {100 * counts['correct'] / len(group):5.1f} % "
                     f"[{100 * low:5.1f}, {100 * high:5.1f}]")
    return lines


def count_report(sheets: list[Sheet], partial: bool = False) -> tuple[str, int]:
    """The text ``count`` prints, and its exit code (1 when any item is unjudged or has an unknown verdict)."""
    out: list[str] = []
    incomplete = False
    for sheet in sheets:
        unjudged, unknown = problems(sheet)
        judged = [i for i in sheet.items if i.verdict in VERDICTS]
        out.append(f"{sheet.path}: {sheet.kind}, {len(sheet.items)} items, seed {sheet.meta.get('seed')}, "
                   f"extractor {sheet.meta.get('extractor_version')}, {sheet.meta.get('design', '')}".rstrip(", "))
        if unjudged or unknown:
            incomplete = True
            out.append(f"  NOT A RESULT: {len(judged)} of {len(sheet.items)} items judged")
            if unjudged:
                out.append("  unjudged: " + ", ".join(f"#{i.number}" for i in unjudged))
            for item in unknown:
                out.append(f"  unknown verdict #{item.number}: {item.verdict!r} (write correct, partly or wrong)")
            if not partial:
                continue
            out.append("  PARTIAL counts of the judged items:")
        out += tally(judged)
        out += sheet_breakdowns(sheet.kind, judged)
    if len(sheets) > 1 and len({s.kind for s in sheets}) == 1 and not incomplete:
        items = [i for s in sheets for i in s.items]
        out.append(f"all {len(sheets)} sheets: {len(items)} items")
        out += tally(items) + sheet_breakdowns(sheets[0].kind, items)
    return "\n".join(out), 1 if incomplete else 0


def sheet_breakdowns(kind: str, items: list[Item]) -> list[str]:
    """The per-field breakdowns that suit a kind of sheet."""
    if kind == "statements":
        return (breakdown(items, "action", lambda i: i.group)
                + breakdown(items, "polarity", lambda i: "denial" if i.fields.get("negated") else "practice")
                + breakdown(items, "rule", lambda i: i.fields.get("rule")))
    if kind == "facts":
        return breakdown(items, "kind", lambda i: i.group) + breakdown(items, "rule", lambda i: i.fields.get("rule"))
    if kind == "changes":
        return breakdown(items, "change kind", lambda i: i.group) + breakdown(items, "policy", lambda i: i.policy_id)
    return breakdown(items, "question", lambda i: i.group)


# --- compare ---------------------------------------------------------------------------------------------------

def _semantic(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in ("rule", "confidence")}


def in_sample(sheet: Sheet, item: Item) -> bool | None:
    """Whether ``item``'s key is small enough that ``sheet`` would have drawn it; None when it cannot be told
    (another seed, or the per-policy design)."""
    meta = sheet.meta
    if meta.get("design_mode") != "uniform":
        return None
    if item.scope not in meta.get("thresholds", {}):
        return False
    threshold = meta["thresholds"][item.scope]
    return threshold is None or item.key <= threshold


def pair_items(before: list[Item], after: list[Item]) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """Pair the items of one sentence: identical fields first, then in ordinal order; return pairs and leftovers."""
    left, right = list(before), list(after)
    pairs = []
    for item in list(left):
        twin = next((a for a in right if _semantic(a.fields) == _semantic(item.fields)), None)
        if twin is not None:
            pairs.append((item, twin))
            left.remove(item)
            right.remove(twin)
    pairs += list(zip(left, right, strict=False))
    return pairs, left[len(right):], right[len(left):]


def compare_report(before: Sheet, after: Sheet) -> str:
    """How the verdicts of the same sentences moved between two sheets, and what was dropped or is new."""
    out = [f"before: {before.path} ({before.kind}, seed {before.meta.get('seed')}, extractor "
           f"{before.meta.get('extractor_version')}, {len(before.items)} items)",
           f"after:  {after.path} ({after.kind}, seed {after.meta.get('seed')}, extractor "
           f"{after.meta.get('extractor_version')}, {len(after.items)} items)"]
    if before.kind != after.kind:
        raise SystemExit(f"audit: cannot compare a {before.kind} sheet with a {after.kind} sheet")
    if before.meta.get("seed") != after.meta.get("seed"):
        out.append("warning: the sheets were drawn with different seeds; few sentences will match")
    by_sentence_a: dict[tuple, list[Item]] = defaultdict(list)
    by_sentence_b: dict[tuple, list[Item]] = defaultdict(list)
    for item in before.items:
        by_sentence_a[item.sentence_key].append(item)
    for item in after.items:
        by_sentence_b[item.sentence_key].append(item)
    pairs, dropped, new, unseen_a, unseen_b = [], [], [], [], []
    for key in sorted(set(by_sentence_a) | set(by_sentence_b)):
        matched, only_a, only_b = pair_items(by_sentence_a.get(key, []), by_sentence_b.get(key, []))
        pairs += matched
        for item in only_a:
            (dropped if in_sample(after, item) else unseen_a).append(item)
        for item in only_b:
            (new if in_sample(before, item) else unseen_b).append(item)
    pairs.sort(key=lambda pair: pair[0].number)
    out += compare_sections(pairs, dropped, new, unseen_a, unseen_b, after)
    return "\n".join(out)


def compare_sections(pairs, dropped, new, unseen_a, unseen_b, after: Sheet) -> list[str]:
    """The body of the compare report."""
    moves = Counter((a.verdict or "unjudged", b.verdict or "unjudged") for a, b in pairs)
    out = [f"{len(pairs)} items matched by (policy id, sentence); verdict before -> after:"]
    out += [f"  {a:>9} -> {b:<9} {n}" for (a, b), n in sorted(moves.items())]
    changed = [(a, b) for a, b in pairs if a.verdict != b.verdict or _semantic(a.fields) != _semantic(b.fields)]
    if changed:
        out.append("changed (verdict or fields):")
        for a, b in changed:
            diff = {k: (a.fields.get(k), b.fields.get(k)) for k in _semantic(a.fields) | _semantic(b.fields)
                    if a.fields.get(k) != b.fields.get(k)}
            detail = "; ".join(f"{k}: {x} -> {y}" for k, (x, y) in diff.items()) or "same fields"
            out.append(f"  #{a.number} -> #{b.number} [{a.policy_id}] {a.verdict or 'unjudged'} -> "
                       f"{b.verdict or 'unjudged'}; {detail}")
    label = "dropped (the new extractor no longer makes them):"
    if after.meta.get("design_mode") != "uniform":
        label = "missing from after (dropped, or displaced by the per-policy cap):"
        dropped, unseen_a = dropped + unseen_a, []
    out.append(f"{len(dropped)} {label}")
    out += [f"  #{i.number} [{i.policy_id}] {i.group} (was {i.verdict}): {_short(i.evidence)}" for i in dropped]
    out.append(f"{len(new)} new in after (the same sentences, statements the old extractor did not make):")
    out += [f"  #{i.number} [{i.policy_id}] {i.group} ({i.verdict}): {_short(i.evidence)}" for i in new]
    if unseen_a or unseen_b:
        out.append(f"not comparable (outside the other sheet's sample): {len(unseen_a)} before, {len(unseen_b)} after")
    return out


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# --- command line ----------------------------------------------------------------------------------------------

def design_text(kind: str, n: int, per_policy: int | None) -> tuple[str, str]:
    """The sampling design as a sentence for the sheet, and its short name."""
    if kind == "rows":
        return (f"up to {n} rows per question, one row per statement as answers show them by default, uniform "
                "over each question's rows (the smallest seeded hash keys)", "uniform")
    if kind == "changes":
        return (f"uniform over all changes between consecutive versions (with different texts) of every policy "
                f"(the {n} smallest seeded hash keys)", "uniform")
    if per_policy is not None:
        return (f"at most {per_policy} {kind} per policy (the smallest seeded hash keys), then {n} of those: "
                f"spread over policies, not uniform over {kind}", "per-policy")
    return f"uniform over all {kind} of the corpus (the {n} smallest seeded hash keys)", "uniform"


def cmd_sample(args: argparse.Namespace, argv: list[str]) -> int:
    """``sample``: extract or query, draw, write the sheet."""
    failures: list[str] = []
    questions: dict[str, str] = {}
    if args.kind == "rows":
        if not args.store:
            raise SystemExit("audit: sample rows needs --store DIR")
        check_inputs(args.inputs or [])
        from policygraph.queries.catalogue import get_query

        names = [q.strip() for q in args.questions.split(",") if q.strip()]
        questions = {name: get_query(name).question for name in names}
        sample, version = sample_rows(args.store, names, args.per_question, args.seed, args.inputs or [])
        n, per_policy = args.per_question, None
    elif args.kind == "changes":
        if not args.versions_dir:
            raise SystemExit("audit: sample changes needs --versions-dir DIR")
        sample, version = sample_changes(args.versions_dir, args.n, args.seed)
        n, per_policy = args.n, None
    else:
        if not args.inputs:
            raise SystemExit(f"audit: sample {args.kind} needs INPUTS")
        check_inputs(args.inputs)
        sample, version = sample_extractions(extractions(args.inputs, failures), args.kind, args.n, args.seed,
                                             args.per_policy)
        n, per_policy = args.n, args.per_policy
    design, mode = design_text(args.kind, n, per_policy)
    header = {"command": "python benchmarks/audit.py " + shlex.join(argv), "seed": args.seed,
              "date": datetime.date.today().isoformat(), "extractor_version": version, "design": design,
              "design_mode": mode, "failures": failures, "questions": questions}
    text = render_sheet(sample, args.kind, header)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"audit: {len(sample.items)} items written to {args.output}", file=sys.stderr)
    return 0


def cmd_count(args: argparse.Namespace) -> int:
    text, code = count_report([read_sheet(path) for path in args.sheets], args.partial)
    print(text)
    return code


def carried_verdicts(before: Sheet, after: Sheet) -> tuple[dict[int, str], dict[int, str]]:
    """Verdicts and notes of ``before`` for the items of ``after`` with the same sentence and the same fields:
    what was judged need not be judged again; an item whose reading changed is left blank for a judge."""
    by_sentence: dict[tuple, list[Item]] = defaultdict(list)
    for item in before.items:
        by_sentence[item.sentence_key].append(item)
    verdicts, notes = {}, {}
    for item in after.items:
        twin = next((b for b in by_sentence.get(item.sentence_key, [])
                     if b.verdict and _semantic(b.fields) == _semantic(item.fields)), None)
        if twin is not None:
            by_sentence[item.sentence_key].remove(twin)
            verdicts[item.number] = twin.verdict
            if twin.note:
                notes[item.number] = twin.note
    return verdicts, notes


def cmd_carry(args: argparse.Namespace) -> int:
    before, after = read_sheet(args.before), read_sheet(args.after)
    verdicts, notes = carried_verdicts(before, after)
    path = Path(args.after)
    path.write_text(set_verdicts(path.read_text(encoding="utf-8"), verdicts, notes), encoding="utf-8")
    print(f"audit: carried {len(verdicts)} verdicts from {args.before}; {len(after.items) - len(verdicts)} items "
          f"of {args.after} are left to judge")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    print(compare_report(read_sheet(args.before), read_sheet(args.after)))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="draw a sample and write a judging sheet")
    sample.add_argument("kind", choices=KINDS)
    sample.add_argument("inputs", nargs="*", help="policies, as the CLI reads them (for rows: see --inputs)")
    sample.add_argument("--n", type=int, default=100, help="items to draw (statements, facts, changes)")
    sample.add_argument("--per-policy", type=int, help="cap each policy at K items before drawing (not uniform)")
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--store", help="rows: the store to query")
    sample.add_argument("--questions", default=DEFAULT_QUESTIONS, help="rows: comma-separated catalogue questions")
    sample.add_argument("--per-question", type=int, default=20, help="rows: rows to draw per question")
    sample.add_argument("--inputs", dest="row_inputs", nargs="+", help="rows: the policies the store was built "
                        "from, to show each sentence in its paragraph")
    sample.add_argument("--versions-dir", help="changes: the versions directory (policygraph versions)")
    sample.add_argument("-o", "--output", help="the sheet to write (default: stdout)")
    count = commands.add_parser("count", help="count the verdicts of judged sheets")
    count.add_argument("sheets", nargs="+")
    count.add_argument("--partial", action="store_true", help="also print the shares of a half-judged sheet")
    compare = commands.add_parser("compare", help="how verdicts moved between two sheets of the same sample")
    compare.add_argument("before")
    compare.add_argument("after")
    carry = commands.add_parser("carry", help="copy the verdicts of items whose sentence and fields are unchanged "
                                "from a judged sheet into a new sheet of the same seed")
    carry.add_argument("before")
    carry.add_argument("after")
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    if args.command == "sample":
        if args.kind == "rows":
            args.inputs = (args.inputs or []) + (args.row_inputs or [])
        return cmd_sample(args, argv)
    if args.command == "count":
        return cmd_count(args)
    if args.command == "carry":
        return cmd_carry(args)
    return cmd_compare(args)


if __name__ == "__main__":
    sys.exit(main())
