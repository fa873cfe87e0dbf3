"""Load speed: our write path into the embedded store vs ``oxigraph load`` of the same N-Quads shards.

    python benchmarks/generate_corpus.py 10000          # once: benchmarks/work/corpus-10000/
    python benchmarks/bench_load.py benchmarks/work/corpus-10000 [--keep-store benchmarks/work/store-10000]

(A store too large to sit on disk beside its corpus is built by ``benchmarks/synthetic_store.py``.)

Three runs, each in its own child process (peak RSS = that child's ``ru_maxrss``; for ``oxigraph load`` the
peak of the ``oxigraph`` process, from ``/usr/bin/time -v``):

- ``shards``: our distributed build's write phase, ``policygraph.scale.load_shard_dir``: the shard's
  manifest checked against the store (resume), then one transactional ``Store.load`` per shard;
- ``per-policy``: the one-process ``build`` write path (one ``DROP SILENT GRAPH`` + ``INSERT DATA`` update
  per policy), on the first ``--per-policy-limit`` policies only (it is the slow path, for comparison);
- ``oxigraph load``: the Oxigraph CLI bulk loader on all the shard files (it loads files in parallel).

Prints JSON with triples/s of each, the ratio shards / oxigraph load (target >= 0.5), peak RSS and store size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def child_shards(corpus: Path, store_dir: Path) -> dict:
    from policygraph.graph.stores import open_store
    from policygraph.scale import load_shard_dir

    store = open_store("oxigraph", str(store_dir))
    store.load_ontology()
    started = time.perf_counter()
    loaded, skipped, triples = load_shard_dir(store, corpus)
    seconds = time.perf_counter() - started
    loaded_bytes = _du(store_dir)
    started = time.perf_counter()
    store.optimize()  # as `policygraph build` does after a bulk load; timed apart from the load
    optimize_seconds = time.perf_counter() - started
    store.close()
    return {"policies": loaded, "skipped": skipped, "triples": triples, "seconds": round(seconds, 2),
            "triples_per_s": round(triples / seconds), "peak_rss_mb": _rss_mb(),
            "store_bytes": loaded_bytes, "optimize_seconds": round(optimize_seconds, 1),
            "optimized_store_bytes": _du(store_dir)}


def child_per_policy(corpus: Path, store_dir: Path, limit: int) -> dict:
    from policygraph.graph.nquads import split_by_graph
    from policygraph.graph.stores import open_store
    from policygraph.scale.load import iter_shards, shard_bytes

    store = open_store("oxigraph", str(store_dir))
    store.load_ontology()
    inner = store.store
    started, policies, triples = time.perf_counter(), 0, 0
    for manifest in iter_shards(corpus):
        chosen = manifest["policies"][: max(0, limit - policies)]
        if not chosen:
            break
        parts = split_by_graph(shard_bytes(manifest), [p["graph"] for p in manifest["policies"]])
        for policy in chosen:
            name = f"<{policy['graph']}>"
            body = parts[policy["graph"]].decode("utf-8")
            inner.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")
            policies, triples = policies + 1, triples + policy["triples"]
    store.close()
    seconds = time.perf_counter() - started
    return {"policies": policies, "triples": triples, "seconds": round(seconds, 2),
            "triples_per_s": round(triples / seconds), "peak_rss_mb": _rss_mb()}


def run_oxigraph_load(corpus: Path, store_dir: Path) -> dict:
    from policygraph.graph.serve import find_oxigraph

    files = sorted(str(p) for p in corpus.glob("shard-*.nq"))
    triples = sum(json.loads(p.read_text())["triples"] for p in corpus.glob("shard-*.json"))
    command = ["/usr/bin/time", "-v", find_oxigraph(), "load", "--location", str(store_dir), "--file", *files]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kb = next(int(line.split(":")[1]) for line in result.stderr.splitlines()
                   if "Maximum resident set size" in line)
    return {"files": len(files), "triples": triples, "seconds": round(seconds, 2),
            "triples_per_s": round(triples / seconds), "peak_rss_mb": round(peak_kb / 1024),
            "store_bytes": _du(store_dir)}


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _child(mode: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--child", mode, *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=ROOT / "benchmarks" / "work" / "corpus-10000")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument("--keep-store", type=Path, help="keep our store here (for bench_queries.py)")
    parser.add_argument("--per-policy-limit", type=int, default=1000)
    parser.add_argument("--paths", default="shards,oxigraph,per-policy",
                        help="which write paths to measure (comma-separated; the ratios need shards and oxigraph)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        if mode == "shards":
            print(json.dumps(child_shards(Path(rest[0]), Path(rest[1]))))
        else:
            print(json.dumps(child_per_policy(Path(rest[0]), Path(rest[1]), int(rest[2]))))
        return
    corpus = args.corpus.resolve()
    ours = args.keep_store or args.work / f"load-ours-{corpus.name}"
    theirs = args.work / f"load-oxigraph-{corpus.name}"
    slow = args.work / f"load-per-policy-{corpus.name}"
    for path in (ours, theirs, slow):
        shutil.rmtree(path, ignore_errors=True)
    result = {"corpus": str(corpus), "python": platform.python_version(), "cpus": os.cpu_count()}
    paths = args.paths.split(",")
    if "shards" in paths:
        result["shards"] = _child("shards", str(corpus), str(ours))
    if "oxigraph" in paths:
        result["oxigraph_load"] = run_oxigraph_load(corpus, theirs)
    if "per-policy" in paths:
        result["per_policy"] = _child("per-policy", str(corpus), str(slow), str(args.per_policy_limit))
    for name in ("shards", "per_policy"):
        if name in result and "oxigraph_load" in result:
            result[f"ratio_{name}_to_oxigraph_load"] = round(
                result[name]["triples_per_s"] / result["oxigraph_load"]["triples_per_s"], 3)
    shutil.rmtree(theirs, ignore_errors=True)
    shutil.rmtree(slow, ignore_errors=True)
    if not args.keep_store:
        shutil.rmtree(ours, ignore_errors=True)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
