"""The catalogue: every .rq parses and has its header; queries run identically on every store; the answers."""

from __future__ import annotations

import gc
import json
import time

import pytest
from query_fixtures import SEED_000, built_store
from rdflib import URIRef
from rdflib.plugins.sparql import prepareQuery

from policygraph.errors import QueryError, UnknownConceptError
from policygraph.graph.stores import open_store
from policygraph.ontology.namespace import PG
from policygraph.queries import ORDER, bind, catalogue, format_rows, get_query, load_query, run_query
from policygraph.queries.format import per_statement

REQUIRED = set(ORDER)
#: parameters for queries that need them
PARAMS = {"profile": {"company": "Jespionne"}, "compare": {"a": "Jespionne", "b": "Konzen"}}
NO_EVIDENCE = {"policies"}  # rows describe policies, not statements


def test_catalogue_has_every_required_query_with_header():
    specs = {spec.name: spec for spec in catalogue()}
    assert REQUIRED <= set(specs)
    for spec in specs.values():
        assert spec.question, spec.name
        assert spec.text.lstrip().startswith("# name:"), spec.name
        assert "# question:" in spec.text and "# params:" in spec.text, spec.name


@pytest.mark.parametrize("spec", catalogue(), ids=lambda s: s.name)
def test_every_query_is_plain_sparql_as_written_and_bound(spec, memory_store):
    """Each file parses as written (rdflib and Oxigraph's parser), with no template comment left in it, and
    again with every parameter given."""
    import pyoxigraph

    prepareQuery(spec.text)
    pyoxigraph.Store().query(spec.text)  # parses and runs on an empty store
    assert "# @" not in spec.text, spec.name
    values = {p.name: {"concept": None, "policy": SEED_000, "string": "x", "integer": "1"}[p.type]
              for p in spec.params}
    for p in spec.params:
        if p.type == "concept":
            values[p.name] = p.family  # the family root's label is a valid concept
    values = {k: v for k, v in values.items() if v is not None}
    try:
        bound = bind(spec, values, memory_store)
    except UnknownConceptError:  # a family name that is not a label: bind with the root IRI instead
        from policygraph.ontology.lexicon import FAMILY_ROOTS
        values = {p.name: str(FAMILY_ROOTS[p.family]) if p.type == "concept" else values[p.name]
                  for p in spec.params}
        bound = bind(spec, values, memory_store)
    prepareQuery(bound)
    pyoxigraph.Store().query(bound)


def test_every_row_carries_policy_and_evidence(memory_store):
    for spec in catalogue():
        rows = run_query(memory_store, spec.name, PARAMS.get(spec.name))
        columns = set(rows.columns)
        if spec.name == "compare":
            assert {"a_policy_id", "a_company", "a_evidence", "b_policy_id", "b_evidence"} <= columns
        else:
            assert {"policy_id", "company"} <= columns, spec.name
            if spec.name not in NO_EVIDENCE:
                assert "evidence" in columns, spec.name
        if spec.name not in ("retention", "policies", "compare"):
            assert all(row["evidence"] is not None for row in rows), spec.name


def test_catalogue_identical_on_memory_and_embedded(memory_store, embedded_store):
    for spec in catalogue():
        params = PARAMS.get(spec.name)
        a = run_query(memory_store, spec.name, params)
        b = run_query(embedded_store, spec.name, params)
        assert a == b, spec.name
        assert a.columns == b.columns


@pytest.mark.server
def test_catalogue_identical_on_live_endpoint(oxigraph_server, example_extractions, memory_store):
    remote = built_store(example_extractions, "sparql", oxigraph_server + "query")
    try:
        for spec in catalogue():
            params = PARAMS.get(spec.name)
            expected = run_query(memory_store, spec.name, params)
            assert run_query(remote, spec.name, params) == expected, spec.name
        two = {"data": "personal data", "recipient": "affiliate"}
        expected = run_query(memory_store, "sharing", two)
        assert expected and run_query(remote, "sharing", two) == expected
    finally:
        remote.close()


