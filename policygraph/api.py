"""The Python API: open a store, build policies into it, and ask the catalogue's questions.

>>> with PolicyGraph.open() as pg:                       # doctest: +SKIP
...     pg.build(["examples/policies"])
...     for row in pg.companies_sharing(recipient="affiliate", purpose="marketing"):
...         print(row.company or row.policy_id, row.evidence)

Helpers return frozen dataclasses whose ontology values are local names ("Affiliate", "EmailAddress") and
which always carry the evidence sentence.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rdflib import XSD, Literal, URIRef

from policygraph.config import Settings
from policygraph.graph.build import BuildSummary
from policygraph.graph.stores import Store, open_store
from policygraph.queries import Rows, run_query
from policygraph.queries.format import plain

T = TypeVar("T")


@dataclass(frozen=True)
class SharingRow:
    policy_id: str
    company: str | None
    data: str | None
    recipient: str | None
    purpose: str | None
    condition: str | None
    evidence: str


@dataclass(frozen=True)
class CollectionRow:
    policy_id: str
    company: str | None
    data: str | None
    purpose: str | None
    condition: str | None
    evidence: str


@dataclass(frozen=True)
class ProfileRow:
    """One thing a policy says: a practice (kind = Collect, Share...) or a fact (kind = UserRight, ...)."""

    policy_id: str
    company: str | None
    kind: str
    value: str | None
    data: str | None
    recipient: str | None
    purpose: str | None
    condition: str | None
    negated: bool
    detail: str | None
    evidence: str


@dataclass(frozen=True)
class CompareRow:
    """One (kind, value) either policy states, with each policy's sentence (None when it does not say it)."""

    kind: str
    value: str
    a_policy_id: str
    a_company: str | None
    a_evidence: str | None
    b_policy_id: str
    b_company: str | None
    b_evidence: str | None

    @property
    def evidence(self) -> tuple[str, ...]:
        """The sentences of both sides that state this row (one or two)."""
        return tuple(e for e in (self.a_evidence, self.b_evidence) if e is not None)


@dataclass(frozen=True)
class ContradictionRow:
    policy_id: str
    company: str | None
    action: str
    data: str
    recipient: str | None
    purpose: str | None
    evidence: str
    denial_evidence: str


def typed_rows(cls: type[T], rows: Iterable[dict[str, Any]]) -> list[T]:
    """Query rows as dataclass instances: ontology IRIs -> local names, booleans and integers -> Python."""
    fields = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return [cls(**{name: _python(row.get(name)) for name in fields}) for row in rows]


def _python(value: Any) -> Any:
    if isinstance(value, Literal):
        if value.datatype == XSD.boolean:
            return str(value).lower() in ("true", "1")
        if value.datatype in (XSD.integer, XSD.int, XSD.long):
            return int(value)
        return str(value)
    if isinstance(value, URIRef):
        return plain(value)
    return value


class PolicyGraph:
    """A store of policy graphs with the query catalogue on top."""

    def __init__(self, store: Store, settings: Settings | None = None):
        self.store = store
        self.settings = settings or Settings()

    @classmethod
    def open(cls, path_or_url: str | Path | None = None, kind: str | None = None,
             settings: Settings | None = None) -> PolicyGraph:
        """Open a store: None -> in memory, an http(s) URL -> SPARQL endpoint, anything else -> an embedded
        Oxigraph directory (created when missing). ``kind`` (memory, oxigraph, sparql) overrides the guess."""
        settings = settings or Settings()
        location = None if path_or_url is None else str(path_or_url)
        if kind is None:
            if location is None:
                kind = "memory"
            elif location.lower().startswith(("http://", "https://")):
                kind = "sparql"
            else:
                kind = "oxigraph"
        store = open_store(kind, location, settings)
        graph = cls(store, settings)
        if kind != "sparql":
            graph._ensure_ontology()
        return graph

    def _ensure_ontology(self) -> None:
        from policygraph.queries.run import has_ontology

        if not has_ontology(self.store):
            self.store.load_ontology()

    # --- building ----------------------------------------------------------------------------------------

    def build(self, paths: Iterable[str | Path], prune: bool = False) -> BuildSummary:
        """Read, extract and store every policy under ``paths`` (in this process; see
        ``policygraph.scale.build_policies``); unreadable inputs are counted as failed."""
        from policygraph.extract import read_inputs
        from policygraph.scale import InProcessBackend, ScaleReport, build_policies

        report = ScaleReport()
        summary = build_policies(read_inputs([str(p) for p in paths], max_bytes=self.settings.max_bytes),
                                 self.store, InProcessBackend(), self.settings, prune=prune, report=report,
                                 quiet=True)
        summary.failed += len(report.failures)
        summary.failures.extend((failure.source, failure.reason) for failure in report.failures)
        return summary

    def export(self, fmt: str, policy_id: str | None = None) -> bytes:
        """All policy graphs (or one) serialised as ``turtle``, ``trig``, ``nquads`` or ``jsonld``."""
        out = io.BytesIO()
        self.store.export(fmt, out, policy_id)
        return out.getvalue()

    # --- querying ----------------------------------------------------------------------------------------

    def query(self, name_or_sparql: str | Path, /, *, limit: int | None = None, timeout: float | None = None,
              allow_update: bool = False, **params: Any) -> Rows:
        """Run a catalogue query, an ``.rq`` file or SPARQL text; ``params`` are the query's parameters."""
        return run_query(self.store, name_or_sparql, params, limit=limit,
                         timeout=self.settings.query_timeout if timeout is None else timeout,
                         allow_update=allow_update)

    def companies_sharing(self, data: str | None = None, recipient: str | None = None,
                          purpose: str | None = None) -> list[SharingRow]:
        """Who shares ``data`` with ``recipient`` for ``purpose`` (each optional, hierarchy-aware)."""
        return typed_rows(SharingRow, self.query("sharing", data=data, recipient=recipient, purpose=purpose))

    def collection(self, data: str | None = None, purpose: str | None = None) -> list[CollectionRow]:
        """Who collects ``data`` (for ``purpose``)."""
        return typed_rows(CollectionRow, self.query("collection", data=data, purpose=purpose))

    def profile(self, company: str) -> list[ProfileRow]:
        """Everything the policy of ``company`` (a company name part or a policy id) says."""
        return typed_rows(ProfileRow, self.query("profile", company=company))

    def compare(self, a: str, b: str) -> list[CompareRow]:
        """Two companies (names or policy ids) side by side."""
        return typed_rows(CompareRow, self.query("compare", a=a, b=b))

    def contradictions(self) -> list[ContradictionRow]:
        """Statements a policy also denies (same action, data, recipient and purpose)."""
        return typed_rows(ContradictionRow, self.query("contradictions"))

    # --- lifecycle ---------------------------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> PolicyGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
