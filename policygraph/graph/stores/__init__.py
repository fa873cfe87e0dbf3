"""Stores chosen by name: ``memory``, ``oxigraph`` (embedded, on disk), ``sparql`` (a SPARQL endpoint: another
Oxigraph, Virtuoso or any SPARQL 1.1 server, for corpora one embedded store cannot serve)."""

from __future__ import annotations

from policygraph.config import Settings
from policygraph.errors import ConfigError, StoreError, choices_message
from policygraph.graph.stores.base import QueryResult, Store
from policygraph.graph.stores.embedded import OxigraphStore
from policygraph.graph.stores.endpoint import SparqlStore

STORE_KINDS = ("memory", "oxigraph", "sparql")

__all__ = ["STORE_KINDS", "OxigraphStore", "QueryResult", "SparqlStore", "Store", "open_store"]


def open_store(kind: str | None = None, location: str | None = None,
               settings: Settings | None = None) -> Store:
    """Open a store by name; ``location`` is a directory (``oxigraph``) or a query URL (``sparql``).

    Missing arguments come from ``settings`` (``store_kind``, ``store`` or ``endpoint``, ``update_endpoint``,
    ``query_timeout``, ``query_memory``).
    """
    settings = settings or Settings()
    kind = kind or settings.store_kind
    if kind == "memory":
        return OxigraphStore(None, query_memory=settings.query_memory)
    if kind == "oxigraph":
        return OxigraphStore(location or settings.store, query_memory=settings.query_memory)
    if kind == "sparql":
        url = location or settings.endpoint
        if not url:
            raise StoreError("the sparql store needs an endpoint URL (setting 'endpoint' or a location)")
        return SparqlStore.from_url(url, settings.update_endpoint, timeout=settings.query_timeout)
    raise ConfigError(choices_message("store kind", kind, STORE_KINDS))
