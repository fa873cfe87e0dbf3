"""Helpers for the Virtuoso tests (a uniquely named module: ``from conftest import`` could find another one)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from policygraph.config import Settings
from policygraph.graph.stores import SparqlStore
from policygraph.graph.stores.virtuoso import VirtuosoServer, find_virtuoso
from policygraph.ontology.lexicon import FAMILY_ROOTS, get_lexicon
from policygraph.queries import catalogue, run_query

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"


def start_virtuoso(directory: Path, load_root: Path | None = None) -> VirtuosoServer:
    """A running Virtuoso with its database in ``directory``; ``load_root`` is where it may bulk-load from.
    Skips the test when ``virtuoso-t`` is not installed."""
    if find_virtuoso() is None:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    server = VirtuosoServer(directory, dirs_allowed=(load_root,) if load_root else ())
    return server.start()


# --- comparing catalogue answers ---

#: a question answers within this on the test corpora; Virtuoso hangs on some (see the KNOWN_DIFFERENCES tables)
TIMEOUT = 20.0


def variants(spec) -> list[str]:
    """The parameter sets a question is compared with: its defaults, a concept, a company, both."""
    concept = any(p.type == "concept" for p in spec.params)
    company = any(p.type == "policy" and not p.required for p in spec.params)
    return ["defaults", *(["concept"] if concept else []), *(["company"] if company else []),
            *(["concept+company"] if concept and company else [])]


def fingerprint(spec) -> str:
    """The first 12 hex digits of the SHA-256 of the question's ``.rq`` text."""
    return hashlib.sha256(spec.text.encode("utf-8")).hexdigest()[:12]


def cases(known: dict[str, tuple[str, dict[str, str]]]) -> list:
    """``(spec, variant)`` parameters for every catalogue question and variant; those in ``known`` (name ->
    (fingerprint, {variant: reason})) are strict expected failures while the question's text is unchanged."""
    out = []
    for spec in catalogue():
        sha, reasons = known.get(spec.name, ("", {}))
        for variant in variants(spec):
            marks = []
            if sha == fingerprint(spec) and variant in reasons:
                marks.append(pytest.mark.xfail(strict=True, reason=f"{spec.name} ({variant}): {reasons[variant]}"))
            out.append(pytest.param(spec, variant, id=f"{spec.name}-{variant}", marks=marks))
    return out


def canonical(term):
    """A term as compared. Virtuoso keeps xsd:boolean values as integers: a boolean that a query returns
    through DISTINCT, ORDER BY or an expression comes back as "0"/"1"^^xsd:integer (DATATYPE() still says
    xsd:boolean), so a boolean on either side is compared as the integer 0 or 1. Nothing else is changed."""
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return Literal(int(term.toPython()))
    return term


def as_multiset(rows) -> Counter:
    return Counter(tuple(sorted((column, canonical(value)) for column, value in row.items())) for row in rows)


def ask(store, spec, params):
    """A question run as ``policygraph query`` runs it (the CLI's row limit), within ``TIMEOUT``."""
    return run_query(store, spec.name, params, limit=Settings().result_limit, timeout=TIMEOUT)


class Comparison:
    """One corpus in an embedded store and in a Virtuoso: parameter values chosen from the embedded store's
    own answers (so a given parameter selects rows that exist), and the two answers compared."""

    def __init__(self, embedded, server):
        self.embedded = embedded
        # One attempt, within TIMEOUT: a retried request that Virtuoso never answers would hold one more of its
        # threads each time.
        self.virtuoso = SparqlStore(server.sparql_url, server.sparql_url, timeout=TIMEOUT, retries=1)
        self.policy_ids = sorted(embedded.policy_state())
        self._defaults: dict[str, list] = {}

    def default_rows(self, spec) -> list:
        """The question's rows on the embedded store with only its required parameters."""
        if spec.name not in self._defaults:
            self._defaults[spec.name] = ask(self.embedded, spec, self.required_values(spec))
        return self._defaults[spec.name]

    def required_values(self, spec) -> dict[str, str]:
        """Required parameters: policies in id order, a concept family's root, a string, a number."""
        values: dict[str, str] = {}
        policies = iter(self.policy_ids)
        for param in spec.params:
            if not param.required:
                continue
            if param.type == "policy":
                values[param.name] = next(policies)
            elif param.type == "concept":
                values[param.name] = str(FAMILY_ROOTS[param.family])
            else:
                values[param.name] = "1" if param.type == "integer" else "x"
        return values

    def parameters(self, spec, variant: str) -> dict[str, str]:
        params = self.required_values(spec)
        rows = self.default_rows(spec)
        if "concept" in variant:
            param = next(p for p in spec.params if p.type == "concept")
            params[param.name] = concept_value(param, rows)
        if "company" in variant:
            param = next(p for p in spec.params if p.type == "policy" and not p.required)
            params[param.name] = self.company_value(rows)
        return params

    def company_value(self, rows) -> str:
        """A company answered most often, lower-cased (the look-up ignores case); else the first stored one."""
        found = Counter(str(row[c]) for row in rows for c in row if c.endswith("company") and row[c] is not None)
        if found:
            return min(found, key=lambda c: (-found[c], c)).lower()
        names = self.embedded.query(
            "SELECT ?c WHERE { ?p <https://w3id.org/policygraph/ontology#company> ?c } ORDER BY ?c LIMIT 1")
        return str(names[0]["c"]).lower()

    def ask_embedded(self, spec, variant: str):
        """The question's rows on the embedded store with the variant's parameters."""
        return ask(self.embedded, spec, self.parameters(spec, variant))

    def check(self, spec, variant: str) -> None:
        """Assert the same columns and the same rows (as multisets, after ``canonical``) on both engines."""
        params = self.parameters(spec, variant)
        expected = ask(self.embedded, spec, params)
        answered = ask(self.virtuoso, spec, params)
        assert answered.columns == expected.columns
        want, got = as_multiset(expected), as_multiset(answered)
        assert got == want, (f"{spec.name} {params}: only on Oxigraph {list(want - got)[:2]}; "
                             f"only on Virtuoso {list(got - want)[:2]}")


def concept_value(param, rows) -> str:
    """The concept of ``param``'s family answered most often (its parent when that is not the family root, so
    that sub-classes are matched too); the family root when the answers hold none."""
    lexicon = get_lexicon()
    family = {term.iri: term for term in lexicon.family(param.family)}
    found = Counter(v for row in rows for v in row.values() if isinstance(v, URIRef) and v in family)
    if not found:
        return str(FAMILY_ROOTS[param.family])
    iri = min(found, key=lambda v: (-found[v], str(v)))
    parent = family[iri].parent
    if parent and lexicon.terms[parent].iri != FAMILY_ROOTS[param.family]:
        return str(lexicon.terms[parent].iri)
    return str(iri)


# --- why Virtuoso 7.2.5 answers some questions differently (diagnosed on the catalogue of 2026-12-07) ---

SP031 = ("Virtuoso rejects the query as bound with a concept: 'Virtuoso 37000 Error SP031: SPARQL compiler: "
         "Internal error: sparp_gp_deprecate(): equiv re-deprecation'")
MAX_OF_STRINGS = ("MAX over the sentences picks another one on Virtuoso (it ranks a string holding U+2018 above "
                  "'We do not ...'; its ORDER BY ranks them as Oxigraph does), and IF(MAX(?a_found) = \"\", ?none, "
                  "...) gives \"\" where Oxigraph leaves the evidence unbound (?none is never bound)")
