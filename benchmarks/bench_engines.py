"""Two engines on one corpus: load time and catalogue latency of Virtuoso Open Source and embedded Oxigraph.

    python benchmarks/generate_corpus.py 10000 --out benchmarks/work/corpus-10000     # once
    python benchmarks/bench_engines.py benchmarks/work/corpus-10000 [--out benchmarks/work/engines-10000.json]

- Virtuoso: a ``virtuoso-t`` of its own (``policygraph.graph.stores.virtuoso.VirtuosoServer``: a new database in
  ``--virtuoso-dir``, 127.0.0.1 only, ``--buffers`` 8 KiB pages of cache) bulk-loads the corpus's N-Quads
  shards (``bulk_load``: ``ld_dir`` + ``--loaders`` parallel ``rdf_loader_run`` + ``checkpoint``, with the
  ontology); the time is that of the whole call. Each catalogue question then runs through ``run_query`` on the
  ``sparql`` store pointed at it, timed by ``bench_queries.measure`` (one warm-up run, then ``--repeat`` runs
  within ``--budget`` seconds).
- Oxigraph: the same shards loaded by ``bench_load.py``'s ``shards`` path (our write path,
  ``scale.load_shard_dir``, then ``optimize``, timed apart) into ``--oxigraph-store`` unless it exists; the
  questions timed by ``bench_queries.bench_embedded`` (``run_query`` on the embedded store, each question in a
  child process).

Both use ``bench_queries.PARAMS`` and its row limit. Prints and writes JSON: load seconds and p50/p95 per question
and engine. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_load  # noqa: E402 - the benchmarks folder is not a package
import bench_queries  # noqa: E402

WORK = Path(__file__).resolve().parent / "work"
POLICY_QUADS = """SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://w3id.org/policygraph/data/"))
}"""


def corpus_triples(corpus: Path) -> int:
    return sum(json.loads(p.read_text())["triples"] for p in corpus.glob("shard-*.json"))


def load_oxigraph(corpus: Path, store: Path) -> dict:
    """``bench_load.py``'s shards path into ``store`` (in a child process); nothing when the store exists."""
    if store.exists():
        return {"reused": str(store)}
    return bench_load._child("shards", str(corpus), str(store), "1")


def bench_virtuoso(corpus: Path, names: list[str], args) -> dict:
    """Bulk-load the corpus into a new Virtuoso, then time every question on it."""
    from policygraph.graph.stores import SparqlStore
    from policygraph.graph.stores.virtuoso import VirtuosoServer
    from policygraph.queries import run_query

    shutil.rmtree(args.virtuoso_dir, ignore_errors=True)
    server = VirtuosoServer(args.virtuoso_dir, dirs_allowed=(corpus,), buffers=args.buffers, threads=2)
    started = time.perf_counter()
    server.start()
    start_seconds = time.perf_counter() - started
    try:
        done = server.bulk_load(corpus, loaders=args.loaders)
        store = SparqlStore.from_url(server.sparql_url, timeout=args.timeout)
        quads = int(store.query(POLICY_QUADS)[0]["n"])
        load = {"files": done.files, "seconds": done.seconds, "start_seconds": round(start_seconds, 1),
                "policy_quads_in_store": quads, "triples_per_s": round(corpus_triples(corpus) / done.seconds),
                "loaders": args.loaders, "buffers": args.buffers, "db_bytes": bench_load._du(args.virtuoso_dir)}
        print("virtuoso load", json.dumps(load), file=sys.stderr)
        queries = {}
        for name in names:
            params = bench_queries.PARAMS.get(name, {})
            queries[name] = bench_queries.measure(
                lambda n=name, p=params: len(run_query(store, n, p, limit=bench_queries.LIMIT)),
                args.repeat, args.budget, args.timeout)
            print(name, "virtuoso", json.dumps(queries[name]), file=sys.stderr)
        return {"load": load, "queries": queries}
    finally:
        server.stop()


def table(result: dict) -> str:
    """The Markdown rows of RESULTS: question, p50 on each engine, rows on each."""
    lines = ["| question | Oxigraph embedded p50 | Virtuoso p50 | rows (Oxigraph / Virtuoso) |",
             "| --- | --- | --- | --- |"]
    for name in result["names"]:
        ox = result["oxigraph"]["queries"].get(name, {}).get("embedded", {})
        vt = result["virtuoso"]["queries"].get(name, {})
        lines.append(f"| {name} | {_p50(ox)} | {_p50(vt)} | {ox.get('rows', '-')} / {vt.get('rows', '-')} |")
    return "\n".join(lines)


def _p50(entry: dict) -> str:
    if "p50_s" in entry:
        return f"{entry['p50_s']:.3f} s"
    if "timeout_s" in entry:
        return f"> {entry['timeout_s']:.0f} s (timeout)"
    return f"error: {entry.get('error', '?')[:80]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of N-Quads shards (generate_corpus.py)")
    parser.add_argument("--oxigraph-store", type=Path, help="embedded store (default work/store-<corpus>)")
    parser.add_argument("--virtuoso-dir", type=Path, help="Virtuoso database folder, made anew "
                        "(default work/virtuoso-<corpus>)")
    parser.add_argument("--buffers", type=int, default=340_000, help="Virtuoso NumberOfBuffers (8 KiB each)")
    parser.add_argument("--loaders", type=int, default=2, help="parallel rdf_loader_run sessions")
    parser.add_argument("--engines", default="virtuoso,oxigraph")
    parser.add_argument("--queries", help="comma-separated catalogue names (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per question before repeats stop")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    from policygraph.queries import catalogue

    corpus = args.corpus.resolve()
    size = corpus.name.rsplit("-", 1)[-1]
    args.oxigraph_store = (args.oxigraph_store or WORK / f"store-{size}").resolve()
    args.virtuoso_dir = (args.virtuoso_dir or WORK / f"virtuoso-{size}").resolve()
    names = args.queries.split(",") if args.queries else [spec.name for spec in catalogue()]
    engines = args.engines.split(",")
    result: dict = {"corpus": str(corpus), "triples": corpus_triples(corpus), "cpus": os.cpu_count(),
                    "limit": bench_queries.LIMIT, "names": names, "virtuoso": {"queries": {}},
                    "oxigraph": {"queries": {}}}
    if "virtuoso" in engines:
        result["virtuoso"] = bench_virtuoso(corpus, names, args)
    if "oxigraph" in engines:
        result["oxigraph"] = {"load": load_oxigraph(corpus, args.oxigraph_store),
                              "queries": bench_queries.bench_embedded(args.oxigraph_store, names, args)}
    text = json.dumps(result, indent=1)
    print(text)
    print(table(result), file=sys.stderr)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
