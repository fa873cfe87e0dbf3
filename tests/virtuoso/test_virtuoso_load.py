"""Loading Virtuoso: the bulk loader (the CLI's N-Quads export and the parallel build's shards) and the endpoint
path (``policygraph build --endpoint``) each leave exactly the embedded store's policy graphs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from virtuoso_helpers import EXAMPLES

from policygraph.cli import main
from policygraph.errors import StoreError
from policygraph.graph.stores import SparqlStore
from policygraph.ontology import ONTOLOGY_GRAPH, load_ontology

pytestmark = pytest.mark.virtuoso

POLICY_GRAPH_SIZES = """SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://w3id.org/policygraph/data/"))
} GROUP BY ?g"""


def quads_per_graph(*files: Path) -> Counter:
    """Lines per graph IRI of N-Quads files (every line ends ``<graph> .``)."""
    counts: Counter = Counter()
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                counts[line.rstrip(" .")[line.rstrip(" .").rindex("<") + 1:-1]] += 1
    return counts


def graph_sizes(store) -> dict[str, int]:
    return {str(row["g"]): int(row["n"]) for row in store.query(POLICY_GRAPH_SIZES)}


def assert_same_graphs(store, embedded) -> None:
    """Every policy graph of ``embedded`` is in ``store`` with the same triples, and no other policy graph."""
    expected = sorted(embedded.policy_graphs())
    assert sorted(store.policy_graphs()) == expected and len(expected) == 5
    for graph in expected:
        assert isomorphic(store.named_graph(graph), embedded.named_graph(graph)), graph
    assert store.policy_state() == embedded.policy_state()


@pytest.mark.parametrize("server", ["virtuoso_bulk", "virtuoso_loads"])
def test_bulk_load_holds_every_exported_quad(server, examples_nquads, embedded, request):
    store = SparqlStore.from_url(request.getfixturevalue(server).sparql_url)
    assert graph_sizes(store) == quads_per_graph(examples_nquads)
    assert_same_graphs(store, embedded)
    ontology = store.named_graph(ONTOLOGY_GRAPH)
    assert len(ontology) == len(load_ontology()) and isomorphic(ontology, load_ontology())


def test_endpoint_build_writes_the_embedded_graphs(virtuoso_built, embedded):
    store = SparqlStore.from_url(virtuoso_built.sparql_url)
    assert_same_graphs(store, embedded)
    assert isomorphic(store.named_graph(ONTOLOGY_GRAPH), load_ontology())


def test_parallel_build_shards_bulk_load(virtuoso_loads, load_root, tmp_path, examples_nquads, embedded):
    """The shards ``build --processes 2 --shard-dir`` writes load as they are; loading the same policies again
    (their export is already in) changes nothing: Virtuoso's quads are a set."""
    shards = load_root / "shards"
    assert main(["build", str(EXAMPLES), "--store", str(tmp_path / "store"), "--processes", "2",
                 "--chunk-size", "2", "--shard-dir", str(shards), "-q"]) == 0
    files = sorted(shards.glob("*.nq"))
    assert len(files) == 3
    assert quads_per_graph(*files) == quads_per_graph(examples_nquads)
    before = graph_sizes(SparqlStore.from_url(virtuoso_loads.sparql_url))
    assert virtuoso_loads.bulk_load(shards, loaders=2).files == 3
    store = SparqlStore.from_url(virtuoso_loads.sparql_url)
    assert graph_sizes(store) == before
    assert_same_graphs(store, embedded)


def test_bulk_load_skips_files_it_has_loaded(virtuoso_loads, examples_nquads):
    before = graph_sizes(SparqlStore.from_url(virtuoso_loads.sparql_url))
    assert virtuoso_loads.bulk_load(examples_nquads.parent, ontology=False).files == 0
    assert graph_sizes(SparqlStore.from_url(virtuoso_loads.sparql_url)) == before


def test_a_bad_file_is_an_error_naming_it(virtuoso_loads, load_root):
    folder = load_root / "bad"
    folder.mkdir()
    (folder / "broken.nq").write_text('<urn:test:s> <urn:test:p> "never closed <urn:test:bad> .\n')
    with pytest.raises(StoreError, match=r"could not load 1 file.*broken\.nq : .*(?i:error|line)"):
        virtuoso_loads.bulk_load(folder, ontology=False)


def test_a_folder_outside_dirs_allowed_is_refused(virtuoso_loads):
    """A folder under the home directory is outside the server's DirsAllowed (Virtuoso also allows /tmp, where a
    checkout may live, so neither a temporary folder nor the repository would do): Virtuoso's refusal is the error,
    and nothing is listed for loading."""
    outside = Path(tempfile.mkdtemp(prefix="policygraph-virtuoso-", dir=Path.home()))
    try:
        (outside / "one.nq").write_text("<urn:test:s> <urn:test:p> <urn:test:o> <urn:test:g> .\n")
        with pytest.raises(StoreError, match=r"refused the script: .*denied"):
            virtuoso_loads.bulk_load(outside, ontology=False)
        listed = virtuoso_loads.isql(f"SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_file LIKE '{outside}%';\n")
        assert listed.split() == ["0"]
    finally:
        shutil.rmtree(outside, ignore_errors=True)


def test_command_line_bulk_load(virtuoso_loads, load_root):
    folder = load_root / "cli"
    folder.mkdir()
    (folder / "one.nq").write_text('<urn:test:s> <urn:test:p> "from the command line" <urn:test:cli> .\n')
    command = [sys.executable, "-m", "policygraph.graph.stores.virtuoso", "load", str(folder),
               "--port", str(virtuoso_loads.sql_port), "--no-ontology"]
    wrong = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "VIRTUOSO_PASSWORD": "wrong-pw"})
    assert wrong.returncode != 0 and "refused" in wrong.stderr and "wrong-pw" not in wrong.stderr
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "VIRTUOSO_PASSWORD": "dba"})
    assert done.returncode == 0, done.stderr
    assert "loaded 1 file(s)" in done.stdout
    store = SparqlStore.from_url(virtuoso_loads.sparql_url)
    assert store.query('ASK { GRAPH <urn:test:cli> { <urn:test:s> <urn:test:p> "from the command line" } }') is True


def test_ini_command_writes_a_server_for_127_0_0_1_only(tmp_path):
    done = subprocess.run([sys.executable, "-m", "policygraph.graph.stores.virtuoso", "ini", str(tmp_path / "db"),
                           "--sql-port", "21111", "--http-port", "28890", "--dirs-allowed", str(tmp_path / "shards")],
                          capture_output=True, text=True, check=True)
    ini = Path(done.stdout.strip()).read_text()
    assert "ServerPort = 127.0.0.1:21111" in ini and "ServerPort = 127.0.0.1:28890" in ini
    assert f"DirsAllowed = ., {tmp_path / 'shards'}" in ini
    assert "ResultSetMaxRows = 100000000" in ini and "MaxQueryExecutionTime = 0" in ini
    assert f"DatabaseFile = {tmp_path / 'db'}/virtuoso.db" in ini