def test_sharing_with_affiliates_for_marketing_finds_seed_000_only_where_said(memory_store):
    rows = run_query(memory_store, "sharing", {"recipient": "affiliate", "purpose": "marketing"})
    assert rows
    assert SEED_000 in {str(r["policy_id"]) for r in rows}
    for row in rows:
        assert row["evidence"] is not None
        assert row["recipient"] in {PG.Affiliate, PG.ParentCompany, PG.Subsidiary}
        assert row["purpose"] in {PG.Marketing, PG.DirectMarketing, PG.ThirdPartyMarketing}
    seed = [r for r in rows if str(r["policy_id"]) == SEED_000]
    assert any("related companies" in str(r["evidence"]) or "affiliate" in str(r["evidence"]).lower()
               for r in seed)
    # every other policy is absent because none of its sharing statements names an affiliate + marketing
    everything = run_query(memory_store, "sharing")
    said = {str(r["policy_id"]) for r in everything
            if r["recipient"] in {PG.Affiliate, PG.ParentCompany, PG.Subsidiary}
            and r["purpose"] in {PG.Marketing, PG.DirectMarketing, PG.ThirdPartyMarketing}}
    assert {str(r["policy_id"]) for r in rows} == said


def _by_statement(rows, column):
    found: dict = {}
    for row in rows:
        found.setdefault(row["statement"], set()).add(row[column])
    return found


def test_sharing_is_hierarchy_aware(memory_store):
    """A concept selects the statements stating it or one of its sub-classes; a row shows all its statement says."""
    account = {PG.AccountData, PG.Username, PG.UserIdentifier, PG.Password}
    selected = _by_statement(run_query(memory_store, "sharing", {"data": "account data"}), "data")
    assert selected and all(data & account for data in selected.values())
    assert set().union(*selected.values()) & {PG.Username, PG.UserIdentifier}
    everything = _by_statement(run_query(memory_store, "sharing"), "data")
    assert set(selected) == {s for s, data in everything.items() if data & account}
    username = _by_statement(run_query(memory_store, "sharing", {"data": "username"}), "data")
    assert username and all(PG.Username in data for data in username.values())
    affiliates = run_query(memory_store, "sharing", {"recipient": "affiliate"})
    assert {PG.ParentCompany, PG.Subsidiary} <= {r["recipient"] for r in affiliates}


def test_parameters_accept_labels_altlabels_curies_iris_case_insensitively(memory_store):
    expected = run_query(memory_store, "sharing", {"recipient": "affiliate"})
    for value in ("Affiliate", "AFFILIATE", "pg:Affiliate", str(PG.Affiliate), URIRef(str(PG.Affiliate))):
        assert run_query(memory_store, "sharing", {"recipient": value}) == expected


def test_unset_parameter_does_not_constrain(memory_store):
    everything = run_query(memory_store, "sharing")
    assert run_query(memory_store, "sharing", {"data": None, "recipient": "", "purpose": None}) == everything
    # rows without a recipient are kept when no recipient is asked for
    assert any(r["recipient"] is None for r in everything)


def test_unknown_concept_lists_closest(memory_store):
    with pytest.raises(UnknownConceptError) as info:
        run_query(memory_store, "sharing", {"recipient": "afiliate"})
    assert "Affiliate" in info.value.suggestions or "affiliate" in info.value.suggestions


def test_unknown_query_and_parameter_errors(memory_store):
    with pytest.raises(QueryError, match="did you mean sharing"):
        get_query("shareing")
    with pytest.raises(QueryError, match="no parameter 'colour'"):
        run_query(memory_store, "sharing", {"colour": "red"})
    with pytest.raises(QueryError, match="needs parameter 'company'"):
        run_query(memory_store, "profile")


def test_a_path_to_any_rq_file_works(memory_store, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# name: mine\n# question: ids\n# params: company:string=\n"
                    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                    "SELECT ?policy_id WHERE { ?p dcterms:identifier ?policy_id .\n"
                    "  FILTER(!BOUND(?want_company) || ?policy_id = ?want_company) } ORDER BY ?policy_id\n")
    rows = run_query(memory_store, str(path))
    assert len(rows) == 5
    assert [str(r["policy_id"]) for r in run_query(memory_store, path, {"company": SEED_000})] == [SEED_000]
    assert load_query(str(path)).name == "mine"


