"""A store split by policy into shards gives every catalogue answer the one store gives, and combines ad-hoc
SPARQL as documented (rows concatenated, DISTINCT, ORDER BY and LIMIT over the combination)."""

from __future__ import annotations

import pytest
from query_fixtures import EXAMPLES
from rdflib import Graph

from policygraph.config import Settings
from policygraph.errors import QueryError, StoreError
from policygraph.graph.build import build
from policygraph.graph.stores import OxigraphStore, ShardedStore, open_store
from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.queries import catalogue, run_query
from policygraph.queries.order import sort_rows

PARAMS = {"profile": {"company": "Jespionne"}, "compare": {"a": "Jespionne", "b": "Konzen"},
          "sharing": {"recipient": "affiliate", "purpose": "marketing"}}
POLICY_GRAPHS = "SELECT ?g ?id WHERE { GRAPH ?g { ?p a <https://w3id.org/policygraph/ontology#PrivacyPolicy> ; " \
                "<http://purl.org/dc/terms/identifier> ?id } }"


@pytest.fixture(scope="module")
def sharded_store(example_extractions, tmp_path_factory):
    store = open_store("oxigraph", str(tmp_path_factory.mktemp("sharded") / "store"), Settings(store_shards=3))
    summary = build(example_extractions, store)
    assert summary.failed == 0, summary.failures
    store.load_ontology()
    yield store
    store.close()


def _holders(store: ShardedStore) -> dict[str, list[int]]:
    """policy id -> the shards holding its graph"""
    found: dict[str, list[int]] = {}
    for index, shard in enumerate(store.shards):
        for row in shard.query(POLICY_GRAPHS):
            found.setdefault(str(row["id"]), []).append(index)
    return found


def test_each_policy_lives_in_one_shard_and_the_ontology_in_all(sharded_store):
    holders = _holders(sharded_store)
    assert len(holders) == 5
    assert all(len(shards) == 1 for shards in holders.values())
    assert len({shards[0] for shards in holders.values()}) > 1, "the examples should spread over shards"
    for shard in sharded_store.shards:
        assert len(shard.named_graph(ONTOLOGY_GRAPH)) > 100


@pytest.mark.parametrize("spec", catalogue(), ids=lambda s: s.name)
def test_catalogue_identical_on_sharded_and_single_store(spec, memory_store, sharded_store):
    params = PARAMS.get(spec.name)
    expected = run_query(memory_store, spec.name, params)
    got = run_query(sharded_store, spec.name, params)
    assert got == expected
    assert got.columns == expected.columns


def test_compare_pairs_policies_from_different_shards(memory_store, sharded_store):
    holders = _holders(sharded_store)
    a, b = next((a, b) for a in holders for b in holders if holders[a] != holders[b])
    expected = run_query(memory_store, "compare", {"a": a, "b": b})
    assert {str(row["a_policy_id"]) for row in expected if row["a_evidence"] is not None} == {a}
    assert run_query(sharded_store, "compare", {"a": a, "b": b}) == expected


def test_a_company_in_several_shards_is_answered_per_shard_and_a_large_compare_refused(memory_store,
                                                                                     sharded_store, monkeypatch):
    from policygraph.graph.stores import sharded

    everyone = {"company": "k"}  # kconusa.com, Konzen, Kpopmart.com, LetsMasak
    ids = {str(r["policy_id"]) for r in run_query(memory_store, "profile", everyone)}
    assert len(ids) == 4
    assert len({_holders(sharded_store)[i][0] for i in ids}) > 1, "the three should be in several shards"
    assert run_query(sharded_store, "profile", everyone) == run_query(memory_store, "profile", everyone)
    copies = []
    monkeypatch.setattr(sharded, "copy_graphs", lambda sources: copies.append(sources))
    run_query(sharded_store, "profile", everyone)
    assert copies == []  # one policy parameter: each shard answers for its own policies, nothing is copied
    monkeypatch.setattr(sharded, "COPY_LIMIT", 2)
    with pytest.raises(QueryError, match="at most 2 side by side"):
        run_query(sharded_store, "compare", {"a": "k", "b": "Jespionne"})


