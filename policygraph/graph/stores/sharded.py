"""A store split by policy into several embedded Oxigraph stores ("shards"), queried in parallel.

One Oxigraph store answers a question with one thread: at 100,000 policies a catalogue question that reads
10,000 rows spends about 1 s in look-ups (7-14 us each) and term decoding, and no query rewrite divides that
work. pyoxigraph releases the GIL while it evaluates, so N stores holding a disjoint N-th of the policies each,
asked in N threads, answer in about 1/N of the time on N cores (benchmarks/RESULTS.md).

Layout: a directory with ``policygraph-shards.json`` (``{"shards": N}``) and one Oxigraph store per shard in
``shard-0`` ... ``shard-<N-1>``. Each policy graph lives in one shard, chosen by a hash of its graph IRI, so a
policy always goes back to the same shard when it is replaced or removed. The ontology graph is in every
shard, since hierarchy-aware queries read it.

A query runs on every shard and the answers are combined (``query``): rows concatenated, deduplicated for
``SELECT DISTINCT``/``REDUCED``, ordered by a final plain ``ORDER BY ?a ?b ...`` of returned variables and
cut by a final ``LIMIT``; ``ASK`` is true when any shard says so; graphs are merged (a ``LIMIT`` counts per
shard there). That is the whole store's answer for every query whose solutions each come from one policy's
graph, as every catalogue question's do (``compare`` pairs two policies and runs on ``scoped``). A join
between two policies' graphs, or an aggregate over the corpus, is computed within each shard, and rows read
from the ontology graph alone come once per shard; ``policygraph query`` says so when it runs other SPARQL
here.

Each query runs in one daemon thread per shard, not in a pool: a query abandoned at its timeout keeps its
threads until the engine finishes, and neither later queries nor ``close`` wait for them (after ``close``
they stop at their next row).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from policygraph.errors import ConfigError, QueryError, StoreError
from policygraph.graph.stores.base import QueryResult, Store
from policygraph.graph.stores.embedded import OxigraphStore
from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.queries.catalogue import _syntax, projection, query_form, solution_modifiers
from policygraph.queries.order import sort_rows

LAYOUT_FILE = "policygraph-shards.json"
#: a question that sets policies side by side copies at most this many policy graphs into memory
COPY_LIMIT = 100

_SELECT = re.compile(r"(?is)\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?")
_ORDER_BY = re.compile(r"(?is)\bORDER\s+BY\b(.*?)(?=\bLIMIT\b|\bOFFSET\b|$)")
_PLAIN_ORDER = re.compile(r"(?:\s+[?$][A-Za-z_]\w*)+\s*")
_LIMIT = re.compile(r"(?i)\bLIMIT\s+(\d+)")
_OFFSET = re.compile(r"(?i)\bOFFSET\b")
_POLICY_HOLDERS = """SELECT ?g WHERE {
  VALUES ?policy { %s }
  GRAPH ?g { ?policy a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }
}"""


def is_sharded(path: str | Path) -> bool:
    """Whether ``path`` holds a sharded store."""
    return (Path(path) / LAYOUT_FILE).is_file()


class ShardedStore(Store):
    """Policy graphs spread over ``shards`` embedded Oxigraph stores under one directory (see the module
    docstring). ``shards`` is needed only to create the store; an existing one keeps its own count
    (``policygraph build --store-shards N`` checks that it is N)."""

    kind = "oxigraph"
    sharded = True

    def __init__(self, path: str | Path, shards: int | None = None):
        self.path = Path(path)
        count = _layout(self.path, shards)
        self.shards: list[OxigraphStore] = []
        try:
            for index in range(count):
                self.shards.append(OxigraphStore(self.path / f"shard-{index}"))
        except StoreError:
            for shard in self.shards:  # the ones opened before the failure (a lock held by another process)
                shard.close()
            raise
        self._closed = threading.Event()

    def shard_of(self, graph_iri: URIRef | str) -> OxigraphStore:
        """The shard that holds the named graph ``graph_iri`` (a stable hash of the IRI)."""
        digest = hashlib.blake2b(str(graph_iri).encode("utf-8"), digest_size=8).digest()
        return self.shards[int.from_bytes(digest, "big") % len(self.shards)]

    def put_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        for shard in self._holders(graph_iri):
            shard.put_graph(graph_iri, graph)

    def drop_graph(self, graph_iri: URIRef) -> None:
        for shard in self._holders(graph_iri):
            shard.drop_graph(graph_iri)

    def named_graph(self, graph_iri: URIRef) -> Graph:
        return self._holders(graph_iri)[0].named_graph(graph_iri)

    def query(self, sparql: str) -> QueryResult:
        """The query run on every shard in parallel, the answers combined as the module docstring says."""
        form = query_form(sparql)
        if form != "SELECT":
            results = self._on_every_shard(lambda shard: shard.query(sparql))
            if all(isinstance(result, bool) for result in results):
                return any(results)
            if all(isinstance(result, Graph) for result in results):
                merged = Graph()
                for result in results:
                    merged += result
                return merged
            raise QueryError(f"cannot combine the shards' answers to a {form or 'non-SPARQL'} request")
        order, limit = _final_modifiers(sparql)
        select = _SELECT.search(_syntax(sparql))  # the first SELECT is the outermost
        rows = self._select(sparql, None if order else limit, distinct=bool(select and select.group(1)))
        if len(self.shards) > 1:
            if order:
                rows = sort_rows(rows, order)
            if limit is not None:
                rows = rows[:limit]
        return rows

    def scoped(self, policies: Iterable[URIRef], together: bool, ontology: bool = True) -> Store:
        """The store to ask a question about ``policies``: the one shard that holds them all; else, for a
        question that reads them ``together`` (``compare`` sets two policies side by side), an in-memory copy
        of their graphs; else this store (each shard answers for its own policies). The copy has the ontology
        graph only when asked (``ontology``): reading its 2,900 triples from a shard takes 50 ms, ten times a
        ``compare``. More than ``COPY_LIMIT`` policy graphs are not copied: the question is refused."""
        values = " ".join(policy.n3() for policy in policies)
        if not values:
            return self.shards[0]
        found = self._on_every_shard(lambda shard: [row["g"] for row in shard.query(_POLICY_HOLDERS % values)])
        holders = [index for index, graphs in enumerate(found) if graphs]
        if len(holders) <= 1:
            return self.shards[holders[0] if holders else 0]
        if not together:
            return self
        sources = [(self.shards[i], g) for i in holders for g in found[i]]
        if len(sources) > COPY_LIMIT:
            raise QueryError(f"the policies named match {len(sources):,} policies in several shards; a sharded "
                             f"store sets at most {COPY_LIMIT} side by side: name them more precisely (by "
                             "policy id, say)")
        if ontology:
            sources.append((self.shards[0], ONTOLOGY_GRAPH))
        return copy_graphs(sources)

    def optimize(self) -> None:
        self._on_every_shard(lambda shard: shard.optimize())

    def close(self) -> None:
        self._closed.set()
        for shard in self.shards:
            shard.close()

    def _holders(self, graph_iri: URIRef | str) -> list[OxigraphStore]:
        return self.shards if str(graph_iri) == str(ONTOLOGY_GRAPH) else [self.shard_of(graph_iri)]

    def _on_every_shard(self, action: Callable[[OxigraphStore], Any],
                        stop: threading.Event | None = None) -> list[Any]:
        """``action`` on every shard at once: the first in this thread, each other one in a daemon thread of its
        own (a thread costs about 0.1 ms to start, a tenth of a company's ``profile``); the results in shard
        order (the first shard's error is raised). An error, or Ctrl-C in this thread, sets ``stop``, which
        the actions check, so that the other shards do not read their whole answer before it is raised."""
        outcomes: list[tuple[bool, Any]] = [(False, None)] * len(self.shards)

        def run(index: int) -> None:
            try:
                outcomes[index] = (True, action(self.shards[index]))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                outcomes[index] = (False, exc)
                if stop is not None:
                    stop.set()

        threads = [threading.Thread(target=run, args=(index,), name=f"policygraph-shard-{index}", daemon=True)
                   for index in range(1, len(self.shards))]
        for thread in threads:
            thread.start()
        run(0)
        for thread in threads:
            thread.join()
        for ok, value in outcomes:
            if not ok:
                raise value
        return [value for _, value in outcomes]

    def _select(self, sparql: str, enough: int | None, distinct: bool) -> list[dict[str, Any]]:
        """Every shard's rows as they arrive (each row once when ``distinct``). With ``enough``, the shards
        stop reading once that many (distinct) rows have arrived in all: a limited question without an order
        reads about ``enough / N`` rows per shard, not ``enough``, and takes about ``1/N`` of the time.
        Counting distinct rows matters: the same row can come from several shards (a concept, the ontology),
        and a count of rows read would stop before ``enough`` distinct ones."""
        if enough == 0:
            return []
        done = threading.Event()
        arrived: dict[Any, dict[str, Any]] = {}  # one dict operation per row: atomic under the GIL, no lock
        numbers = itertools.count()

        def read(shard: OxigraphStore) -> None:
            for key, row in shard.iter_keyed_rows(sparql):
                arrived.setdefault(key if distinct else next(numbers), row)
                if enough is not None and len(arrived) >= enough:
                    done.set()
                if done.is_set() or self._closed.is_set():
                    break

        self._on_every_shard(read, stop=done)
        return list(arrived.values())


def copy_graphs(sources: Iterable[tuple[OxigraphStore, URIRef]]) -> OxigraphStore:
    """An in-memory store holding the named graphs ``(store, graph IRI)``, copied quad by quad in pyoxigraph
    (no rdflib terms or text in between)."""
    copy = OxigraphStore(None)
    for store, graph_iri in sources:
        copy.store.extend(store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))))
    return copy


def _final_modifiers(sparql: str) -> tuple[tuple[str, ...], int | None]:
    """The variables of the query's final ``ORDER BY`` (empty without one) and its final ``LIMIT`` (None
    without one). An ``OFFSET`` or an ``ORDER BY`` on anything but plain variables cannot be applied to the
    combined rows, and is refused."""
    start, end = solution_modifiers(sparql)
    tail = _syntax(sparql)[start:end]
    if _OFFSET.search(tail):
        raise QueryError("a sharded store cannot apply OFFSET to its shards' combined rows; use ORDER BY "
                         "and LIMIT, or query an unsharded store")
    order: tuple[str, ...] = ()
    match = _ORDER_BY.search(tail)
    if match:
        if not _PLAIN_ORDER.fullmatch(match.group(1)):
            raise QueryError("a sharded store can order its shards' combined rows by plain variables only "
                             f"(ORDER BY ?a ?b); got ORDER BY {' '.join(match.group(1).split())}")
        order = tuple(name[1:] for name in match.group(1).split())
        columns = projection(sparql)
        if columns and not set(order) <= set(columns):
            raise QueryError("a sharded store orders its shards' combined rows by returned variables only; "
                             f"add {', '.join('?' + v for v in order if v not in columns)} to the SELECT clause")
    limit = _LIMIT.search(tail)
    return order, None if limit is None else int(limit.group(1))


def _layout(path: Path, shards: int | None) -> int:
    """The shard count of the store at ``path``, creating the layout file for a new store."""
    layout = path / LAYOUT_FILE
    if layout.is_file():
        try:
            count = int(json.loads(layout.read_text(encoding="utf-8"))["shards"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{layout} is unreadable ({exc}); it records the store's shard count") from None
        if count < 1:
            raise StoreError(f"{layout}: the shard count must be at least 1, got {count}")
        return count
    if shards is None or shards < 1:
        raise ConfigError(f"a new sharded store needs a shard count of at least 1, got {shards}")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError(f"{path} is not an empty directory: a sharded store is created in a new or empty "
                         "directory (an unsharded store cannot be split in place; build into a new one)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        layout.write_text(json.dumps({"shards": shards}) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot create store {path}: {exc.strerror or exc}") from None
    return shards
