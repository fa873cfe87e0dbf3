"""Extraction results as JSON: one record per statement or fact (JSON Lines), or one document per policy.

Each JSON Lines record has ``type`` ("policy", "statement" or "fact") and ``policy_id``; statements and
facts carry their ``evidence`` (offsets into the policy text, the sentence, rule and confidence).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policygraph.records import Extraction


def _policy_record(extraction: Extraction) -> dict[str, Any]:
    document, facts = extraction.document, extraction.facts
    return {
        "type": "policy", "policy_id": document.policy_id, "source": document.source, "sha256": document.sha256,
        "extractor_version": extraction.extractor_version, "company": facts.company,
        "legal_entity": facts.legal_entity, "effective_date": facts.effective_date, "last_updated": facts.last_updated,
        "contact_emails": list(facts.contact_emails), "segments": len(extraction.segments),
        "statements": len(extraction.statements), "facts": len(facts.facts),
    }


def extraction_to_jsonl_records(extraction: Extraction) -> Iterator[dict[str, Any]]:
    """The policy record, then one record per statement and per fact."""
    policy_id = extraction.document.policy_id
    yield _policy_record(extraction)
    for statement in extraction.statements:
        yield {"type": "statement", "policy_id": policy_id, **statement.to_dict()}
    for fact in extraction.facts.facts:
        yield {"type": "fact", "policy_id": policy_id, **fact.to_dict()}


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    """One JSON document for a policy: its record with ``statements``, ``facts`` and ``segments`` lists."""
    record = _policy_record(extraction)
    record["statements"] = [s.to_dict() for s in extraction.statements]
    record["facts"] = [f.to_dict() for f in extraction.facts.facts]
    record["segments"] = [
        {"index": s.index, "kind": s.kind.value, "start": s.start, "end": s.end,
         "heading_path": list(s.heading_path), "lead_in": s.lead_in} for s in extraction.segments
    ]
    return record
