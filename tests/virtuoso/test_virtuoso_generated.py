"""The catalogue on a generated corpus of 400 policies (``benchmarks/generate_corpus.py``): Virtuoso's answers
against embedded Oxigraph's, as for the examples, with more of what real corpora hold (denied statements and
facts, many policies per concept). The shards are loaded as a large corpus is: into Oxigraph by
``policygraph.scale.load_shard_dir``, into Virtuoso by its bulk loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from virtuoso_helpers import (
    MAX_OF_STRINGS,
    SP031,
    Comparison,
    cases,
    start_virtuoso,
)

from policygraph.graph.stores import open_store
from policygraph.scale import load_shard_dir

pytestmark = pytest.mark.virtuoso
GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_corpus.py"
POLICIES = 400

#: Questions whose answers differ on Virtuoso 7.2.5 for this corpus, as in test_virtuoso_catalogue.
KNOWN_DIFFERENCES: dict[str, tuple[str, dict[str, str]]] = {
    "children": ("cafe112dced3", {"concept": SP031, "concept+company": SP031}),
    "compare": ("08683ad50f94", {"defaults": MAX_OF_STRINGS}),
}


@pytest.fixture(scope="module")
def generated(load_root) -> Path:
    """The shards of a generated corpus, under the folder the bulk-loading servers may read."""
    out = load_root / f"generated-{POLICIES}"
    subprocess.run([sys.executable, str(GENERATOR), str(POLICIES), "--out", str(out), "--shard-size", "200",
                    "--processes", "1"], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def comparison(generated, load_root, tmp_path_factory):
    store = open_store("oxigraph", str(tmp_path_factory.mktemp("generated") / "store"))
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-generated"), load_root)
    try:
        store.load_ontology()
        assert load_shard_dir(store, generated)[0] == POLICIES
        assert server.bulk_load(generated).files == 2
        yield Comparison(store, server)
    finally:
        server.stop()
        store.close()


def test_both_engines_hold_the_corpus(comparison):
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }"
    assert int(comparison.virtuoso.query(count)[0]["n"]) == int(comparison.embedded.query(count)[0]["n"]) == POLICIES
    assert comparison.virtuoso.policy_state() == comparison.embedded.policy_state()


@pytest.mark.parametrize(("spec", "variant"), cases(KNOWN_DIFFERENCES))
def test_same_answer_as_embedded(spec, variant, comparison):
    comparison.check(spec, variant)
