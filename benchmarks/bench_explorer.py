"""Render times of the explorer's pages, measured as a browser's request sees them (one HTTP GET, the whole page
read) on a real ``policygraph serve``:

    python benchmarks/bench_explorer.py                      # the five examples (a store built in a temp folder)
    python benchmarks/bench_explorer.py --store STORE --pages overview --repeat 5   # any store, e.g. a large one

The pages: the overview (heatmap; also sorted by its largest column), the list of questions, every question's
empty form, every question answered (with ``ANSWERS``' values, or none), the first five policies' company pages,
a compare page and the SPARQL editor page.
Each page is fetched once to warm up, then ``--repeat`` times; prints JSON with the median and the slowest time
per page, and the slowest page overall.

The server runs with ``--timeout`` ``--server-timeout`` (default 10 s): Oxigraph keeps a thread for each query
until its timeout has passed, and at the default 60 s the hundreds of queries of a run would use them all up (the
server then answers 503, see the README). No page of the examples comes near the timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: values a researcher would give (other questions are asked with none; profile and compare name the store's first
#: two policies)
ANSWERS: dict[str, dict[str, str]] = {
    "sharing": {"recipient": "affiliate", "purpose": "marketing"},
    "collection": {"data": "contact information"},
    "purposes-for-data": {"data": "contact information"},
}
TARGET_SECONDS = 0.5


def build_examples(folder: Path) -> Path:
    store = folder / "store"
    subprocess.run([sys.executable, "-m", "policygraph.cli", "build", str(ROOT / "examples" / "policies"),
                    "--store", str(store), "-q"], check=True)
    return store


def start(store: Path, port: int, timeout: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--store", str(store), "--port",
                                str(port), "--timeout", str(timeout)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if f":{port}/query" not in process.stdout.readline():
        process.kill()
        raise SystemExit("the server did not start")
    return process


def fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def pages(root: str, wanted: set[str]) -> dict[str, str]:
    """Page name -> URL, for the page kinds in ``wanted``."""
    from policygraph.queries import catalogue

    found: dict[str, str] = {}
    with urllib.request.urlopen(root + "questions/policies?run=1&format=json", timeout=120) as response:
        policies = json.load(response)
    ids = [policy["policy_id"] for policy in policies[:2]]
    answers = {**ANSWERS, "profile": {"company": ids[0]}, "compare": {"a": ids[0], "b": ids[-1]}}
    if "overview" in wanted:
        found["overview"] = root
        found["overview by a column"] = root + "?sort=Share.PersonalData"  # the column with the most statements
    if "questions" in wanted:
        found["questions"] = root + "questions"
        for spec in catalogue():
            found[f"form {spec.name}"] = root + f"questions/{spec.name}"
            found[f"answer {spec.name}"] = root + f"questions/{spec.name}?" + urllib.parse.urlencode(
                {**answers.get(spec.name, {}), "run": 1})
    if "company" in wanted:
        for policy in policies[:5]:
            found[f"company {policy['policy_id']}"] = root + "company?" + urllib.parse.urlencode(
                {"policy": policy["policy_id"]})
        if len(policies) > 1:
            found["compare"] = root + "compare?" + urllib.parse.urlencode(
                {"a": policies[0]["policy_id"], "b": policies[1]["policy_id"]})
    if "editor" in wanted:
        found["editor"] = root + "editor/"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a built store (default: the examples, built in a temp folder)")
    parser.add_argument("--pages", default="overview,questions,company,editor",
                        help="page kinds to time: overview, questions, company, editor")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--port", type=int, default=7979)
    parser.add_argument("--server-timeout", type=float, default=10.0, help="the server's --timeout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or build_examples(Path(folder))
        process = start(store, args.port, args.server_timeout)
        try:
            root = f"http://127.0.0.1:{args.port}/"
            results = {}
            for name, url in pages(root, set(args.pages.split(","))).items():
                status, _ = fetch(url)  # warm-up
                times = [fetch(url)[1] for _ in range(args.repeat)]
                results[name] = {"status": status, "median_s": round(statistics.median(times), 4),
                                 "max_s": round(max(times), 4)}
        finally:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    slowest = max(results, key=lambda n: results[n]["median_s"])
    print(json.dumps({"pages": results, "slowest_median": {slowest: results[slowest]},
                      "over_target": sorted(n for n, r in results.items() if r["median_s"] > TARGET_SECONDS),
                      "errors": sorted(n for n, r in results.items() if r["status"] != 200)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
