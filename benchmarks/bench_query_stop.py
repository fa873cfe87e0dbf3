"""Does a timed-out or memory-hungry query stop on a memory store? Run it with ``/usr/bin/time -v``:

    /usr/bin/time -v python benchmarks/bench_query_stop.py COUNT 10
    /usr/bin/time -v python benchmarks/bench_query_stop.py SORT 60

A memory store holding the ontology graph runs ``run_query(store, QUERY, timeout=TIMEOUT)``; then this process
sleeps 5 s and prints its own CPU time, which a query thread left running after the error would keep raising
(the child process that runs the query is counted by ``time -v``, not here).
"""

from __future__ import annotations

import argparse
import resource
import time

from policygraph.errors import QueryError
from policygraph.graph.stores import open_store
from policygraph.queries import run_query

QUERIES = {
    "COUNT": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # 2.5e10 rows, flat memory
    "SORT": "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?d)",  # 8.5 million rows sorted
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", choices=sorted(QUERIES))
    parser.add_argument("timeout", type=float)
    args = parser.parse_args()
    store = open_store("memory")
    store.load_ontology()
    started = time.monotonic()
    try:
        run_query(store, QUERIES[args.query], timeout=args.timeout)
        print("answered")
    except QueryError as exc:
        print(f"QueryError: {exc}")
    print(f"returned after {time.monotonic() - started:.1f} s")
    time.sleep(5)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"CPU of this process: {usage.ru_utime + usage.ru_stime:.1f} s")


if __name__ == "__main__":
    main()
