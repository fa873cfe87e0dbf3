"""The ``sparql`` store: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever...).

Queries and updates are SPARQL 1.1 Protocol form POSTs; a policy graph is loaded with one Graph Store HTTP Protocol
``PUT`` (which replaces the graph in one request) when a graph-store URL is known, else with one SPARQL update
(``DROP SILENT GRAPH`` + ``INSERT DATA``). Credentials come only from the environment
(``POLICYGRAPH_ENDPOINT_USER`` / ``POLICYGRAPH_ENDPOINT_PASSWORD``), are sent as HTTP Basic, or as Digest when a
401 asks for it (Virtuoso's ``/sparql-auth``), and never appear in messages: every message is redacted
(``redact``). Redirects are never followed: an endpoint that answers 3xx is an error naming where it pointed,
so the Authorization header never reaches another origin. Connection errors and 5xx answers are
retried with exponential backoff. Queries should see the union of named graphs as
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
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from policygraph.errors import QueryError, StoreError, redact
from policygraph.graph.stores.base import QueryResult, Store
from policygraph.sparql import query_form

T = TypeVar("T")
USER_ENV = "POLICYGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "POLICYGRAPH_ENDPOINT_PASSWORD"

_RESULTS_JSON = "application/sparql-results+json"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers, not directions: urllib raises them as ``HTTPError`` 3xx."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _timed_out() -> QueryError:
    """The error of a query the endpoint did not answer within its timeout (its request is then closed)."""
    return QueryError("query timed out: the endpoint did not answer in time, and the request was closed")


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
        self._digest_only = False
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

    def query(self, sparql: str, default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        return self._query(sparql, default_graphs, None)

    def query_bounded(self, sparql: str, timeout: float,
                      default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        """``query`` within ``timeout`` seconds in all (retries included): the connection is closed when they
        pass, which ends the request here; the endpoint's own query timeout ends its work."""
        return self._query(sparql, default_graphs, time.monotonic() + timeout)

    def _query(self, sparql: str, default_graphs: Sequence[URIRef] | None, deadline: float | None) -> QueryResult:
        graphs = [("default-graph-uri", str(g)) for g in default_graphs or ()]
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            body = self._post(self.query_url, "query", sparql, "text/turtle", graphs, deadline)
            return Graph().parse(data=body, format="turtle")
        data = json.loads(self._post(self.query_url, "query", sparql, _RESULTS_JSON, graphs, deadline))
        if "boolean" in data:
            return bool(data["boolean"])
        if form == "ASK":
            return _ask_rows(data)
        names = data["head"].get("vars", [])
        return [{n: _term(b.get(n)) for n in names} for b in data["results"]["bindings"]]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the update endpoint."""
        self._post(self.update_url or self.query_url, "update", sparql, "*/*")

    def put_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        body = graph.serialize(format="nt", encoding="utf-8")
        if self.graph_store_url is None:
            name, triples = graph_iri.n3(), body.decode("utf-8")
            self.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{triples}}} }}")
            return
        url = f"{self.graph_store_url}?graph={quote(str(graph_iri), safe='')}"
        self._send(urllib.request.Request(url, data=body, method="PUT",
                                          headers={"Content-Type": "application/n-triples"}))

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph_iri.n3()}")

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""

    def _post(self, url: str, field: str, sparql: str, accept: str,
              extra: Sequence[tuple[str, str]] = (), deadline: float | None = None) -> bytes:
        """A SPARQL 1.1 Protocol form POST (``field`` is ``query`` or ``update``; ``extra``: more form fields,
        such as ``default-graph-uri``), answered before ``deadline`` (``time.monotonic()``) when one is given."""
        return self._send(urllib.request.Request(
            url, data=urlencode([(field, sparql), *extra]).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}), deadline)

    def _send(self, request: urllib.request.Request, deadline: float | None = None) -> bytes:
        """The answer's body, with the credentials sent to the URL named and nowhere else (no redirects)."""
        if self._auth and not self._digest_only:
            request.add_unredirected_header("Authorization", self._auth)

        def seconds_left() -> float:
            if deadline is None:
                return self.timeout
            left = deadline - time.monotonic()
            if left <= 0:
                raise _timed_out()
            return min(self.timeout, left)

        def send() -> bytes:
            try:
                with _OPENER.open(request, timeout=seconds_left()) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                digest = self._digest(request, exc)
                if digest is None:
                    raise
                request.add_unredirected_header("Authorization", digest)
                with _OPENER.open(request, timeout=seconds_left()) as response:
                    self._digest_only = True  # later requests skip the Basic attempt
                    return response.read()

        return self._retry(send, request.full_url, deadline)

    def _digest(self, request: urllib.request.Request, exc: urllib.error.HTTPError) -> str | None:
        """The Digest ``Authorization`` answering a 401's Digest challenge (Virtuoso's ``/sparql-auth`` asks for
        Digest), for the URL named only; None when there is no such challenge or no credentials. Virtuoso
        answers a Basic attempt with a bare 401, so it is then asked for its challenge without credentials."""
        user = os.environ.get(USER_ENV)
        if exc.code != 401 or user is None:
            return None
        challenge = exc.headers.get("WWW-Authenticate", "")
        if not challenge and exc.headers.get("Server", "").startswith("Virtuoso/"):
            challenge = self._challenge(request)
        if not challenge.lower().startswith("digest "):
            return None
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, request.full_url, user, os.environ.get(PASSWORD_ENV) or "")
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
        answer = urllib.request.AbstractDigestAuthHandler(manager).get_authorization(request, fields)
        if answer is None:
            return None
        # RFC 7616 makes the algorithm a token; urllib quotes it, and Virtuoso then refuses the answer.
        return "Digest " + re.sub(r'\balgorithm="([\w-]+)"', r"algorithm=\1", answer)

    def _challenge(self, request: urllib.request.Request) -> str:
        """The ``WWW-Authenticate`` header of the same request sent without credentials ("" when none)."""
        headers = {k: v for k, v in request.header_items() if k.lower() != "authorization"}
        bare = urllib.request.Request(request.full_url, data=request.data, method=request.get_method(),
                                      headers=headers)
        try:
            with _OPENER.open(bare, timeout=self.timeout):
                return ""
        except urllib.error.HTTPError as exc:
            return exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""

    def _retry(self, action: Callable[[], T], url: str, deadline: float | None = None) -> T:
        """Run ``action``, retrying connection errors and 5xx answers with exponential backoff; with a
        ``deadline``, a request still unanswered then is a timed-out query, not a failing endpoint."""
        for attempt in range(1, self.retries + 1):
            try:
                return action()
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt == self.retries:
                    raise self._http_error(exc, url) from None
            except OSError as exc:  # refused connections, timeouts
                if deadline is not None and time.monotonic() >= deadline - 0.001:
                    raise _timed_out() from None
                if attempt == self.retries:
                    raise StoreError(f"SPARQL endpoint {_safe(url)} is unreachable or failing after "
                                     f"{self.retries} attempt(s): {self._message(exc)}") from None
            pause = self.backoff * 2 ** (attempt - 1)
            if deadline is not None and time.monotonic() + pause >= deadline:
                raise _timed_out()
            time.sleep(pause)
        raise AssertionError("unreachable")

    def _http_error(self, exc: urllib.error.HTTPError, url: str) -> QueryError | StoreError:
        """The error an HTTP error answer means, its message redacted."""
        code, where = exc.code, _safe(url)
        if 300 <= code < 400:
            target = _safe(exc.headers.get("Location") or "nowhere")
            return StoreError(f"SPARQL endpoint {where} answered HTTP {code}, a redirect to {target}, which is not "
                              "followed (credentials go to the URL named only): give the final URL")
        if code in (401, 403):
            return StoreError(f"SPARQL endpoint {where} refused access (HTTP {code}); set {USER_ENV} and "
                              f"{PASSWORD_ENV}")
        if code == 400:
            return QueryError(f"the endpoint rejected the query: {self._message(exc)}")
        if code == 404:
            return StoreError(f"no SPARQL endpoint at {where} (HTTP 404)")
        return StoreError(f"SPARQL endpoint {where} answered HTTP {code}: {self._message(exc)}")

    def _message(self, exc: BaseException) -> str:
        """What the server or the error said: one line, at most 300 characters, credentials redacted."""
        text = getattr(exc, "msg", None) or str(exc)
        if hasattr(exc, "read"):
            try:
                text = exc.read(64_000).decode("utf-8", "replace") or text
            except (OSError, ValueError):
                pass
        secrets = [self._auth.split(" ", 1)[1]] if self._auth else []
        secrets += [v for v in (os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)) if v and len(v) > 3]
        return " ".join(redact(str(text), secrets).split())[:300]  # redacted line by line, then one line


def _ask_rows(data: dict) -> bool:
    """An ASK answered as rows, as Virtuoso 7.2 does: one row ``__ASK_RETVAL`` = 1 when true, no row when false."""
    rows = data.get("results", {}).get("bindings", [])
    return any(binding.get("value") not in ("0", "false") for row in rows for binding in row.values())


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
    if datatype == str(XSD.boolean) and value in _BOOLEAN_DIGITS:
        # Virtuoso keeps booleans as integers and writes them as "0"/"1": valid xsd:boolean lexical forms, but
        # not the canonical ones every other engine sends (rdflib compares literals by their lexical form).
        value = _BOOLEAN_DIGITS[value]
    return Literal(value, datatype=URIRef(datatype))


_BOOLEAN_DIGITS = {"0": "false", "1": "true"}


def _safe(url: str) -> str:
    """A URL without any user:password part."""
    parts = urlsplit(url)
    if parts.hostname is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
