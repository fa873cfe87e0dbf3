"""Worker side: extract a chunk of policies into an N-Quads shard plus a small JSON manifest.

``extract_chunk`` runs in a worker process (a ``ProcessPoolExecutor`` worker for ``--processes N``, a Dask
worker for ``--scheduler``). The spaCy pipeline is loaded once per process (``worker_extractor``) and reused
by every chunk that process runs. Each policy is extracted and turned into its SHACL-validated graph as N-Quads
in its own named graph (``graph.build.policy_nquads``, the one conversion every build uses). A policy that fails
at any step is listed in the manifest's ``failures`` with its reason; the rest of the chunk goes on.

The manifest (also written as ``shard-*.json`` beside ``shard-*.nq`` when a shard directory is given)::

    {"shard": "shard-….nq", "policies": [{"policy_id", "sha256", "extractor_version", "graph", "triples"}],
     "failures": [{"policy_id", "source", "reason"}], "triples": N, "worker": "host:pid"}

Without a shard directory the N-Quads travel back in the result (``"nquads"``: bytes), which works on any
cluster; with one (it must be visible to the workers and the client, e.g. a LocalCluster or a shared file
system) the client reads the shard from disk, and the shards stay behind for ``oxigraph load`` or an audit.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path
from typing import Any

from policygraph.records import PolicyDocument, Segment, SegmentKind

_LOCK = threading.Lock()
_EXTRACTOR: Any = None


def worker_extractor(min_confidence: float | None = None) -> Any:
    """This process's extractor, created (spaCy loaded) on first use and then reused; made anew (the pipeline
    stays loaded) when a task asks for another confidence threshold."""
    global _EXTRACTOR
    from policygraph.extract import Extractor
    from policygraph.extract.pipeline import DEFAULT_MIN_CONFIDENCE

    wanted = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    with _LOCK:
        if _EXTRACTOR is None or _EXTRACTOR.min_confidence != wanted:
            _EXTRACTOR = Extractor(min_confidence=wanted)
        return _EXTRACTOR


def init_worker() -> None:
    """``ProcessPoolExecutor`` initializer: load the pipeline before the first chunk arrives."""
    worker_extractor()


Payload = tuple[str, str, str, dict[str, Any], tuple[tuple, ...]]


def document_payload(document: PolicyDocument) -> Payload:
    """What a task carries for one document (plain tuples pickle small and fast): its fields and the segments a
    markup parser found, each as a tuple."""
    segments = tuple((s.index, s.kind.value, s.start, s.end, s.heading_path, s.lead_in) for s in document.segments)
    return (document.policy_id, document.text, document.source, dict(document.metadata), segments)


def document_from_payload(payload: Payload) -> PolicyDocument:
    """The document a payload carries."""
    policy_id, text, source, metadata, segments = payload
    return PolicyDocument(policy_id, text, source, metadata,
                          tuple(Segment(i, SegmentKind(kind), start, end, path, lead_in)
                                for i, kind, start, end, path, lead_in in segments))


def extract_chunk(payloads: list[Payload], base_iri: str,
                  shard_dir: str | None = None, shard_name: str = "shard", min_confidence: float | None = None
                  ) -> dict[str, Any]:
    """Extract, convert, validate and serialise a chunk of documents; the manifest (see module docstring)."""
    from policygraph.errors import PolicyGraphError
    from policygraph.graph.build import policy_nquads

    extractor = worker_extractor(min_confidence)
    policies: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    parts: list[bytes] = []
    for payload in payloads:
        document = document_from_payload(payload)
        policy_id, source = document.policy_id, document.source
        try:
            nquads, entry = policy_nquads(extractor.extract(document), base_iri)
        except PolicyGraphError as exc:
            failures.append({"policy_id": policy_id, "source": source, "reason": str(exc)})
            continue
        except Exception as exc:  # noqa: BLE001 - one policy's bug must not lose the rest of the chunk
            failures.append({"policy_id": policy_id, "source": source,
                             "reason": f"extraction failed: {type(exc).__name__}: {exc}"})
            continue
        parts.append(nquads)
        policies.append(entry)
    nquads = b"".join(parts)
    manifest: dict[str, Any] = {"shard": f"{shard_name}.nq", "policies": policies, "failures": failures,
                                "triples": sum(p["triples"] for p in policies),
                                "worker": f"{socket.gethostname()}:{os.getpid()}"}
    if shard_dir is None:
        manifest["nquads"] = nquads
        return manifest
    folder = Path(shard_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / f"{shard_name}.nq", nquads)
    _write_atomic(folder / f"{shard_name}.json", json.dumps(manifest, indent=1).encode("utf-8"))
    manifest["path"] = str(folder / f"{shard_name}.nq")
    return manifest


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
