"""Recall against a reader's checklist: which expected practices of a policy the extractor finds.

    python benchmarks/recall.py ../shared/corpora/pga-v2/current [--checklists benchmarks/recall_checklists.json]
        [--min-confidence 0.7]

The checklists (``recall_checklists.json``) list, per policy id, the practices a careful reader expects, written
down from reading the policy before looking at the extractor's output. An expected practice is found when one
statement of the policy matches every field it gives (a term matches itself and every term below it in the
ontology), or, for a fact, a fact of that kind and value. Prints each practice with found / missed and the share
found per policy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policygraph.extract import Extractor, InputFailure, read_inputs
from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import Extraction, Statement

HERE = Path(__file__).parent


def below(term: str, wanted: str) -> bool:
    """True when ``term`` is ``wanted`` or a term under it in the ontology."""
    terms = get_lexicon().terms
    current: str | None = term
    while current is not None:
        if current == wanted:
            return True
        current = terms[current].parent if current in terms else None
    return False


def matches(statement: Statement, expected: dict) -> bool:
    """Whether a statement has every field the expected practice gives."""
    actions = expected.get("action")
    if actions and statement.action.value not in ([actions] if isinstance(actions, str) else actions):
        return False
    if statement.negated != expected.get("negated", False):
        return False
    for key, values in (("data", statement.data_categories), ("recipient", statement.recipients),
                        ("purpose", statement.purposes), ("condition", statement.conditions)):
        if key in expected and not any(below(v, expected[key]) for v in values):
            return False
    return True


def found(extraction: Extraction, expected: dict) -> bool:
    """Whether the extraction states the expected practice (or fact)."""
    if "fact" in expected:
        return any(f.kind == expected["fact"] and below(f.value, expected["value"]) and not f.negated
                   for f in extraction.facts.facts)
    return any(matches(s, expected) for s in extraction.statements)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder holding the checklists' policies (<policy id>.md)")
    parser.add_argument("--checklists", type=Path, default=HERE / "recall_checklists.json")
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    args = parser.parse_args(argv)
    checklists = {k: v for k, v in json.loads(args.checklists.read_text(encoding="utf-8")).items() if k != "about"}
    paths = [Path(args.corpus) / f"{policy_id}.md" for policy_id in checklists]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"recall: policies not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    extractor = Extractor(min_confidence=args.min_confidence)
    total = hits = 0
    for document in read_inputs(paths):
        if isinstance(document, InputFailure):
            print(f"recall: cannot read {document.source}: {document.reason}", file=sys.stderr)
            return 2
        extraction = extractor.extract(document)
        expected = checklists[document.policy_id]
        results = [(item["what"], found(extraction, item)) for item in expected]
        n = sum(ok for _, ok in results)
        total, hits = total + len(results), hits + n
        print(f"{document.policy_id}: {n}/{len(results)} found ({n / len(results):.0%})")
        for what, ok in results:
            print(f"  {'found ' if ok else 'MISSED'}  {what}")
    print(f"all: {hits}/{total} ({hits / total:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
