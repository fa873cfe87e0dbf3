"""Running a query on a store: parameters bound, read-only unless allowed, a row limit that spares the engine a
sort of every match (``policygraph.queries.order``), and a timeout."""

from __future__ import annotations

import gc
import re
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from policygraph.errors import QueryError, StoreError
from policygraph.ontology import ONTOLOGY_GRAPH, ONTOLOGY_IRI
from policygraph.queries.catalogue import QuerySpec, bind_query, load_query
from policygraph.queries.order import sort_rows, split_order_by
from policygraph.sparql import (
    UPDATE_KEYWORDS,
    blanked,
    projection,
    query_form,
    refuse_outbound,
    solution_modifiers,
    strip_comments,
)
from policygraph.versions.scope import question_graphs


class Rows(list):
    """Query result rows (dicts of rdflib terms, None when unbound) that remember their column names."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), columns: Iterable[str] = ()):
        super().__init__(rows)
        self.columns: tuple[str, ...] = tuple(columns) or (tuple(self[0]) if self else ())
        #: True when a row limit cut the answer (more rows matched than were returned)
        self.truncated = False


_ONTOLOGY_READY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_ONTOLOGY_ASK = (f"ASK {{ GRAPH {ONTOLOGY_GRAPH.n3()} "
                 f"{{ {ONTOLOGY_IRI.n3()} a <http://www.w3.org/2002/07/owl#Ontology> }} }}")


def has_ontology(store: Any) -> bool:
    """Whether the store holds the ontology graph (hierarchy-aware queries need it); True is cached."""
    try:
        if _ONTOLOGY_READY.get(store):
            return True
    except TypeError:
        pass
    present = bool(store.query(_ONTOLOGY_ASK))
    if present:
        try:
            _ONTOLOGY_READY[store] = True
        except TypeError:
            pass
    return present


def run_query(store: Any, query: str | Path | QuerySpec, params: Mapping[str, Any] | None = None,
              limit: int | None = None, timeout: float | None = None, allow_update: bool = False,
              allow_service: bool = False, as_of: datetime | None = None) -> Rows:
    """Run a catalogue query (by name), an ``.rq`` file (by path) or SPARQL text on ``store``.

    ``params`` are bound as RDF terms (see ``bind``). SELECT gives rows of rdflib terms; ASK one row
    ``{"result": Literal(bool)}``; CONSTRUCT/DESCRIBE rows of ``subject``, ``predicate``, ``object``. SPARQL
    Update is refused with ``QueryError`` unless ``allow_update`` (then it runs and gives no rows); so is a
    federated query (``SERVICE``, or an update's ``LOAD``: requests to other servers) unless ``allow_service``.
    ``limit`` caps the rows (applied in the query; a query ending in a plain ``ORDER BY`` is then sorted
    here, see ``policygraph.queries.order``, and ``Rows.truncated`` tells whether more rows matched);
    ``timeout`` (seconds) stops the query with ``QueryError`` when exceeded (see ``_query``); an update runs
    to its end. In a store holding policy versions a query reads the current versions, or with ``as_of`` the
    versions in force then (see ``policygraph.versions.scope``); SPARQL text given as such reads what it names,
    unless ``as_of`` is given.
    """
    started = time.monotonic()
    spec = load_query(query)
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be >= 0, got {limit}")
    if params and not spec.params:
        raise QueryError(f"query {spec.name!r} declares no parameters (add a '# params:' header); "
                         f"got {', '.join(params)}")
    bound = bind_query(spec, params, store)  # a company look-up: one small query whatever the store's size
    text, graphs = bound.text, bound.graphs
    if not allow_service:
        refuse_outbound(text, spec.name, "--allow-service, allow_service=True")
    form = query_form(text)
    if form is None:
        raise QueryError(f"query {spec.name!r} is not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if form in UPDATE_KEYWORDS:
        if not allow_update:
            raise QueryError(f"query {spec.name!r} is a SPARQL update ({form}); queries are read-only "
                             "(pass allow_update=True to run updates)")
        store.update(text)  # one transaction, run to its end: stopping a write halfway is no option
        return Rows([], ())
    if as_of is not None or spec.source != "<query>":  # SPARQL text given as such reads what it names
        graphs = question_graphs(store, graphs, as_of)
    # Comments carry no meaning, and SPARQLWrapper guesses the query form from text that can still contain
    # comment lines ("addresses" -> ADD), so they are removed before the query leaves this module.
    text = strip_comments(text)
    if _reads_ontology(text):
        if not has_ontology(store):
            raise StoreError("the store has no ontology graph, which hierarchy-aware queries need; build "
                             "into it with policygraph (PolicyGraph.build) or call Store.load_ontology()")
    if limit is not None and form == "SELECT":
        # One row more than asked tells whether the limit cut the answer. A query ending in a plain ORDER BY
        # streams its rows unsorted and is sorted here (see policygraph.queries.order).
        body, order_by = _sortable_here(text) or (text, ())
        with _cyclic_gc_paused():
            result = _query(store, _with_limit(body, int(limit) + 1), _remaining(timeout, started), graphs)
            rows = Rows(sort_rows(result, order_by)[:limit] if order_by else result[:limit],
                        tuple(result[0]) if result else projection(text))
        rows.truncated = len(result) > limit
        return rows
    if limit is not None:
        text = _with_limit(text, int(limit))
    with _cyclic_gc_paused():
        result = _query(store, text, _remaining(timeout, started), graphs)
    if isinstance(result, bool):
        return Rows([{"result": Literal(result)}], ("result",))
    if isinstance(result, Graph):
        triples = sorted(result, key=lambda t: tuple(x.n3() for x in t))
        return Rows([{"subject": s, "predicate": p, "object": o} for s, p, o in triples],
                    ("subject", "predicate", "object"))
    columns = tuple(result[0]) if result else projection(text)
    return Rows(result, columns)


def _reads_ontology(text: str) -> bool:
    """Whether the query reads the ontology graph: by name, or through the class hierarchy it holds (the
    catalogue does not: its questions match sub-classes through the ``pg:...In`` properties of each policy's
    own graph)."""
    return any(marker in text for marker in ("pgo:graph", str(ONTOLOGY_GRAPH), "subClassOf"))


_GC_PAUSE_LOCK = threading.Lock()
_gc_pause = {"depth": 0, "was_enabled": False}


@contextmanager
def _cyclic_gc_paused():
    """Python's cycle collector paused while a query runs and its result is read and sorted.

    Reading 10,000 rows makes about 100,000 objects (row dicts, terms, sort keys), none of them in a reference
    cycle, and the collector, started by allocation counts, walks the growing heap again and again while they
    are made: about 40 ms of a 0.6-0.7 s answer at 100,000 policies, a third to a half of what the helper layer
    cost there (benchmarks/RESULTS.md). Objects without cycles are freed by reference counting whether the
    collector runs or not. Pauses may overlap (queries in several threads): the first one remembers whether the
    collector was on, the last one to end restores that, so a caller that turned it off keeps it off."""
    with _GC_PAUSE_LOCK:
        if _gc_pause["depth"] == 0:
            _gc_pause["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_pause["depth"] += 1
    try:
        yield
    finally:
        with _GC_PAUSE_LOCK:
            _gc_pause["depth"] -= 1
            if _gc_pause["depth"] == 0 and _gc_pause["was_enabled"]:
                gc.enable()


def _sortable_here(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``split_order_by`` when every ordering variable is a result column (or the query is ``SELECT *``):
    a query ordered by a variable it does not return can only be ordered by the engine."""
    split = split_order_by(text)
    if split is None:
        return None
    columns = projection(text)
    return split if not columns or set(split[1]) <= set(columns) else None


def _remaining(timeout: float | None, started: float) -> float | None:
    """What is left of ``timeout`` seconds since ``started`` (at least a millisecond, so it still expires)."""
    return None if timeout is None else max(0.001, timeout - (time.monotonic() - started))


_FINAL_LIMIT = re.compile(r"(?i)\bLIMIT\s+(\d+)(\s+OFFSET\s+\d+)?\s*$")
_FINAL_OFFSET = re.compile(r"(?i)\bOFFSET\s+\d+\s*$")


def _with_limit(text: str, limit: int) -> str:
    syntax = blanked(text)
    start, end = solution_modifiers(text)
    match = _FINAL_LIMIT.search(syntax, start, end)
    if match:
        current = int(match.group(1))
        return text[:match.start(1)] + str(min(current, limit)) + text[match.end(1):]
    match = _FINAL_OFFSET.search(syntax, start, end)
    return text[:end].rstrip() + ("\n" if not match else " ") + f"LIMIT {limit}\n" + text[end:]


def _query(store: Any, text: str, timeout: float | None, graphs: tuple = ()) -> Any:
    """``store.query(text)``, on the default graph made of ``graphs`` when there are any (else the union of all
    graphs); with a ``timeout``, ``store.query_bounded``, which stops the query when it passes (an embedded
    store evaluates it in a child process that is killed then and bounded in memory; an endpoint's request is
    closed)."""
    scope = {"default_graphs": graphs} if graphs else {}
    if timeout is None:
        return store.query(text, **scope)
    return store.query_bounded(text, timeout, **scope)
