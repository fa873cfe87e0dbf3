"""Exports: the corpus (all policy graphs or one) or the ontology as Turtle, TriG, N-Quads or JSON-LD.

Written one policy graph at a time, so exporting a large store needs the memory of one policy. TriG and
N-Quads keep one named graph per policy; Turtle is the union of the policy graphs; JSON-LD is an array of
named-graph objects (``@id`` + ``@graph``), one per policy.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Dataset, Graph, URIRef

from policygraph.errors import ConfigError, StoreError, choices_message
from policygraph.ontology import ONTOLOGY_GRAPH, load_ontology

if TYPE_CHECKING:
    from policygraph.graph.stores.base import Store

#: format name -> rdflib serializer name
FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def export_store(store: Store, fmt: str, out: BinaryIO, policy_id: str | None = None) -> int:
    """Write every policy graph (or only ``policy_id``'s) to ``out``; the number of policy graphs written."""
    _check(fmt)
    count = 0
    if fmt == "jsonld":
        out.write(b"[")
    for graph_iri in store.policy_graphs(policy_id):
        if fmt == "jsonld" and count:
            out.write(b",\n")
        out.write(_chunk(fmt, graph_iri, store.named_graph(graph_iri)))
        count += 1
    if fmt == "jsonld":
        out.write(b"]\n")
    if policy_id is not None and count == 0:
        raise StoreError(f"no policy {policy_id!r} in the store")
    return count


def export_ontology(fmt: str, out: BinaryIO) -> None:
    """Write the ontology alone (in its named graph for TriG, N-Quads and JSON-LD)."""
    _check(fmt)
    chunk = _chunk(fmt, ONTOLOGY_GRAPH, load_ontology())
    out.write(b"[" + chunk + b"]\n" if fmt == "jsonld" else chunk)


@contextmanager
def open_output(target: str | Path | None) -> Iterator[BinaryIO]:
    """A binary stream for a file path, or standard output for ``None`` or ``"-"``."""
    if target is None or str(target) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        with open(target, "wb") as handle:
            yield handle
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc}") from None


def _chunk(fmt: str, graph_iri: URIRef, graph: Graph) -> bytes:
    if fmt == "turtle":
        target: Graph | Dataset = graph
    else:
        target = Dataset()
        named = target.graph(graph_iri)
        for prefix, namespace in graph.namespaces():
            target.bind(prefix, namespace)
        for triple in graph:
            named.add(triple)
    text = target.serialize(format=FORMATS[fmt], encoding="utf-8")
    if fmt == "jsonld":
        text = text.strip()
        return text[1:-1].strip() if text.startswith(b"[") else text
    return text


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ConfigError(choices_message("export format", fmt, FORMATS))
