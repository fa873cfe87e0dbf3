"""``policygraph demo``: the main job on the bundled example policies, end to end."""

from __future__ import annotations

from pathlib import Path

from policygraph.config import Settings
from policygraph.errors import InputError
from policygraph.extract import read_inputs
from policygraph.graph.stores import open_store
from policygraph.queries import run_query
from policygraph.queries.format import per_statement
from policygraph.scale import InProcessBackend, ScaleReport, build_policies

QUESTION = "Which companies share personal data with affiliates for marketing?"


def run_demo(examples: Path, store_dir: str | None = None) -> int:
    """Build a graph from ``examples`` and answer ``QUESTION`` with the evidence sentences."""
    if not examples.is_dir():
        raise InputError(f"example policies not found at {examples} (the demo runs from a source checkout)")
    settings = Settings()
    store = open_store("oxigraph" if store_dir else "memory", store_dir, settings)
    try:
        report = ScaleReport()
        summary = build_policies(read_inputs([str(examples)]), store, InProcessBackend(), settings, report=report,
                                 quiet=True)
        print(f"Built the graph of {report.extracted} example policies from {examples} ({summary}).")
        rows = run_query(store, "sharing", {"recipient": "affiliate", "purpose": "marketing"})
    finally:
        store.close()
    print(f"\n{QUESTION}\n")
    if not rows:
        print("No policy says so.")
    statements, _ = per_statement(rows)
    for row in statements:
        company = row.get("company") or row.get("policy_id")
        print(f"- {company} (policy {row.get('policy_id')}): shares {row.get('data') or '-'} with "
              f"{row.get('recipient') or '-'} for {row.get('purpose') or '-'}"
              + (f", on condition: {row['condition']}" if row.get("condition") else ""))
        print(f"    evidence: \"{' '.join(str(row.get('evidence')).split())}\"")
    return 0
