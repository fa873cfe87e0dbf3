"""The ``sparql`` store: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever...).

Queries and updates go through SPARQLWrapper; a policy graph is loaded with one Graph Store HTTP Protocol
``PUT`` (which replaces the graph in one request) when a graph-store URL is known, else with one SPARQL update
(``DROP SILENT GRAPH`` + ``INSERT DATA``). Credentials come only from the environment
(``POLICYGRAPH_ENDPOINT_USER`` / ``POLICYGRAPH_ENDPOINT_PASSWORD``) and never appear in messages. Connection
errors and 5xx answers are retried with exponential backoff. Queries should see the union of named graphs as
the default graph: start Oxigraph with ``--union-default-graph`` (GraphDB and Virtuoso do this by default).
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from policygraph.errors import QueryError, StoreError
from policygraph.graph.stores.base import QueryResult, Store

T = TypeVar("T")
USER_ENV = "POLICYGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "POLICYGRAPH_ENDPOINT_PASSWORD"

_FULL_LINE_COMMENT = re.compile(r"(?m)^[ \t]*#.*$")


class SparqlStore(Store):
    """A remote SPARQL 1.1 endpoint (query URL, update URL, optional Graph Store Protocol URL)."""

    kind = "sparql"

    def __init__(self, query_url: str, update_url: str | None = None, graph_store_url: str | None = None,
                 timeout: float = 60.0, retries: int = 4, backoff: float = 0.5):
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.timeout = timeout
        self.retries = max(1, retries)
        self.backoff = backoff
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        self._auth = None
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._auth = f"Basic {token}"

    @classmethod
    def from_url(cls, url: str, update_url: str | None = None, timeout: float = 60.0) -> SparqlStore:
        """An endpoint from its query URL (Oxigraph's ``/query`` also gives ``/update`` and ``/store``)."""
        graph_store_url = None
        if url.rstrip("/").endswith("/query"):
            root = url.rstrip("/")[: -len("query")]
            update_url = update_url or root + "update"
            graph_store_url = root + "store"
        return cls(url, update_url or url, graph_store_url, timeout=timeout)

    def query(self, sparql: str) -> QueryResult:
        wrapper = self._wrapper(self.query_url)
        # SPARQLWrapper guesses the query form from the text and is fooled by words in comments
        # ("# ... addresses" reads as ADD): send the query without its full-line comments.
        wrapper.setQuery(_FULL_LINE_COMMENT.sub("", sparql))
        if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
            wrapper.setReturnFormat(TURTLE)
            return Graph().parse(data=self._send(wrapper), format="turtle")
        wrapper.setReturnFormat(JSON)
        data = json.loads(self._send(wrapper))
        if "boolean" in data:
            return bool(data["boolean"])
        names = data["head"].get("vars", [])
        return [{n: _term(b.get(n)) for n in names} for b in data["results"]["bindings"]]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the update endpoint."""
        wrapper = self._wrapper(self.update_url or self.query_url)
        wrapper.setQuery(sparql)
        self._send(wrapper)

    def put_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        body = graph.serialize(format="nt", encoding="utf-8")
        if self.graph_store_url is None:
            name, triples = graph_iri.n3(), body.decode("utf-8")
            self.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{triples}}} }}")
            return
        url = f"{self.graph_store_url}?graph={quote(str(graph_iri), safe='')}"
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        if self._auth:
            request.add_header("Authorization", self._auth)
        self._retry(lambda: urllib.request.urlopen(request, timeout=self.timeout).close(), url)

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph_iri.n3()}")

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""

    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=self.update_url or url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(int(self.timeout) or 1)
        if self._auth:
            wrapper.addCustomHttpHeader("Authorization", self._auth)
        return wrapper

    def _send(self, wrapper: SPARQLWrapper) -> bytes:
        url = wrapper.updateEndpoint if wrapper.isSparqlUpdateRequest() else wrapper.endpoint
        try:
            return self._retry(lambda: wrapper.query().response.read(), url)
        except QueryBadFormed as exc:
            raise QueryError(f"the endpoint rejected the query: {_server_message(exc)}") from None

    def _retry(self, action: Callable[[], T], url: str) -> T:
        """Run ``action``, retrying connection errors and 5xx answers with exponential backoff."""
        for attempt in range(1, self.retries + 1):
            try:
                return action()
            except (Unauthorized, urllib.error.HTTPError) as exc:
                code = getattr(exc, "code", 401)
                if code in (401, 403):
                    raise StoreError(f"SPARQL endpoint {_safe(url)} refused access (HTTP {code}); set "
                                     f"{USER_ENV} and {PASSWORD_ENV}") from None
                if code < 500 or attempt == self.retries:
                    raise StoreError(f"SPARQL endpoint {_safe(url)} answered HTTP {code}: "
                                     f"{_server_message(exc)}") from None
            except QueryBadFormed:
                raise
            except EndPointNotFound:
                raise StoreError(f"no SPARQL endpoint at {_safe(url)} (HTTP 404)") from None
            except (SPARQLWrapperException, OSError) as exc:  # 500s, refused connections, timeouts
                if attempt == self.retries:
                    raise StoreError(f"SPARQL endpoint {_safe(url)} is unreachable or failing after "
                                     f"{self.retries} attempt(s): {_server_message(exc)}") from None
            time.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


def _term(binding: dict | None) -> Node | None:
    """A SPARQL JSON results binding as an rdflib term."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype in (None, str(XSD.string)):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def _safe(url: str) -> str:
    """A URL without any user:password part."""
    parts = urlsplit(url)
    if parts.hostname is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))


def _server_message(exc: BaseException) -> str:
    text = getattr(exc, "msg", None) or str(exc)
    if hasattr(exc, "read"):
        try:
            text = exc.read().decode("utf-8", "replace") or text
        except (OSError, ValueError):
            pass
    return " ".join(str(text).split())[:300]
