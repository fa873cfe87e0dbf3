"""Stores chosen by name: ``memory``, ``oxigraph`` (embedded, on disk: one store, or several shards queried in
parallel), ``sparql`` (a SPARQL endpoint)."""

from __future__ import annotations

from pathlib import Path

from policygraph.config import Settings
from policygraph.errors import ConfigError, StoreError, choices_message
from policygraph.graph.stores.base import QueryResult, Store
from policygraph.graph.stores.embedded import OxigraphStore
from policygraph.graph.stores.endpoint import SparqlStore
from policygraph.graph.stores.sharded import ShardedStore, is_sharded

STORE_KINDS = ("memory", "oxigraph", "sparql")

__all__ = ["STORE_KINDS", "OxigraphStore", "QueryResult", "ShardedStore", "SparqlStore", "Store", "open_store"]


def open_store(kind: str | None = None, location: str | None = None,
               settings: Settings | None = None) -> Store:
    """Open a store by name; ``location`` is a directory (``oxigraph``) or a query URL (``sparql``).

    An ``oxigraph`` directory opens as the store it holds (sharded or not, whatever ``settings.store_shards``
    says); a new store is sharded when ``settings.store_shards`` > 1. Missing arguments come from ``settings``
    (``store_kind``, ``store`` or ``endpoint``, ``update_endpoint``, ``query_timeout``, ``query_memory``,
    ``store_shards``).
    """
    settings = settings or Settings()
    kind = kind or settings.store_kind
    if kind == "memory":
        return OxigraphStore(None)
    if kind == "oxigraph":
        path = location or settings.store
        if is_sharded(path) or (settings.store_shards > 1 and not (Path(path) / "CURRENT").exists()):
            return ShardedStore(path, settings.store_shards)
        return OxigraphStore(path, query_memory=settings.query_memory)
    if kind == "sparql":
        url = location or settings.endpoint
        if not url:
            raise StoreError("the sparql store needs an endpoint URL (setting 'endpoint' or a location)")
        return SparqlStore.from_url(url, settings.update_endpoint, timeout=settings.query_timeout)
    raise ConfigError(choices_message("store kind", kind, STORE_KINDS))
