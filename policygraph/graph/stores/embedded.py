"""Pyoxigraph stores: ``oxigraph`` (a RocksDB directory on disk) and ``memory`` (the same engine in RAM).

The memory store is pyoxigraph's in-memory ``Store`` rather than an rdflib ``Dataset``: the same SPARQL engine
and transactions as the embedded default, so a test on ``memory`` says something about ``oxigraph``.
A policy is replaced by ONE SPARQL update (``DROP SILENT GRAPH`` + ``INSERT DATA``), which pyoxigraph runs as
one transaction, so a crash (even ``kill -9``) leaves each policy either fully old, fully new or absent.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from policygraph.config import Settings
from policygraph.errors import QueryError, StoreError
from policygraph.graph.nquads import as_quads, split_by_graph
from policygraph.graph.stores.base import QueryResult, Store
from policygraph.graph.stores.lock import refuse_if_served

_XSD_STRING = str(XSD.string)


class OxigraphStore(Store):
    """An embedded pyoxigraph store; ``path=None`` keeps everything in memory."""

    def __init__(self, path: str | Path | None = None, query_memory: int = Settings.query_memory):
        self.path = None if path is None else Path(path)
        self.query_memory = query_memory
        self.kind = "memory" if path is None else "oxigraph"
        self._store: ox.Store | None = ox.Store() if path is None else _open(Path(path))

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.path or 'memory'} is closed")
        return self._store

    def put_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        name = str(ox.NamedNode(str(graph_iri)))
        triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        self.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(str(graph_iri))}")

    def query(self, sparql: str, default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        result = self._evaluate(sparql, default_graphs)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return [row for _, row in self._keyed_rows(result)]
        graph = Graph()
        try:
            with self._reading():
                for triple in result:
                    graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        finally:
            result = triple = None  # see _keyed_rows
        return graph

    def query_bounded(self, sparql: str, timeout: float,
                      default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        """``query``, evaluated in a child process: killed when ``timeout`` seconds pass (a thread cannot be
        stopped, and Oxigraph evaluates ``ORDER BY`` or ``DISTINCT`` over a cartesian product inside one call),
        and limited to ``query_memory`` bytes of memory. A store on disk is read through a read-only view; a
        memory store is handed over as an N-Quads dump (a copy, so this costs time in proportion to its size:
        keep large data on disk). The answer comes back in SPARQL results TSV or N-Triples, read with
        Oxigraph's parsers."""
        if self.path is None:
            with tempfile.NamedTemporaryFile(suffix=".nq") as dump:
                with self._reading():
                    self.store.dump(dump, format=ox.RdfFormat.N_QUADS)
                dump.flush()
                return self._query_in_child(sparql, timeout, default_graphs, "dump", dump.name)
        return self._query_in_child(sparql, timeout, default_graphs, "store", str(self.path))

    def _query_in_child(self, sparql: str, timeout: float, default_graphs: Sequence[URIRef] | None,
                        source: str, location: str) -> QueryResult:
        """Run ``_BOUNDED_QUERY`` on the store at ``location`` (``source``: "store" or "dump")."""
        command = [sys.executable, "-c", _BOUNDED_QUERY, source, location, str(self.query_memory),
                   *map(str, default_graphs or ())]
        deadline = time.monotonic() + timeout
        for _attempt in range(_READ_ONLY_ATTEMPTS):
            try:
                done = subprocess.run(command, input=sparql.encode("utf-8"), capture_output=True,
                                      timeout=max(0.001, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise QueryError(f"query timed out after {timeout:.3g} s and was stopped") from None
            if done.returncode == 0 or not _raced_with_a_write(done.stderr):
                break
        if done.returncode != 0:
            raise _child_error(done.returncode, done.stderr.decode("utf-8", "replace"), self.query_memory)
        kind, data = done.stdout[:1], done.stdout[1:]
        if kind == b"G":
            graph = Graph()
            for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
            return graph
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return [row for _, row in self._keyed_rows(result)]

    def iter_keyed_rows(self, sparql: str) -> Iterator[tuple[tuple, dict[str, Node | None]]]:
        """A SELECT query's rows, evaluated as they are read (a reader that stops early stops the engine), each
        with a key: the tuple of its pyoxigraph terms, which hash in Rust, where the rdflib terms of the row
        hash in Python (about 0.3 us each)."""
        result = self._evaluate(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        return self._keyed_rows(result)

    def _evaluate(self, sparql: str, default_graphs: Sequence[URIRef] | None = None):
        with self._reading():
            if default_graphs:
                return self.store.query(sparql, default_graph=[ox.NamedNode(str(g)) for g in default_graphs])
            return self.store.query(sparql, use_default_graph_as_union=True)

    def _keyed_rows(self, solutions: ox.QuerySolutions) -> Iterator[tuple[tuple, dict[str, Node | None]]]:
        names = [v.value for v in solutions.variables]
        convert = _Terms().__getitem__
        try:
            with self._reading():
                for solution in solutions:
                    values = tuple(solution)
                    yield values, dict(zip(names, map(convert, values), strict=True))
        finally:
            # pyoxigraph results may be freed only by the thread that made them; an error's traceback keeps this
            # frame, and with it them, alive, and a query with a timeout raises the error in another thread.
            solutions = solution = None

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL query: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot read store {self.path or 'memory'}: {exc}") from None

    def optimize(self) -> None:
        """Compact the RocksDB files. A bulk load leaves hundreds of overlapping files that every range scan
        must merge: on a 100,000-policy store loaded with ``oxigraph load`` (439 files), listing the policies
        took 7.3 s before and 1.1 s after, and the store shrank from 28.6 GB to 16 GB."""
        try:
            self.store.optimize()
        except OSError as exc:
            raise StoreError(f"cannot optimize store {self.path or 'memory'}: {exc}") from None

    def close(self) -> None:
        if self._store is not None and self.path is not None:
            self._store.flush()
        self._store = None

    def update(self, sparql: str) -> None:
        try:
            self.store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write store {self.path or 'memory'}: {exc}") from None

    def write_policies(self, nquads: bytes, policies: list[dict[str, Any]],
                       replaced: set[str] | frozenset[str] = frozenset(), bulk: bool = True) -> None:
        """A replaced policy: one ``DROP SILENT GRAPH`` + ``INSERT DATA`` update (one transaction per policy),
        so readers see the old or the new graph, never a mix. New policies: with ``bulk``, their bodies
        (segments, practices, facts) go through pyoxigraph's bulk loader, 3-30 x faster than transactional
        loads for large batches, and then their *commit records* (the triples about each policy node: type,
        identifier, sha256, extractor version, company...) in one small transaction. Every catalogue query and
        the resume check (``policy_state``) join on the policy node, so a policy becomes visible all at once
        when its commit record lands; a ``kill -9`` during the bulk phase leaves only invisible body triples,
        which the next write drops (``DROP SILENT GRAPH`` for each new policy, in one transaction, before its
        body is loaded) and loads again. Without ``bulk``, one transactional load."""
        old = [p for p in policies if p["policy_id"] in replaced]
        new = [p for p in policies if p["policy_id"] not in replaced]
        try:
            if old:
                parts = split_by_graph(nquads, [p["graph"] for p in policies])
                for policy in old:
                    name = f"<{policy['graph']}>"
                    body = parts[policy["graph"]].decode("utf-8")
                    self.store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")
                nquads = b"".join(as_quads(parts[p["graph"]], p["graph"]) for p in new)
            if new and bulk:
                self._bulk_load_new(nquads, [p["graph"] for p in new])
            elif new:
                self.store.load(nquads, format=ox.RdfFormat.N_QUADS)
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise StoreError(f"cannot write store {self.path or 'memory'}: {exc}") from None

    def _bulk_load_new(self, nquads: bytes, graphs: list[str]) -> None:
        """Bodies with the bulk loader, then commit records in one transaction (see ``write_policies``)."""
        heads = tuple(f"<{g[: -len('/graph')]}> ".encode() for g in graphs)
        body, head = [], []
        for line in nquads.splitlines(keepends=True):
            (head if line.startswith(heads) else body).append(line)
        self.store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        if body:
            self.store.bulk_load(b"".join(body), format=ox.RdfFormat.N_QUADS)
        self.store.load(b"".join(head), format=ox.RdfFormat.N_QUADS)


def _open(path: Path) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"store location {path} is a file, not a directory")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise StoreError(f"{path} is not an Oxigraph store (non-empty directory without one); "
                         "choose an empty or new directory")
    refuse_if_served(path)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"store {path} is locked: another process (or another open store here) is using it. "
                "Oxigraph allows one writer per directory: stop the other process, or while "
                "`policygraph serve` runs, load through its endpoint") from None
        raise StoreError(f"cannot open store {path}: {exc}") from None
    except RuntimeError as exc:
        raise StoreError(f"store {path} is corrupted ({exc}); restore a backup or rebuild it into a new "
                         "directory") from None
    _remove_bulk_leftovers(path)
    return store


def _remove_bulk_leftovers(path: Path) -> None:
    """Delete the ``bulk-*.sst`` files a killed bulk load left in the directory.

    Oxigraph's bulk loader writes its sorted files there before ingesting them; a load that is killed leaves
    them behind, and no later load removes them. Once this process holds the store open (RocksDB's lock: one
    writer per directory), no bulk load can be running, so every such file is a leftover."""
    for leftover in path.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


#: how often ``query_bounded`` starts its child when the child's read-only view raced with this process's writes
_READ_ONLY_ATTEMPTS = 3


def _raced_with_a_write(stderr: bytes) -> bool:
    """Whether a ``query_bounded`` child failed because this process's store removed a file the child's
    read-only view had just listed (RocksDB compacts in the background after writes; Oxigraph calls a
    read-only open beside a writer undefined behaviour). A fresh view sees the files as they now are, so the
    child is started again; any other failure is reported at once."""
    text = stderr.decode("utf-8", "replace")
    return "Corruption" in text and "No such file or directory" in text


# The child of ``query_bounded``: pyoxigraph only, on a store directory or an N-Quads dump, its data segment
# capped (Rust aborts on a failed allocation);
# prints "G" + N-Triples for a graph, "R" + SPARQL results TSV otherwise.
_BOUNDED_QUERY = """
import resource, sys
import pyoxigraph as ox
source, location, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
try:
    sparql, graphs = sys.stdin.buffer.read().decode("utf-8"), [ox.NamedNode(g) for g in sys.argv[4:]]
    if source == "dump":
        store = ox.Store()
        store.bulk_load(path=location, format=ox.RdfFormat.N_QUADS)
    else:
        store = ox.Store.read_only(location)
    result = (store.query(sparql, default_graph=graphs) if graphs
              else store.query(sparql, use_default_graph_as_union=True))
    if isinstance(result, ox.QueryTriples):
        data = b"G" + ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    else:
        data = b"R" + result.serialize(format=ox.QueryResultsFormat.TSV)
except SyntaxError as exc:
    sys.exit(f"syntax: {exc}")
except (OSError, MemoryError) as exc:
    sys.exit(f"store: {exc}")
sys.stdout.buffer.write(data)
"""


def _child_error(code: int, stderr: str, memory: int) -> QueryError | StoreError:
    """The error a failed ``query_bounded`` child means."""
    message = " ".join(stderr.split())[-500:]
    if message.startswith("syntax: "):
        return QueryError(f"invalid SPARQL query: {message[len('syntax: '):]}")
    if "memory allocation" in message or "MemoryError" in message or "Cannot allocate" in message or code < 0:
        return QueryError(f"the query needed more than {memory / 1e6:,.0f} MB of memory and was stopped; narrow it "
                          "(fewer unbound joins, a LIMIT without ORDER BY) or raise the query_memory setting")
    return StoreError(f"the query process failed (exit {code}): {message}")


class _Terms(dict):
    """``from_ox`` remembering the terms of one result: the same concepts, policies, flags and evidence
    sentences fill many rows, and building rdflib terms is most of the cost of reading a result.

    Keyed by the pyoxigraph term itself (hashed and compared in Rust), and read with ``__getitem__`` so that a
    term already seen costs one dict look-up in C; ``__missing__`` converts the others (``None``, an unbound
    value, included)."""

    def __missing__(self, term: object) -> Node | None:
        converted = self[term] = from_ox(term)
        return converted


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported RDF term {term!r}")


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain, as rdflib parses them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return _plain_literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unsupported RDF term {term!r}")


def _plain_literal(value: str) -> Literal:
    """``Literal(value)``, built without rdflib's constructor.

    Plain strings (evidence sentences, policy ids, company names) are most of the distinct terms of a result,
    up to 27,000 in 10,000 rows, and ``Literal(value)`` spends about 2 us on each in checks and conversions
    meant for typed values and Python objects (0.2 us here). A plain literal is a ``str`` with four slots,
    filled here as the constructor fills them; ``test_plain_literal_is_rdflibs`` compares every slot with
    ``Literal(value)``'s, so an rdflib release that changes them fails the tests, not a query.
    """
    literal = str.__new__(Literal, value)
    literal._language = literal._datatype = literal._ill_typed = None
    literal._value = value
    return literal
