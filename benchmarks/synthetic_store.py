"""Build the embedded store of N synthetic policies without keeping their corpus on disk:

    python benchmarks/synthetic_store.py 100000 --store benchmarks/work/store-100000 [--batch 10000]

At 100,000 policies the N-Quads corpus (about 30 GB) and the store (about 37 GB before compaction) do not fit
on this machine's disk together. So the corpus is made and loaded a batch at a time: ``generate_corpus.py``'s
``write_shard`` writes a batch's shards (two processes), ``policygraph.scale.load_shard_dir`` loads them into
the store exactly as ``policygraph build`` does (bulk load, resuming), and the batch's files are deleted before
the next. The store is the same as ``bench_load.py --keep-store`` makes from a whole corpus (same generator,
seed and shard size); it is compacted at the end (``Store.optimize``). A run that stops can be started again:
batches whose policies are all stored are not generated again.

Prints JSON: seconds spent generating, loading and compacting, triples, and the store's size.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sys
import time
from pathlib import Path

from generate_corpus import write_shard

from policygraph.graph.stores import open_store
from policygraph.scale import load_shard_dir

ROOT = Path(__file__).resolve().parents[1]


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of policies")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=10_000, help="policies generated and loaded at a time")
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    scratch = args.store.parent / f"{args.store.name}-batch"
    totals = {"policies": 0, "skipped": 0, "triples": 0, "generate_seconds": 0.0, "load_seconds": 0.0}
    store = open_store("oxigraph", str(args.store))
    store.load_ontology()
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        for first in range(0, args.n, args.batch):
            last = min(first + args.batch, args.n)
            ids = [f"syn-{index:07d}" for index in range(first, last)]
            if len(store.policy_state(ids)) == len(ids):
                totals["skipped"] += len(ids)
                continue
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            started = time.perf_counter()
            tasks = [(scratch, start // args.shard_size, start, min(start + args.shard_size, last), args.seed)
                     for start in range(first, last, args.shard_size)]
            list(pool.imap_unordered(write_shard, tasks))
            totals["generate_seconds"] += time.perf_counter() - started
            started = time.perf_counter()
            loaded, skipped, triples = load_shard_dir(store, scratch)
            totals["load_seconds"] += time.perf_counter() - started
            totals["policies"] += loaded
            totals["skipped"] += skipped
            totals["triples"] += triples
            print(f"{last:,}/{args.n:,} policies; {json.dumps(totals)}", file=sys.stderr, flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    totals["store_bytes_before_optimize"] = _du(args.store)
    started = time.perf_counter()
    store.optimize()
    totals["optimize_seconds"] = round(time.perf_counter() - started, 1)
    store.close()
    totals["store_bytes"] = _du(args.store)
    totals["generate_seconds"] = round(totals["generate_seconds"], 1)
    totals["load_seconds"] = round(totals["load_seconds"], 1)
    print(json.dumps(totals, indent=1))


if __name__ == "__main__":
    main()