def test_a_limited_answer_reads_only_as_many_rows_as_asked(memory_store, sharded_store):
    full = run_query(memory_store, "profile", {"company": "Jespionne"})
    everything = run_query(memory_store, "security")
    for limit in (0, 1, 4, len(everything) - 1):
        rows = run_query(sharded_store, "security", limit=limit)
        assert len(rows) == limit and rows.truncated
        assert all(row in everything for row in rows)
        assert rows == sort_rows(list(rows), ("policy_id", "measure", "detail", "negated", "evidence"))
    assert run_query(sharded_store, "security", limit=len(everything)) == everything
    assert run_query(sharded_store, "profile", {"company": "Jespionne"}, limit=len(full)) == full


def test_ad_hoc_select_is_combined_over_shards(memory_store, sharded_store):
    distinct = "SELECT DISTINCT ?kind WHERE { ?x a ?kind ; <https://w3id.org/policygraph/ontology#policy> ?p } " \
               "ORDER BY ?kind"
    assert sharded_store.query(distinct) == memory_store.query(distinct)
    top = ("SELECT ?id WHERE { ?p <http://purl.org/dc/terms/identifier> ?id ; "
           "a <https://w3id.org/policygraph/ontology#PrivacyPolicy> } ORDER BY ?id LIMIT 2")
    assert sharded_store.query(top) == memory_store.query(top)
    ask = f"ASK {{ ?p <http://purl.org/dc/terms/identifier> \"{next(iter(_holders(sharded_store)))}\" }}"
    assert sharded_store.query(ask) is True
    construct = "CONSTRUCT { ?p ?q ?o } WHERE { ?p a <https://w3id.org/policygraph/ontology#PrivacyPolicy> ; ?q ?o }"
    assert isinstance(sharded_store.query(construct), Graph)
    assert len(sharded_store.query(construct)) == len(memory_store.query(construct))


def test_distinct_limit_order_and_trailing_values_are_combined_like_one_store(memory_store, sharded_store):
    pg = "PREFIX pg: <https://w3id.org/policygraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    kinds = pg + "SELECT DISTINCT ?t WHERE { ?x pg:policy ?p ; a ?t } ORDER BY ?t"
    everything = memory_store.query(kinds)
    assert len(everything) > 3
    # the same types are in every shard: an early stop before duplicates are removed would lose rows
    limited = sharded_store.query(pg + "SELECT DISTINCT ?t WHERE { ?x pg:policy ?p ; a ?t } LIMIT 3")
    assert len(limited) == 3 and all(row in everything for row in limited)
    # DISTINCT in a sub-select does not make the outer rows distinct
    inner = pg + "SELECT ?t WHERE { { SELECT DISTINCT ?p WHERE { ?x pg:policy ?p } } ?p a ?t }"
    assert len(sharded_store.query(inner)) == len(memory_store.query(inner))
    values = pg + ("SELECT ?id WHERE { ?p dcterms:identifier ?id ; a pg:PrivacyPolicy ; pg:company ?c } "
                   "ORDER BY ?id LIMIT 2 VALUES ?k { 1 }")
    assert sharded_store.query(values) == memory_store.query(values)
    assert len(memory_store.query(values)) == 2


@pytest.mark.parametrize("tail, message", [("OFFSET 2", "OFFSET"), ("ORDER BY DESC(?id)", "plain variables"),
                                           ("ORDER BY ?p", r"returned variables only; add \?p")])
def test_modifiers_that_cannot_be_combined_are_refused(sharded_store, tail, message):
    with pytest.raises(QueryError, match=message):
        sharded_store.query(f"SELECT ?id WHERE {{ ?p <http://purl.org/dc/terms/identifier> ?id }} {tail}")


