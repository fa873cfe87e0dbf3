"""Client side: load N-Quads shards (one named graph per policy) into a store.

- embedded Oxigraph (``oxigraph``/``memory``), new policies: ``load_new`` writes a policy's body (segments,
  practices, facts) with pyoxigraph's bulk loader and then its *commit record* (the triples about the policy
  node itself: type, identifier, sha256, extractor version, company...) in one small transaction. Every
  catalogue query and the resume check (``Store.policy_state``) join on the policy node, so a policy becomes
  visible all at once when its commit record lands; a ``kill -9`` during the bulk phase leaves only
  invisible body triples, which the next build drops (``DROP SILENT GRAPH`` for each new policy, in one
  transaction, before its body is loaded) and reloads. The bulk loader is 3-30 x faster than transactional
  loads for large batches, so the build gathers shards into batches of ``BULK_TRIPLES`` before loading.
- embedded Oxigraph, a policy that replaces a stored one: one ``DROP SILENT GRAPH`` + ``INSERT DATA`` update
  (one transaction per policy, as ``build`` does), so readers see the old or the new graph, never a mix.
- any other store (a SPARQL endpoint): each policy graph is replaced on its own through
  ``Store.replace_policy`` (a Graph Store Protocol ``PUT`` when the endpoint has one, else one update).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from policygraph.errors import StoreError
from policygraph.graph.stores import OxigraphStore, Store


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


def split_by_graph(nquads: bytes, graphs: list[str]) -> dict[str, bytes]:
    """The N-Triples of each named graph in ``graphs`` (lines are ``s p o <graph> .``)."""
    suffixes = {f" <{g}> .".encode(): g for g in graphs}
    out: dict[str, list[bytes]] = {g: [] for g in graphs}
    for line in nquads.splitlines():
        line = line.rstrip()
        if not line:
            continue
        for suffix, graph in suffixes.items():
            if line.endswith(suffix):
                out[graph].append(line[: -len(suffix)] + b" .")
                break
        else:
            raise StoreError(f"shard line outside the shard's policy graphs: {line[:120]!r}")
    return {g: b"\n".join(lines) + b"\n" for g, lines in out.items()}


#: the build bulk-loads new policies in batches of about this many triples
BULK_TRIPLES = 250_000


def load_shard(store: Store, manifest: dict[str, Any], replaced: set[str] | frozenset[str] = frozenset(),
               bulk: bool = True) -> int:
    """Write a shard's policy graphs into ``store``; ``replaced`` are ids already stored (their graphs are
    replaced in one transaction each). New policies go through ``load_new`` (bulk body + commit record) when
    ``bulk``, else through one transactional ``Store.load`` for the shard. Returns the triples written."""
    policies = manifest["policies"]
    if not policies:
        return 0
    data = shard_bytes(manifest)
    old = [p for p in policies if p["policy_id"] in replaced]
    if not isinstance(store, OxigraphStore):
        parts = split_by_graph(data, [p["graph"] for p in policies])
        for policy in policies:
            graph = Graph().parse(data=parts[policy["graph"]], format="nt")
            store.replace_policy(policy["policy_id"], URIRef(policy["graph"]), graph)
        return sum(p["triples"] for p in policies)
    inner = store.store
    try:
        new = [p for p in policies if p["policy_id"] not in replaced]
        if old:
            parts = split_by_graph(data, [p["graph"] for p in policies])
            for policy in old:
                name = f"<{policy['graph']}>"
                body = parts[policy["graph"]].decode("utf-8")
                inner.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")
            data = b"".join(_as_quads(parts[p["graph"]], p["graph"]) for p in new)
        if new and bulk:
            load_new(store, data, new)
        elif new:
            inner.load(data, format=ox.RdfFormat.N_QUADS)
    except (OSError, RuntimeError, SyntaxError) as exc:
        raise StoreError(f"cannot load shard {manifest.get('shard')}: {exc}") from None
    return sum(p["triples"] for p in policies)


def load_new(store: OxigraphStore, nquads: bytes, policies: list[dict[str, Any]]) -> None:
    """Load policies that are not in the store: drop any leftovers of an interrupted load, bulk-load the
    bodies, then write all commit records in one transaction (see the module docstring)."""
    inner = store.store
    graphs = [p["graph"] for p in policies]
    heads = tuple(f"<{g[: -len('/graph')]}> ".encode() for g in graphs)
    body, head = [], []
    for line in nquads.splitlines(keepends=True):
        (head if line.startswith(heads) else body).append(line)
    inner.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    if body:
        inner.bulk_load(b"".join(body), format=ox.RdfFormat.N_QUADS)
    inner.load(b"".join(head), format=ox.RdfFormat.N_QUADS)


def _as_quads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples (lines ending `` .``; literals never hold a raw newline) as N-Quads in ``graph``."""
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode())


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
            data = b"".join(_as_quads(graphs[p["graph"]], p["graph"]) for p in fresh)
            manifest = {**manifest, "policies": fresh, "nquads": data}
        triples += load_shard(store, manifest, {p["policy_id"] for p in fresh if p["policy_id"] in stored},
                              bulk=bulk)
        loaded += len(fresh)
    return loaded, skipped, triples
