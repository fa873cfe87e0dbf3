"""Write N synthetic but realistic policy graphs as N-Quads shards (one named graph per policy).

    python benchmarks/generate_corpus.py 10000 [--out benchmarks/work/corpus-10000] [--shard-size 1000]

Each policy is a synthetic ``Extraction`` (records.py) whose shape follows the five real example policies
(measured by ``--measure``, which extracts ``examples/policies``): on average about 34 segments, 38
statements and 14 policy facts, with the action, fact-family, data/recipient/purpose/condition mix of the
real extractions and terms drawn from the ontology lexicon (Zipf-like weights, so some data categories are
common and most are rare, as in real policies). The triples are written by a fast N-Quads writer that
mirrors ``policygraph.graph.rdf.extraction_to_graph`` exactly (``tests/scale`` checks that they are
isomorphic), so a generated policy is indistinguishable in shape from a built one.

Output: ``shard-NNNNNN.nq`` + ``shard-NNNNNN.json`` (the same manifest format the distributed build writes),
deterministic for a given N and ``--seed``. Two processes by default (one shard per task).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from policygraph.extract.pipeline import EXTRACTOR_VERSION
from policygraph.graph.denials import denied_by
from policygraph.graph.rdf import content_hash, with_broader
from policygraph.ontology.lexicon import get_lexicon
from policygraph.ontology.namespace import PG
from policygraph.records import (
    Action,
    Evidence,
    Extraction,
    Fact,
    PolicyDocument,
    PolicyFacts,
    Segment,
    SegmentKind,
    Statement,
)

ROOT = Path(__file__).resolve().parents[1]
BASE_IRI = "https://w3id.org/policygraph/data/"

# Measured on examples/policies (see --measure): per policy means and the observed mixes.
SEGMENTS = (18, 52)            # uniform range; mean 34 (examples: 28, 49, 52, 18, 21)
STATEMENTS = (14, 63)          # examples: 37, 69, 53, 14, 19 -> mean 38
FACTS = (0, 29)                # examples: 3, 35, 17, 17, 0 -> mean 14
ACTIONS = {"Collect": 42, "Use": 68, "Share": 62, "Sell": 1, "Retain": 14, "Transfer": 5}
FACT_KINDS = {"TrackingTechnology": ("tracking", 22), "UserRight": ("right", 11),
              "SecurityMeasure": ("security", 12), "Audience": ("audience", 9), "UserChoice": ("choice", 7),
              "DataLocation": ("location", 5), "ChangeNotice": ("change", 4), "DoNotTrackStance": ("dnt", 1),
              "RetentionPeriod": ("retention", 2), "TransferSafeguard": ("safeguard", 1)}
# mean number of values per statement (examples: data 1.3, recipients 0.25, purposes 0.45, conditions 0.2)
PER_STATEMENT = {"data": 1.3, "recipient": 0.25, "purpose": 0.45, "condition": 0.2}
NEGATED = 0.08
AUDIENCE = 0.015
HEADING_PATH = 0.75
FACT_DETAIL = 0.1
MODALITY = {"unspecified": 105, "may": 59, "will": 28}
FILLER = ("as described in this policy", "when you use our services", "from time to time",
          "in accordance with applicable law", "to the extent permitted", "through our website and apps",
          "including through cookies and similar technologies", "for the purposes listed below")

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, tuple[list[str], list[float]]]   # family -> (locals, Zipf weights)
    labels: dict[str, str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    lexicon = get_lexicon()
    families = {"data", "recipient", "purpose", "condition", "audience"} | {f for f, _ in FACT_KINDS.values()}
    terms = {}
    for family in sorted(families):
        names = sorted(t.local for t in lexicon.family(family))
        random.Random(family).shuffle(names)  # a fixed "popularity" order per family
        terms[family] = (names, [1.0 / (rank + 1) for rank in range(len(names))])
    labels = {t.local: t.label for t in lexicon.terms.values()}
    return Vocabulary(terms, labels)


def _pick(rng: random.Random, family: str) -> str:
    names, weights = vocabulary().terms[family]
    return rng.choices(names, weights)[0]


def _count(rng: random.Random, mean: float) -> int:
    whole, frac = int(mean), mean - int(mean)
    return whole + (1 if rng.random() < frac else 0) if mean >= 1 else (1 if rng.random() < mean else 0)


def synthetic_extraction(index: int, seed: int = 0) -> Extraction:
    """One deterministic synthetic policy."""
    rng = random.Random(seed * 1_000_003 + index)
    labels = vocabulary().labels
    policy_id = f"syn-{index:07d}"
    n_segments = rng.randint(*SEGMENTS)
    segments, position, headings = [], 0, []
    for i in range(n_segments):
        kind = SegmentKind.HEADING if i % 6 == 0 else rng.choice((SegmentKind.TEXT, SegmentKind.LIST_ITEM))
        length = 30 if kind == SegmentKind.HEADING else rng.randint(80, 400)
        if kind == SegmentKind.HEADING:
            headings = [f"Section {i // 6 + 1}"]
        path = tuple(headings) if rng.random() < HEADING_PATH else ()
        segments.append(Segment(i, kind, position, position + length, path))
        position += length + 2
    body = [s for s in segments if s.kind != SegmentKind.HEADING] or segments

    def evidence(words: list[str]) -> Evidence:
        segment = rng.choice(body)
        text = ("We " + " ".join(words) + " " + rng.choice(FILLER) + ".")[:400]
        start = segment.start + rng.randint(0, 20)
        rule = rng.choice(("svo", "lead-in", "passive", "list-item"))
        return Evidence(policy_id, segment.index, start, start + len(text), text, rule,
                        round(rng.uniform(0.5, 0.95), 2), segment.heading_path)

    statements = []
    for _ in range(rng.randint(*STATEMENTS)):
        action = rng.choices(list(ACTIONS), list(ACTIONS.values()))[0]
        values = {family: tuple(sorted({_pick(rng, family) for _ in range(_count(rng, mean))}))
                  for family, mean in PER_STATEMENT.items()}
        audience = _pick(rng, "audience") if rng.random() < AUDIENCE else None
        words = [action.lower(), *(labels[v] for v in values["data"]),
                 *(labels[v] for v in values["recipient"]), *(labels[v] for v in values["purpose"])]
        statements.append(Statement(
            action=Action(action), actor="FirstParty" if rng.random() < 0.97 else _pick(rng, "recipient"),
            evidence=evidence(words), data_categories=values["data"], recipients=values["recipient"],
            purposes=values["purpose"], conditions=values["condition"], negated=rng.random() < NEGATED,
            modality=rng.choices(list(MODALITY), list(MODALITY.values()))[0], audience=audience,
            age_threshold=rng.choice((13, 16, 18)) if audience == "Children" else None))
    facts = []
    for _ in range(rng.randint(*FACTS)):
        kind = rng.choices(list(FACT_KINDS), [w for _, w in FACT_KINDS.values()])[0]
        value = _pick(rng, FACT_KINDS[kind][0])
        detail = None
        if rng.random() < FACT_DETAIL:
            detail = rng.choice(("30 days", "by e-mail", "in the United States", "13"))
        facts.append(Fact(kind, value, evidence(["offer", labels[value]]), detail, rng.random() < 0.03))
    company = f"Synthetic {rng.choice(('Media', 'Games', 'Health', 'Shop', 'Travel', 'Bank'))} {index}" \
        if rng.random() < 0.6 else None
    year = rng.randint(2005, 2024)
    policy_facts = PolicyFacts(
        company=company,
        effective_date=f"{rng.randint(1, 28)} March {year}" if rng.random() < 0.2 else None,
        last_updated=f"{rng.randint(1, 28)} May {year}" if rng.random() < 0.4 else None,
        contact_emails=(f"privacy@company{index}.example",) if rng.random() < 0.2 else (),
        facts=tuple(facts))
    text = f"synthetic policy {index} seed {seed}"
    document = PolicyDocument(policy_id, text, source=f"synthetic/{policy_id}.txt",
                              metadata={"retrieved_at": "2026-11-27"} if rng.random() < 0.5 else {})
    return Extraction(document, tuple(segments), tuple(statements), policy_facts, EXTRACTOR_VERSION)


# --- a fast N-Quads writer mirroring policygraph.graph.rdf.extraction_to_graph ---

def _iri(value: str) -> str:
    return f"<{value}>"


def _str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _int(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


def _bool(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


def _dec(value: float) -> str:
    return f'"{format(Decimal(str(round(float(value), 6))).normalize(), "f")}"^^<{XSD}decimal>'


def _pg(local: str) -> str:
    return f"<{PG._NS}{local}>"


def extraction_to_nquads(extraction: Extraction, base_iri: str = BASE_IRI) -> tuple[str, int]:
    """The N-Quads of one policy graph (same triples as ``extraction_to_graph``) and its triple count."""
    doc = extraction.document
    version = _str(extraction.extractor_version)
    policy_raw = f"{base_iri}policy/{quote(doc.policy_id, safe='')}"
    policy = _iri(policy_raw)
    graph = _iri(policy_raw + "/graph")
    triples: set[tuple[str, str, str]] = set()
    add = triples.add
    for segment in extraction.segments:
        node = _iri(f"{policy_raw}/segment/{segment.index}")
        add((node, RDF_TYPE, _pg("Segment")))
        add((node, _pg("policy"), policy))
        add((node, _pg("segmentIndex"), _int(segment.index)))
        add((node, _pg("segmentKind"), _str(str(segment.kind))))
        add((node, _pg("startOffset"), _int(segment.start)))
        add((node, _pg("endOffset"), _int(segment.end)))
        if segment.heading_path:
            add((node, _pg("headingPath"), _str(" > ".join(segment.heading_path))))

    def provenance(node: str, ev: Evidence) -> None:
        segment = _iri(f"{policy_raw}/segment/{int(ev.segment)}")
        add((node, _pg("policy"), policy))
        add((node, _pg("segment"), segment))
        add((node, _pg("sentence"), _iri(f"{policy_raw}/sentence/{int(ev.start)}")))
        add((node, PROV_DERIVED, segment))
        add((node, _pg("startOffset"), _int(ev.start)))
        add((node, _pg("endOffset"), _int(ev.end)))
        add((node, _pg("evidenceText"), _str(ev.text)))
        add((node, _pg("rule"), _str(ev.rule)))
        add((node, _pg("confidence"), _dec(ev.confidence)))
        add((node, _pg("extractorVersion"), version))

    def add_broader(node: str, prop: str, local: str) -> None:
        for name in with_broader(local):
            add((node, _pg(prop), _pg(name)))

    practices = set()
    for st in extraction.statements:
        node = _iri(f"{policy_raw}/practice/{content_hash(st)}")
        practices.add(node)
        add((node, RDF_TYPE, _pg(str(st.action))))
        add_broader(node, "actionIn", str(st.action))
        add((node, _pg("actor"), _pg(st.actor)))
        for prop, values in (("dataCategory", st.data_categories), ("recipient", st.recipients),
                             ("purpose", st.purposes), ("condition", st.conditions)):
            for value in values:
                add((node, _pg(prop), _pg(value)))
                add_broader(node, prop + "In", value)
        add((node, _pg("negated"), _bool(st.negated)))
        add((node, _pg("modality"), _str(st.modality)))
        if st.audience:
            add((node, _pg("dataSubject"), _pg(st.audience)))
            if st.age_threshold is not None:
                add((node, _pg("ageThreshold"), _int(st.age_threshold)))
        provenance(node, st.evidence)
    for st, denial in denied_by(extraction.statements):
        add((_iri(f"{policy_raw}/practice/{content_hash(st)}"), _pg("deniedBy"),
             _iri(f"{policy_raw}/practice/{content_hash(denial)}")))
    fact_nodes = set()
    for fact in extraction.facts.facts:
        node = _iri(f"{policy_raw}/fact/{content_hash(fact)}")
        fact_nodes.add(node)
        add((node, RDF_TYPE, _pg("PolicyFact")))
        add((node, _pg("factValue"), _pg(fact.value)))
        add_broader(node, "factValueIn", fact.value)
        add((node, _pg("negated"), _bool(fact.negated)))
        if fact.detail:
            add((node, _pg("detail"), _str(fact.detail)))
        provenance(node, fact.evidence)
    facts = extraction.facts
    add((policy, RDF_TYPE, _pg("PrivacyPolicy")))
    add((policy, f"<{DCT}identifier>", _str(doc.policy_id)))
    add((policy, _pg("sha256"), _str(doc.sha256)))
    add((policy, _pg("extractorVersion"), version))
    add((policy, _pg("statementCount"), _int(len(practices))))
    add((policy, _pg("factCount"), _int(len(fact_nodes))))
    if doc.source:
        add((policy, f"<{DCT}source>", _str(doc.source)))
    if doc.metadata.get("retrieved_at"):
        add((policy, _pg("retrievedAt"), _str(str(doc.metadata["retrieved_at"]))))
    for prop, value in (("company", facts.company), ("effectiveDate", facts.effective_date),
                        ("lastUpdated", facts.last_updated)):
        if value:
            add((policy, _pg(prop), _str(value)))
    for email in facts.contact_emails:
        add((policy, _pg("contactEmail"), _str(email)))
    return "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples), len(triples)


def write_shard(task: tuple[Path, int, int, int, int]) -> tuple[int, int]:
    """Write policies [start, stop) as one shard + manifest; (policies, triples)."""
    out, shard, start, stop, seed = task
    path = out / f"shard-{shard:06d}.nq"
    policies, total = [], 0
    with open(path.with_suffix(".nq.tmp"), "w", encoding="utf-8", buffering=1 << 20) as handle:
        for index in range(start, stop):
            extraction = synthetic_extraction(index, seed)
            text, count = extraction_to_nquads(extraction)
            handle.write(text)
            total += count
            policies.append({"policy_id": extraction.document.policy_id, "sha256": extraction.document.sha256,
                             "extractor_version": extraction.extractor_version,
                             "graph": f"{BASE_IRI}policy/{extraction.document.policy_id}/graph",
                             "triples": count})
    path.with_suffix(".nq.tmp").rename(path)
    manifest = {"shard": path.name, "policies": policies, "failures": [], "triples": total}
    path.with_suffix(".json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(policies), total


def measure_examples() -> dict:
    """Per-policy counts of the real example policies (what the generator imitates)."""
    from policygraph.extract import Extractor, read_inputs
    from policygraph.graph.rdf import extraction_to_graph

    extractor, rows = Extractor(), []
    for doc in read_inputs([ROOT / "examples" / "policies"]):
        extraction = extractor.extract(doc)
        rows.append({"policy_id": doc.policy_id, "segments": len(extraction.segments),
                     "statements": len(extraction.statements), "facts": len(extraction.facts.facts),
                     "triples": len(extraction_to_graph(extraction, BASE_IRI))})
    keys = ("segments", "statements", "facts", "triples")
    means = {key: round(statistics.mean(r[key] for r in rows), 1) for key in keys}
    return {"policies": rows, "mean": means}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="number of policies")
    parser.add_argument("--out", type=Path, help="output directory (default benchmarks/work/corpus-N)")
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--measure", action="store_true", help="print the example policies' counts and exit")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_examples(), indent=1))
        return
    out = args.out or ROOT / "benchmarks" / "work" / f"corpus-{args.n}"
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(out, i, start, min(start + args.shard_size, args.n), args.seed)
             for i, start in enumerate(range(0, args.n, args.shard_size))]
    started = time.perf_counter()
    policies = triples = 0
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        for done, (p, t) in enumerate(pool.imap_unordered(write_shard, tasks), 1):
            policies, triples = policies + p, triples + t
            print(f"\r{done}/{len(tasks)} shards, {triples:,} triples", end="", file=sys.stderr)
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in out.glob("shard-*.nq"))
    summary = {"policies": policies, "triples": triples,
               "triples_per_policy": round(triples / max(policies, 1), 1), "shards": len(tasks),
               "bytes": size,
               "seconds": round(seconds, 1), "out": str(out)}
    (out / "corpus.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print("\n" + json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
