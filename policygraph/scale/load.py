"""Client side: load N-Quads shards (one named graph per policy) into a store.

Each shard's manifest is checked against the store (resume: policies stored with the same sha256 and
extractor version are skipped), and its graphs are written by ``Store.write_policies``: embedded Oxigraph
bulk-loads new policies and makes each visible at once by a small commit record, and replaces stored ones in
one transaction each; other stores (a SPARQL endpoint) replace each policy graph on its own. The build gathers
shards into batches of about ``BULK_TRIPLES`` before writing, since the bulk loader gains most on large batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policygraph.errors import StoreError
from policygraph.graph.nquads import as_quads, split_by_graph
from policygraph.graph.stores import Store


def shard_bytes(manifest: dict[str, Any]) -> bytes:
    """The N-Quads of a shard: carried in the manifest, or read from its ``path``."""
    if manifest.get("nquads") is not None:
        return manifest["nquads"]
    path = Path(manifest["path"])
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read shard {path}: {exc.strerror or exc} (with a remote cluster the shard "
                         "directory must be shared; or build without --shard-dir)") from None


#: the build bulk-loads new policies in batches of about this many triples
BULK_TRIPLES = 250_000


def load_shard(store: Store, manifest: dict[str, Any], replaced: set[str] | frozenset[str] = frozenset(),
               bulk: bool = True) -> int:
    """Write a shard's policy graphs into ``store`` (``Store.write_policies``); ``replaced`` are ids already
    stored. Returns the triples written."""
    policies = manifest["policies"]
    if not policies:
        return 0
    try:
        store.write_policies(shard_bytes(manifest), policies, replaced, bulk=bulk)
    except StoreError as exc:
        raise StoreError(f"cannot load shard {manifest.get('shard')}: {exc}") from None
    return sum(p["triples"] for p in policies)


def iter_shards(shard_dir: str | Path) -> Iterator[dict[str, Any]]:
    """The manifests of the shards in a directory (``shard-*.json`` beside ``shard-*.nq``), by name."""
    for path in sorted(Path(shard_dir).glob("shard-*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["path"] = str(path.with_suffix(".nq"))
        yield manifest


def load_shard_dir(store: Store, shard_dir: str | Path, bulk: bool = True) -> tuple[int, int, int]:
    """Load every shard of a directory, resuming: policies already stored with the same sha256 and
    extractor version are skipped (a shard whose policies are all stored is not read).
    Returns ``(policies loaded, policies skipped, triples loaded)``."""
    loaded = skipped = triples = 0
    for manifest in iter_shards(shard_dir):
        ids = [p["policy_id"] for p in manifest["policies"]]
        stored = store.policy_state(ids)
        fresh = [p for p in manifest["policies"]
                 if stored.get(p["policy_id"]) != (p["sha256"], p["extractor_version"])]
        skipped += len(ids) - len(fresh)
        if not fresh:
            continue
        if len(fresh) < len(ids):
            graphs = split_by_graph(shard_bytes(manifest), [p["graph"] for p in manifest["policies"]])
            data = b"".join(as_quads(graphs[p["graph"]], p["graph"]) for p in fresh)
            manifest = {**manifest, "policies": fresh, "nquads": data}
        triples += load_shard(store, manifest, {p["policy_id"] for p in fresh if p["policy_id"] in stored},
                              bulk=bulk)
        loaded += len(fresh)
    return loaded, skipped, triples
