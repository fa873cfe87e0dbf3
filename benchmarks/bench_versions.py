"""Policy versions (issue 19): an incremental build of version histories, and the speed of a diff.

    python benchmarks/bench_versions.py [--history ../shared/corpora/pga-v2/history] [--versions-dir DIR]

1. Builds every history but the latest version of the policy with the largest latest version (a tree of
   symbolic links in a temporary folder: the corpus is read where it is, never copied), and writes the version
   graphs into an embedded store.
2. Adds that version: the build extracts it alone, and writes its graph alone.
3. Builds again: nothing is extracted or written.
4. Times ``diff`` of that policy's two latest versions, in this process and as the command line.
5. The same for its first and latest versions.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policygraph.config import Settings
from policygraph.graph.stores import open_store
from policygraph.versions.build import VersionsReport, build_versions
from policygraph.versions.cache import VersionCache
from policygraph.versions.compare import policy_diff
from policygraph.versions.graph import write_versions
from policygraph.versions.history import moment
from policygraph.versions.sources import read_versions

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the five steps and print what each did and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path, default=ROOT.parent / "shared/corpora/pga-v2/history")
    parser.add_argument("--versions-dir", type=Path, help="default: a new temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-versions-"))
    cache = VersionCache(args.versions_dir or work / "versions")
    policies = sorted(p for p in args.history.iterdir() if p.is_dir())
    latest = {p.name: max(f for f in p.iterdir() if f.is_file()) for p in policies}
    largest = max(latest, key=lambda name: latest[name].stat().st_size)
    files = sum(1 for p in policies for f in p.iterdir() if f.is_file())
    size = sum(f.stat().st_size for p in policies for f in p.iterdir() if f.is_file())
    print(f"{len(policies)} histories, {files} version files, {size / 1e6:.1f} MB; largest latest version: "
          f"{largest} ({latest[largest].stat().st_size / 1e3:.0f} KB)")

    tree = work / "history"
    for policy in policies:
        (tree / policy.name).mkdir(parents=True)
        for file in policy.iterdir():
            if file.is_file() and file != latest[largest]:
                os.symlink(file, tree / policy.name / file.name)
    store = open_store("oxigraph", str(work / "store"))
    try:
        build(f"1. all but {largest}'s latest version", tree, cache, store)
        os.symlink(latest[largest], tree / largest / latest[largest].name)
        build(f"2. {largest}'s latest version added", tree, cache, store)
        build("3. the same again", tree, cache, store)
    finally:
        store.close()

    first = cache.versions(largest)[0].date.strftime("%Y-%m-%d")
    for number, flags in (("4.", []), ("5.", ["--from", first])):
        start = time.perf_counter()
        result = policy_diff(largest, cache, moment("--from", flags[1]) if flags else None)
        seconds = time.perf_counter() - start
        print(f"{number} diff {largest} {' '.join(flags)}: {result.old.date:%Y-%m-%d} -> {result.new.date:%Y-%m-%d}"
              f" in this process: {seconds:.2f} s, {len(result.changes)} changes")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "policygraph.cli", "diff", largest, *flags, "--versions-dir",
                        str(cache.root)], check=True, stdout=subprocess.DEVNULL)
        print(f"   policygraph diff {largest} {' '.join(flags)} (the command, process start included): "
              f"{time.perf_counter() - start:.2f} s")


def build(title: str, tree: Path, cache: VersionCache, store) -> None:
    report = VersionsReport()
    start = time.perf_counter()
    built = build_versions(read_versions([tree]), cache, report)
    seconds = time.perf_counter() - start
    versions = sum(len(v) for v in built.values())
    print(f"{title}: {versions} versions of {len(built)} policies in {seconds:.1f} s: {report.extracted} "
          f"extracted, {report.unchanged} unchanged (not extracted), {len(report.failures)} failed")
    start = time.perf_counter()
    summary = write_versions(store, cache, sorted(built), Settings())
    print(f"   graph: {summary.written} version graphs written, {summary.unchanged} unchanged, in "
          f"{time.perf_counter() - start:.1f} s")
    for failure in report.failures:
        print(f"   {failure.source}: {failure.reason}")


if __name__ == "__main__":
    main()
