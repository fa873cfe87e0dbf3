"""Subprocess for the SIGKILL test: rebuilds the same corpus with a new extractor version, forever.

Usage: ``python kill_worker.py STORE_DIR``; prints one flushed line per policy, so the parent can kill it in
the middle of a build.
"""

from __future__ import annotations

import itertools
import sys

from graph_records import make_extraction

from policygraph.config import Settings
from policygraph.graph.build import build
from policygraph.graph.stores import open_store

POLICIES = 30


def corpus(version: str):
    return (make_extraction(f"k{i}", version=version, statements=1 + i % 5) for i in range(POLICIES))


def main(location: str) -> None:
    with open_store("oxigraph", location) as store:
        for round_number in itertools.count(1):
            build(corpus(f"v{round_number}"), store, Settings(batch_size=4),
                  progress=lambda policy_id, outcome: print(policy_id, outcome, flush=True))


if __name__ == "__main__":
    main(sys.argv[1])