@pytest.fixture
def rows_read(monkeypatch):
    """Every row the shards hand over, in a list."""
    read = []
    original = OxigraphStore.iter_keyed_rows

    def counting(self, sparql):
        for key, row in original(self, sparql):
            read.append(row)
            yield key, row

    monkeypatch.setattr(OxigraphStore, "iter_keyed_rows", counting)
    return read


def test_a_limited_question_stops_every_shard_early(sharded_store, rows_read):
    everything = sharded_store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    rows_read.clear()
    assert len(sharded_store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50")) == 50
    assert 50 <= len(rows_read) <= 50 + len(sharded_store.shards) < len(everything)


def test_a_limited_distinct_question_reads_past_the_duplicates(memory_store, sharded_store, rows_read):
    """The ontology is in every shard, so its classes come from each: stopping after LIMIT rows read, counting
    duplicates, would return fewer rows than asked."""
    owl_class = "<http://www.w3.org/2002/07/owl#Class>"
    classes = f"SELECT DISTINCT ?c WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c a {owl_class} }} }}"
    everything = memory_store.query(classes)
    rows_read.clear()
    limited = sharded_store.query(classes + " LIMIT 40")
    assert len(limited) == 40 and all(row in everything for row in limited)
    assert len(everything) > 40
    assert 40 <= len(rows_read) <= 40 * len(sharded_store.shards)  # a shard's engine stops at 40 itself


def test_an_abandoned_query_neither_blocks_close_nor_outlives_it(tmp_path):
    import threading
    import time

    store = open_store("oxigraph", str(tmp_path / "store"), Settings(store_shards=2))
    store.load_ontology()
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="timed out"):
        run_query(store, endless, timeout=0.5)
    assert any(t.name.startswith("policygraph-shard") for t in threading.enumerate())
    started = time.monotonic()
    store.close()
    assert time.monotonic() - started < 1
    for _ in range(100):
        if not any(t.name.startswith("policygraph-shard") for t in threading.enumerate()):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the shard threads of an abandoned query kept running after close")


def test_export_and_verify_see_every_shard(memory_store, sharded_store):
    import io

    from policygraph.graph.verify import verify_store

    ours, theirs = io.BytesIO(), io.BytesIO()
    assert sharded_store.export("nquads", ours) == memory_store.export("nquads", theirs) == 5
    assert sorted(ours.getvalue().splitlines()) == sorted(theirs.getvalue().splitlines())
    result = verify_store(sharded_store, [str(EXAMPLES)], Settings())
    assert result.ok and len(result.present) == 5


def test_replace_and_remove_a_policy_touch_its_shard_only(example_extractions, tmp_path):
    store = open_store("oxigraph", str(tmp_path / "store"), Settings(store_shards=2))
    try:
        build(example_extractions, store)
        graphs = sorted(store.policy_graphs())
        assert len(graphs) == 5
        policy_id = next(iter(store.policy_state()))
        assert store.remove_policy(policy_id) == 1
        assert policy_id not in store.policy_state()
        assert policy_id not in _holders(store)
        assert len(list(store.policy_graphs())) == 4
    finally:
        store.close()


def test_layout_is_kept_and_checked(tmp_path):
    path = tmp_path / "store"
    ShardedStore(path, 2).close()
    reopened = open_store("oxigraph", str(path))
    assert isinstance(reopened, ShardedStore) and len(reopened.shards) == 2
    reopened.close()
    # a shard count from the settings (a file, the environment) shapes new stores only
    reopened = open_store("oxigraph", str(path), Settings(store_shards=3))
    assert isinstance(reopened, ShardedStore) and len(reopened.shards) == 2
    reopened.close()
    single = tmp_path / "single"
    OxigraphStore(single).close()
    reopened = open_store("oxigraph", str(single), Settings(store_shards=2))
    assert not reopened.sharded
    reopened.close()
    with pytest.raises(StoreError, match="not an empty directory"):
        ShardedStore(single, 2)
    (path / "policygraph-shards.json").write_text("{not json")
    with pytest.raises(StoreError, match="unreadable"):
        open_store("oxigraph", str(path))


