"""The build: documents stream to the extraction (this process, worker processes with ``--processes N``, or Dask
workers with ``--scheduler``), shards stream back and are loaded into the store as they arrive. The CLI, the
Python API and the demo all build through ``build_policies``.

The client reads inputs lazily, asks the store for the stored ``(sha256, extractor version)`` of each batch
and skips unchanged policies BEFORE extraction (so a rerun resumes where a killed build stopped), drops
duplicate ids (first occurrence wins, as in ``build``), and keeps at most ``2 x workers`` chunks in flight,
so memory stays flat however large the corpus. A chunk whose task fails as a whole (a worker killed, an
out-of-memory) is split and its policies retried one by one, so a failure is pinned to the policy that
caused it and never loses the others. Finished shards are loaded in batches of about ``BULK_TRIPLES``
triples (see ``policygraph.scale.load``). The store holds the same graphs as a one-process ``build``.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from tqdm import tqdm

from policygraph.config import Settings
from policygraph.errors import ConfigError
from policygraph.extract import InputFailure
from policygraph.extract.pipeline import extractor_version
from policygraph.graph.build import BuildSummary
from policygraph.graph.stores import Store
from policygraph.records import PolicyDocument
from policygraph.scale.load import BULK_TRIPLES, load_shard, shard_bytes
from policygraph.scale.shards import document_payload, extract_chunk, init_worker

#: a single policy is retried this many times when its task dies (a killed worker), then reported failed
MAX_ATTEMPTS = 3


@dataclass
class Chunk:
    number: int
    documents: list[PolicyDocument]
    replaced: set[str]
    attempts: int = 0


@dataclass
class ScaleReport:
    """Inputs that could not be read, and how many policies were extracted (like ``corpus.BatchReport``)."""

    extracted: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [f"{self.extracted} extracted, {len(self.failures)} failed"]
        lines += [f"  skipped {f.source}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


class InProcessBackend:
    """Extraction in this process, one chunk at a time (a one-process ``build``, the Python API, the demo)."""

    workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed to the builder like a worker's failure
            future.set_exception(exc)
        return future

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        return set(list(futures)[:1])

    def failed(self, exc: BaseException) -> None:
        """Nothing to reset: the next chunk runs in this process again."""

    def close(self) -> None:
        """Nothing to stop."""

    def describe(self) -> str:
        return "1 process"


class ProcessBackend:
    """``N`` local worker processes, each loading spaCy once (``init_worker``)."""

    def __init__(self, processes: int):
        import multiprocessing

        self.workers = max(1, processes)
        self._context = multiprocessing.get_context("spawn")  # never fork a process holding a store
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=init_worker)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._pool.submit(fn, *args)

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        done, _ = futures_wait(list(futures), return_when=FIRST_COMPLETED)
        return done

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, BrokenProcessPool):  # a worker died: start a fresh pool for the retries
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def describe(self) -> str:
        return f"{self.workers} processes"


class DaskBackend:
    """A Dask cluster: ``tcp://HOST:PORT`` (an existing scheduler) or ``local:N`` (a LocalCluster of N
    single-threaded worker processes on 127.0.0.1, started and stopped here)."""

    def __init__(self, scheduler: str):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - dask[distributed] is a dependency
            raise ConfigError("--scheduler needs dask[distributed]: "
                              "pip install 'dask[distributed]'") from None
        self.cluster = None
        if scheduler.startswith("local"):
            _, _, count = scheduler.partition(":")
            try:
                workers = int(count or 2)
            except ValueError:
                raise ConfigError(f"--scheduler local:N expects a number of workers, "
                                  f"got {scheduler!r}") from None
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        elif scheduler.startswith(("tcp://", "tls://")):
            try:
                self.client = Client(scheduler, timeout=30)
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            raise ConfigError(f"--scheduler expects tcp://HOST:PORT or local:N, got {scheduler!r}")
        self.scheduler = scheduler
        self.workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False, key=f"policygraph-chunk-{uuid.uuid4().hex}")

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        from distributed import wait

        done, _ = wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done)

    def failed(self, exc: BaseException) -> None:
        """Dask already retried the task on other workers; nothing to reset."""

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def describe(self) -> str:
        return f"Dask {self.scheduler} ({self.workers} workers)"


def open_backend(processes: int = 1, scheduler: str | None = None) -> InProcessBackend | ProcessBackend | DaskBackend:
    """Where extraction runs: a Dask cluster (``scheduler``), ``processes`` worker processes, or this process."""
    if scheduler:
        return DaskBackend(scheduler)
    return ProcessBackend(processes) if processes > 1 else InProcessBackend()


#: a build that wrote at least this many triples compacts the store afterwards (bulk loading fragments it;
#: compacting a large store takes minutes, too long after a build of a few policies)
OPTIMIZE_TRIPLES = 4 * BULK_TRIPLES


def build_policies(documents: Iterable[PolicyDocument | InputFailure], store: Store, backend: Any,
                   settings: Settings | None = None, prune: bool = False, chunk_size: int = 4,
                   shard_dir: str | None = None, report: ScaleReport | None = None, total: int | None = None,
                   quiet: bool = False, progress: Callable[[str, str], None] | None = None) -> BuildSummary:
    """The one way from documents to a store, whatever runs the extraction (``backend``: this process, worker
    processes or a Dask cluster; see the module docstring). Outcomes per policy as in ``BuildSummary`` (added,
    replaced, skipped, failed, pruned); unreadable inputs go to ``report``."""
    settings = settings or Settings()
    version = extractor_version(settings.min_confidence)
    report = report if report is not None else ScaleReport()
    started = time.perf_counter()
    store.load_ontology()
    summary = BuildSummary()
    seen: set[str] = set()
    notify = progress or (lambda policy_id, outcome: None)
    bar = tqdm(total=total, desc="building", unit="policy", file=sys.stderr, smoothing=0.05,
               disable=quiet or not sys.stderr.isatty())
    pending: dict[Any, Chunk] = {}
    buffer: list[tuple[dict[str, Any], Chunk]] = []
    run = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    counter = iter(range(10**12))
    limit = 2 * backend.workers
    written = [0]

    def outcome(policy_id: str, name: str) -> None:
        bar.update(1)
        notify(policy_id, name)

    def fail(policy_id: str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append((policy_id, reason))
        outcome(policy_id, "failed")

    def submit(chunk: Chunk) -> None:
        chunk.attempts += 1
        payloads = [document_payload(d) for d in chunk.documents]
        future = backend.submit(extract_chunk, payloads, settings.base_iri, shard_dir,
                                f"shard-{run}-{chunk.number:06d}", settings.min_confidence)
        pending[future] = chunk

    def collect(future: Any) -> None:
        chunk = pending.pop(future)
        try:
            manifest = future.result()
        except Exception as exc:  # noqa: BLE001 - a whole task failed: isolate its policies
            backend.failed(exc)
            reason = f"worker failed: {type(exc).__name__}: {exc}".rstrip(": ")
            if len(chunk.documents) > 1:
                for document in chunk.documents:
                    submit(Chunk(next(counter), [document], chunk.replaced & {document.policy_id}))
            elif chunk.attempts < MAX_ATTEMPTS:
                submit(chunk)
            else:
                fail(chunk.documents[0].policy_id, reason)
            return
        for failure in manifest["failures"]:
            fail(failure["policy_id"], failure["reason"])
        buffer.append((manifest, chunk))
        if sum(m["triples"] for m, _ in buffer) >= BULK_TRIPLES:
            flush()

    def flush() -> None:
        """Load the buffered shards as one batch (bulk loading wants large batches), then report them."""
        if not buffer:
            return
        replaced = set().union(*(c.replaced for _, c in buffer))
        merged = {"shard": ",".join(str(m.get("shard")) for m, _ in buffer),
                  "policies": [p for m, _ in buffer for p in m["policies"]],
                  "nquads": b"".join(shard_bytes(m) for m, _ in buffer)}
        written[0] += load_shard(store, merged, replaced)
        for policy in merged["policies"]:
            report.extracted += 1
            if policy["policy_id"] in replaced:
                summary.replaced += 1
                outcome(policy["policy_id"], "replaced")
            else:
                summary.added += 1
                outcome(policy["policy_id"], "added")
        buffer.clear()

    def drain(until: int) -> None:
        while len(pending) > until:
            for future in backend.wait_first(list(pending)):
                collect(future)

    try:
        iterator = iter(documents)
        current: list[PolicyDocument] = []
        replaced: set[str] = set()
        while batch := list(islice(iterator, max(1, settings.batch_size))):
            readable = [d for d in batch if isinstance(d, PolicyDocument)]
            stored = store.policy_state(d.policy_id for d in readable)
            for item in batch:
                if isinstance(item, InputFailure):
                    report.failures.append(item)
                    bar.update(1)
                    continue
                policy_id = item.policy_id
                if policy_id in seen:
                    fail(policy_id, "duplicate policy_id in the input; the first occurrence was kept")
                    continue
                seen.add(policy_id)
                if stored.get(policy_id) == (item.sha256, version):
                    summary.skipped += 1
                    outcome(policy_id, "skipped")
                    continue
                current.append(item)
                if policy_id in stored:
                    replaced.add(policy_id)
                if len(current) >= chunk_size:
                    submit(Chunk(next(counter), current, replaced))
                    current, replaced = [], set()
                    drain(limit)
        if current:
            submit(Chunk(next(counter), current, replaced))
        drain(0)
        flush()
        if written[0] >= OPTIMIZE_TRIPLES:
            store.optimize()  # bulk loading leaves the store fragmented; compacting it keeps queries fast
    finally:
        bar.close()
    if prune:
        for policy_id in sorted(set(store.policy_state()) - seen):
            store.remove_policy(policy_id)
            summary.pruned += 1
            notify(policy_id, "pruned")
    report.seconds = time.perf_counter() - started
    return summary