def test_limit_and_raw_sparql(memory_store):
    rows = run_query(memory_store, "sharing", limit=3)
    assert len(rows) == 3
    assert len(run_query(memory_store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", limit=2)) == 2
    ask = run_query(memory_store, "ASK { ?s ?p ?o }")
    assert ask.columns == ("result",) and ask[0]["result"].toPython() is True


def test_unknown_company_fails_with_the_closest_names(memory_store):
    with pytest.raises(QueryError, match="no policy has the id 'no such company'"):
        run_query(memory_store, "sharing", {"company": "no such company"})
    with pytest.raises(QueryError, match=f"closest: {SEED_000}"):
        run_query(memory_store, "profile", {"company": SEED_000[:-1] + "x"})
    with pytest.raises(QueryError, match="parameter 'b'"):
        run_query(memory_store, "compare", {"a": SEED_000, "b": "Nobody Inc"})


def test_empty_result_keeps_columns(memory_store):
    rows = run_query(memory_store, "sharing", {"company": SEED_000, "purpose": "pg:SurveysAndContests"})
    assert rows == [] and rows.columns[0] == "policy_id" and rows.columns[-1] == "evidence"
    header = "policy_id,company,statement,data,recipient,purpose,stated_purpose,condition,evidence"
    assert format_rows(rows, "csv").splitlines() == [header]


def test_formats(memory_store):
    rows = run_query(memory_store, "sharing", {"recipient": "affiliate", "purpose": "marketing"})
    table = format_rows(rows, "table")
    assert "affiliate" in table and "Affiliate" not in table, "terms by their labels"
    assert "affiliate" in format_rows(rows, "csv").splitlines()[1].split(",")
    markdown = format_rows(rows, "markdown")
    assert markdown.startswith("| policy_id | company |") and "| affiliate |" in markdown
    data = json.loads(format_rows(rows, "json"))
    assert isinstance(data, list) and data[0]["recipient"] == str(PG.Affiliate)
    assert data[0]["recipient_label"] == "affiliate" and data[0]["purpose_label"] == "marketing by others"
    assert all(isinstance(v, str) or v is None for row in data for v in row.values())


def test_one_row_per_statement(memory_store):
    rows = run_query(memory_store, "sharing", {"company": SEED_000})
    merged, columns = per_statement(rows)
    assert columns[0] == "statement" and len(merged) == len({r["statement"] for r in rows}) < len(rows)
    parents = next(r for r in merged if "parent company" in (r["recipient"] or ""))
    assert set(parents["recipient"].split("; ")) == {"affiliate", "parent company", "subsidiary"}
    assert per_statement(run_query(memory_store, "rights", {"company": SEED_000}))[1][0] == "policy_id"
    with pytest.raises(Exception, match="valid: csv, json, markdown, table"):
        format_rows(rows, "xml")


def test_ontology_graph_required(example_extractions):
    from policygraph.errors import StoreError
    from policygraph.graph.build import build
    from policygraph.ontology import ONTOLOGY_GRAPH

    store = open_store("memory")
    build(example_extractions[:1], store)
    store.drop_graph(ONTOLOGY_GRAPH)
    assert run_query(store, "sharing")  # sub-classes are matched in the policy's own graph (pg:actionIn ...)
    own = ("PREFIX pgo: <https://w3id.org/policygraph/ontology/>\n"
           "SELECT ?c WHERE { GRAPH pgo:graph { ?c ?p ?o } }")
    with pytest.raises(StoreError, match="no ontology graph"):
        run_query(store, own)


@pytest.mark.server
def test_every_file_runs_unchanged_on_a_live_server(oxigraph_server, example_extractions, memory_store):
    """The .rq file as a user copies it (comments and all, no parameters) sent to a live ``oxigraph serve``
    gives the rows ``run_query`` gives without parameters."""
    import urllib.parse
    import urllib.request

    remote = built_store(example_extractions, "sparql", oxigraph_server + "query")
    remote.close()
    for spec in catalogue():
        if any(p.required for p in spec.params):
            continue
        request = urllib.request.Request(oxigraph_server + "query", data=urllib.parse.urlencode(
            {"query": spec.text}).encode(), headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        expected = run_query(memory_store, spec.name)
        assert len(answer["results"]["bindings"]) == len(expected), spec.name
        # changes reads policy versions, which the examples' store does not hold (tests/versions asks it)
        assert expected or spec.name in ("contradictions", "business-transfer", "changes"), spec.name


@pytest.mark.parametrize("name, params, column, allowed", [
    ("children", {"audience": "pg:Children"}, "audience", {PG.Children}),
    ("rights", {"right": "pg:RightToDelete"}, "right", {PG.RightToDelete}),
    ("sharing", {"recipient": "affiliate"}, "recipient", {PG.Affiliate, PG.ParentCompany, PG.Subsidiary}),
    ("law-enforcement", {"data": "personal information"}, "data", None),
])
def test_a_parameter_only_narrows_the_answer(memory_store, name, params, column, allowed):
    """A query started from its parameter gives exactly the unparameterised rows it selects: the rows of the
    statements (or facts) stating the concept or a sub-class of it."""
    narrowed = run_query(memory_store, name, params)
    everything = run_query(memory_store, name)
    assert narrowed and all(row in everything for row in narrowed)
    if allowed is not None:
        key = "statement" if "statement" in everything.columns else None
        chosen = {row[key] for row in everything if row[column] in allowed} if key else None
        assert narrowed == [row for row in everything
                            if (row[key] in chosen if key else row[column] in allowed)]


class _RecordingStore:
    """A store whose query records whether the cycle collector ran, and can fail or be slow."""

    def __init__(self, inner, fail=False, sleep=0.0):
        self.inner, self.fail, self.sleep, self.collector_on = inner, fail, sleep, []

    def query(self, text):
        self.collector_on.append(gc.isenabled())
        time.sleep(self.sleep)
        if self.fail:
            raise QueryError("failed on purpose")
        return self.inner.query(text)

    def query_bounded(self, text, timeout):
        if self.sleep > timeout:
            self.collector_on.append(gc.isenabled())
            raise QueryError("query timed out and was stopped")
        return self.query(text)


def test_the_cycle_collector_is_paused_only_while_a_query_runs(memory_store):
    recording = _RecordingStore(memory_store)
    assert run_query(recording, "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert recording.collector_on == [False] and gc.isenabled()
    with pytest.raises(QueryError, match="on purpose"):
        run_query(_RecordingStore(memory_store, fail=True), "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
    assert gc.isenabled()
    with pytest.raises(QueryError, match="timed out"):
        run_query(_RecordingStore(memory_store, sleep=0.5), "SELECT ?s WHERE { ?s ?p ?o }", limit=5, timeout=0.05)
    assert gc.isenabled()
    gc.disable()
    try:
        run_query(memory_store, "SELECT ?s WHERE { ?s ?p ?o }", limit=5)
        assert not gc.isenabled()  # a caller that turned the collector off keeps it off
    finally:
        gc.enable()


def test_retention_gives_a_policy_without_a_period_one_empty_row(memory_store, embedded_store):
    """A policy that states no period has one row, without period, detail or sentence (the sentence and detail
    are read after the periods are joined to the policies, from a node that is never unbound); a policy that
    states periods has a row per period, each with its sentence."""
    for store in (memory_store, embedded_store):
        rows = run_query(store, "retention")
        by_policy: dict[str, list] = {}
        for row in rows:
            by_policy.setdefault(str(row["policy_id"]), []).append(row)
        stating = {policy for policy, found in by_policy.items() if any(r["period"] for r in found)}
        assert stating and len(stating) < len(by_policy) == 5
        for policy, found in by_policy.items():
            if policy in stating:
                assert all(r["period"] is not None and r["evidence"] for r in found)
            else:
                assert [(r["period"], r["detail"], r["evidence"]) for r in found] == [(None, None, None)]


def test_law_enforcement_rows_are_disclosures_to_authorities_not_every_legal_end(extractor):
    """A disclosure to service providers to enforce the terms serves a legal claim, which no authority receives;
    one to comply with the law, or to the police, is a law-enforcement row."""
    from policygraph.extract.reader import document_from_text

    text = ("We may share your e-mail address with our service providers to enforce our terms.\n\n"
            "We may disclose your e-mail address to comply with applicable law.\n\n"
            "We may share your phone number with the police.\n")
    store = built_store([extractor.extract(document_from_text(text, "acme"))])
    evidence = {row["evidence"] for row in run_query(store, "law-enforcement")}
    assert not any("enforce our terms" in e for e in evidence)
    assert any("comply with applicable law" in e for e in evidence) and any("police" in e for e in evidence)


def test_a_legal_disclosure_to_a_party_of_another_kind_is_no_law_enforcement_row(extractor):
    """Sharing with affiliates or providers "to comply with the law" discloses nothing to the authorities; a
    disclosure the law requires, to no other party named, does."""
    from policygraph.extract.reader import document_from_text

    text = ("We share your e-mail address with our affiliates to comply with applicable laws.\n\n"
            "We may disclose your e-mail address when required by law.\n")
    store = built_store([extractor.extract(document_from_text(text, "acme"))])
    evidence = {row["evidence"] for row in run_query(store, "law-enforcement")}
    assert not any("affiliates" in e for e in evidence)
    assert any("required by law" in e for e in evidence)