def test_cli_builds_and_queries_a_sharded_store_and_serve_refuses_it(tmp_path, capsys):
    from policygraph.cli import main

    store_dir = tmp_path / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store_dir), "--store-shards", "2", "-q"]) == 0
    assert (store_dir / "policygraph-shards.json").is_file()
    capsys.readouterr()
    assert main(["query", "sharing", "--param", "recipient=affiliate", "--param", "purpose=marketing",
                 "--store", str(store_dir), "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert "000_473cca7521ebc7d6" in out.out
    assert main(["serve", "--store", str(store_dir)]) != 0
    assert "sharded store" in capsys.readouterr().err
    assert main(["build", str(EXAMPLES), "--store", str(store_dir), "--store-shards", "3", "-q"]) != 0
    assert "has 2 shards, not 3" in capsys.readouterr().err
    single = tmp_path / "single"
    assert main(["build", str(EXAMPLES), "--store", str(single), "-q"]) == 0
    assert main(["build", str(EXAMPLES), "--store", str(single), "--store-shards", "2", "-q"]) != 0
    assert "has 1 shard, not 2" in capsys.readouterr().err
    assert main(["build", str(EXAMPLES), "--memory", "--store-shards", "2", "-q"]) != 0
    assert "applies to an embedded store directory" in capsys.readouterr().err


def test_cli_notes_that_ad_hoc_sparql_runs_per_shard(tmp_path, capsys):
    from policygraph.cli import main

    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }")
    store_dir = tmp_path / "store"
    ShardedStore(store_dir, 2).close()
    assert main(["query", str(query), "--store", str(store_dir), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "within each shard" in captured.err
    assert captured.out.splitlines()[1:] == ["0", "0"]  # one count per shard
    assert main(["query", "policies", "--store", str(store_dir)]) == 0
    assert "within each shard" not in capsys.readouterr().err


class _FakeShard:
    """A shard that hands over given rows, after a step of its own (``before_row``)."""

    def __init__(self, keys, before_row=lambda: None, fail_after=None):
        self.keys, self.before_row, self.fail_after, self.read = keys, before_row, fail_after, 0

    def iter_keyed_rows(self, sparql):
        for number, key in enumerate(self.keys):
            if number == self.fail_after:
                raise StoreError("shard failed")
            self.before_row()
            self.read += 1
            yield key, {"x": key}


def _store_of(shards) -> ShardedStore:
    import threading

    store = ShardedStore.__new__(ShardedStore)
    store.shards, store._closed = shards, threading.Event()
    return store


def test_the_early_stop_counts_distinct_rows_when_shards_give_the_same_rows_in_step():
    """Two shards hand over the same rows in lockstep: a stop after 5 rows read would keep 3 distinct ones."""
    import threading

    barrier = threading.Barrier(2)

    def in_step():
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:  # the other shard has stopped
            pass

    shards = [_FakeShard([(k,) for k in range(10)], in_step) for _ in range(2)]
    rows = _store_of(shards)._select("SELECT", enough=5, distinct=True)
    assert [row["x"] for row in rows] == [(k,) for k in range(5)]


def test_a_failing_shard_stops_the_others():
    import time

    slow = _FakeShard([(k,) for k in range(5000)], lambda: time.sleep(0.001))
    store = _store_of([slow, _FakeShard([(k,) for k in range(10)], fail_after=1)])
    started = time.monotonic()
    with pytest.raises(StoreError, match="shard failed"):
        store._select("SELECT", enough=None, distinct=False)
    assert time.monotonic() - started < 2 and slow.read < 1000
