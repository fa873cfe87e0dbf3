"""Versions in a real store: dated named graphs, links between them, and questions of today or of a date."""

from __future__ import annotations

import pytest
from policies import CHANGED, ORIGINAL, REWORDED, write_history

from policygraph.config import Settings
from policygraph.errors import QueryError
from policygraph.graph.stores import open_store
from policygraph.queries import run_query
from policygraph.versions.build import build_versions
from policygraph.versions.cache import VersionCache
from policygraph.versions.graph import write_versions
from policygraph.versions.history import moment
from policygraph.versions.sources import read_versions

STAMPS = ("2024-01-10T09-00-00+00-00", "2024-03-01T09-00-00+00-00", "2024-05-01T09-00-00+00-00")
LINKS = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?version ?from ?until ?previous WHERE {
  ?version dcterms:isVersionOf ?policy ; prov:generatedAtTime ?from .
  OPTIONAL { ?version prov:invalidatedAtTime ?until } OPTIONAL { ?version prov:wasRevisionOf ?previous }
} ORDER BY ?from
"""


@pytest.fixture
def versioned(tmp_path):
    """An embedded store holding three versions of one policy (the second a refetch of the first's text)."""
    folder = write_history(tmp_path, dict(zip(STAMPS, (ORIGINAL, ORIGINAL, CHANGED), strict=True)))
    cache = VersionCache(tmp_path / "versions")
    built = build_versions(read_versions([folder]), cache)
    store = open_store("oxigraph", str(tmp_path / "store"))
    summary = write_versions(store, cache, sorted(built), Settings())
    yield store, cache, folder, summary
    store.close()


def _data(rows):
    return {str(row["data"]).rsplit("#", 1)[-1] for row in rows}


def test_each_distinct_version_is_a_dated_graph_linked_to_the_one_before(versioned):
    store, _, _, summary = versioned
    assert (summary.written, summary.unchanged) == (2, 0)  # a refetch of the same text is not a new version
    rows = store.query(LINKS)
    assert [(str(r["from"])[:10], r["until"] and str(r["until"])[:10]) for r in rows] == [
        ("2024-01-10", "2024-05-01"), ("2024-05-01", None)]
    assert rows[0]["previous"] is None and rows[1]["previous"] == rows[0]["version"]
    assert set(store.policy_state()) == {"Lumen"}  # the store's list of policies names the current graph only


def test_questions_read_the_current_versions_unless_asked_about_a_date(versioned):
    store, *_ = versioned
    assert "PreciseLocation" in _data(run_query(store, "collection"))
    assert len(run_query(store, "policies")) == 1
    past = run_query(store, "collection", as_of=moment("--as-of", "2024-02-01"))
    assert "PreciseLocation" not in _data(past) and "EmailAddress" in _data(past)
    named = run_query(store, "collection", {"company": "Lumen"}, as_of=moment("--as-of", "2024-02-01"))
    assert _data(named) == _data(past)
    with pytest.raises(QueryError, match="no policy version was in force"):
        run_query(store, "collection", as_of=moment("--as-of", "2023-12-31"))


def test_a_new_version_writes_one_graph_and_moves_the_current_one(versioned, tmp_path):
    store, cache, folder, _ = versioned
    (folder / "2024-07-01.txt").write_text(REWORDED)
    built = build_versions(read_versions([folder]), cache)
    summary = write_versions(store, cache, sorted(built), Settings())
    assert (summary.written, summary.unchanged) == (1, 2)
    assert "PreciseLocation" not in _data(run_query(store, "collection"))
    assert "PreciseLocation" in _data(run_query(store, "collection", as_of=moment("--as-of", "2024-06-01")))


def test_as_of_on_a_store_without_versions_is_refused(tmp_path):
    store = open_store("memory")
    store.load_ontology()
    with pytest.raises(QueryError, match="holds none"):
        run_query(store, "collection", as_of=moment("--as-of", "2024-01-01"))


def test_the_changes_question_compares_each_version_with_the_one_before(versioned):
    store, cache, folder, _ = versioned
    (folder / "2024-07-01.txt").write_text(REWORDED)  # the original's practices in other words
    write_versions(store, cache, sorted(build_versions(read_versions([folder]), cache)), Settings())
    rows = run_query(store, "changes")
    found = {(str(r["date"])[:10], str(r["change"]), str(r["data"]).rsplit("#", 1)[-1], str(r["negated"]))
             for r in rows}
    assert ("2024-05-01", "added", "PreciseLocation", "false") in found
    assert ("2024-05-01", "dropped", "PersonalData", "true") in found  # the denial of selling
    assert ("2024-07-01", "dropped", "PreciseLocation", "false") in found
    assert not any(date == "2024-07-01" and data == "EmailAddress" for date, _, data, _ in found)
    assert all(r["evidence"] is not None and str(r["policy_id"]) == "Lumen" for r in rows)


def test_the_explorer_pages_read_the_current_versions(versioned):
    from policygraph.explorer import company, overview

    store, *_ = versioned
    assert overview.summary(store, 30).policies == 1
    rows = overview.heatmap(store, 30)
    assert len(rows) == 1
    cells = dict(zip((c.key for c in overview.columns()), rows[0].cells, strict=True))
    assert cells["Sell.PersonalData"] == "none"  # the denial of selling was the older version's
    policy = company.find_policy(store, "Lumen", 30)
    assert "90 days" in " ".join(item.evidence for item in company.items(store, policy, 30))


def test_removing_or_exporting_a_policy_takes_its_versions(versioned):
    import io

    store, *_ = versioned
    out = io.BytesIO()
    store.export("nquads", out, policy_id="Lumen")
    quads = out.getvalue().decode()
    assert "/policy/Lumen/version/2024-01-10T09:00:00Z/graph>" in quads and "/policy/Lumen/versions>" in quads
    assert store.remove_policy("Lumen") == 4  # the current graph, two version graphs and the links
    assert not store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/policy/')) }")


def test_a_version_whose_graph_cannot_be_made_is_reported_and_the_others_written(tmp_path):
    """A kept extraction naming a data category the ontology lacks (as one made by another release could)."""
    import json

    folder = write_history(tmp_path, dict(zip(STAMPS, (ORIGINAL, REWORDED, CHANGED), strict=True)))
    cache = VersionCache(tmp_path / "versions")
    built = build_versions(read_versions([folder]), cache)
    middle = cache.versions("Lumen")[1]
    kept = next((tmp_path / "versions" / "extractions").rglob(f"{middle.sha256}.json"))
    record = json.loads(kept.read_text())
    record["statements"][0]["data_categories"] = ["NoSuchCategory"]
    kept.write_text(json.dumps(record))
    store = open_store("memory")
    summary = write_versions(store, cache, sorted(built), Settings())
    assert (summary.written, len(summary.failures)) == (2, 1)
    assert summary.failures[0][0] == "Lumen at 2024-03-01T09:00:00Z" and "NoSuchCategory" in summary.failures[0][1]
    rows = store.query(LINKS)
    assert [str(r["from"])[:10] for r in rows] == ["2024-01-10", "2024-05-01"]
    assert rows[1]["previous"] == rows[0]["version"]
    assert "PreciseLocation" in _data(run_query(store, "collection"))
