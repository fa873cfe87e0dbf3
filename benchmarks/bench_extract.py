"""Extraction throughput against the bare spaCy pipeline on the same texts.

    python benchmarks/bench_extract.py [--eval ../shared/eval/opp115-dev.jsonl] [--repeat 3] [--processes 2]

Both sides parse exactly the same texts with the same model: the baseline is ``nlp.pipe`` of the bare
English model over the pieces the extractor parses (non-heading segments, long ones in chunks); policygraph
adds the phrase tagger, statement and fact rules, segmentation and record building. Prints policies/s,
words/s and the ratio (target >= 0.7). With ``--processes N`` both sides run on the same pool of N spawned
worker processes (each loads the model once, before timing starts; documents are handed out one at a time,
as ``policygraph build --processes`` does), so the ratio and the speed-up over one process can be read.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from policygraph.extract import Extractor, read_inputs
from policygraph.extract.nlp import load_model
from policygraph.extract.pipeline import chunks, document_segments
from policygraph.records import PolicyDocument, SegmentKind

ROOT = Path(__file__).resolve().parents[1]


def corpus(eval_file: Path | None) -> list[PolicyDocument]:
    docs = [d for d in read_inputs([ROOT / "examples" / "policies"]) if isinstance(d, PolicyDocument)]
    if eval_file and eval_file.is_file():
        for line in eval_file.open(encoding="utf-8"):
            record = json.loads(line)
            docs.append(PolicyDocument(policy_id=str(record["policy_id"]), text=record["text"]))
    return docs


_WORKER: dict = {}


def _load_worker() -> None:
    _WORKER["bare"] = load_model()
    _WORKER["extractor"] = Extractor()


def _bare_pipe(pieces: list[str]) -> int:
    return sum(1 for _doc in _WORKER["bare"].pipe(pieces, batch_size=64))


def _extract(document: PolicyDocument) -> int:
    return len(_WORKER["extractor"].extract(document).statements)


def timed_in_pool(processes: int, segments: list[list[str]], docs: list[PolicyDocument], repeat: int):
    """Best seconds of the bare pipe and of the extraction over ``docs`` on a pool of ``processes``."""
    best_bare = best_ours = float("inf")
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=_load_worker) as pool:
        list(pool.map(_bare_pipe, [["warm-up"]] * processes))  # every worker has loaded its model
        for _ in range(repeat):
            start = time.perf_counter()
            list(pool.map(_bare_pipe, segments))
            best_bare = min(best_bare, time.perf_counter() - start)
            start = time.perf_counter()
            list(pool.map(_extract, docs))
            best_ours = min(best_ours, time.perf_counter() - start)
    return best_bare, best_ours


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "opp115-dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    docs = corpus(args.eval)
    words = sum(len(d.text.split()) for d in docs)
    # Exactly the pieces the extractor parses: non-heading segments, long ones in chunks.
    segments = [[d.text[a:b] for s in document_segments(d) if s.kind != SegmentKind.HEADING
                 for a, b in chunks(d.text, s.start, s.end)[0]] for d in docs]
    if args.processes > 1:
        best_bare, best_ours = timed_in_pool(args.processes, segments, docs, args.repeat)
    else:
        bare = load_model()
        extractor = Extractor()
        best_bare = best_ours = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for pieces in segments:
                for _doc in bare.pipe(pieces, batch_size=64):
                    pass
            best_bare = min(best_bare, time.perf_counter() - start)
            start = time.perf_counter()
            for _extraction in extractor.extract_many(docs):
                pass
            best_ours = min(best_ours, time.perf_counter() - start)
    result = {
        "processes": args.processes, "policies": len(docs), "words": words,
        "python": platform.python_version(), "cpu": platform.processor(),
        "bare_seconds": round(best_bare, 3), "policygraph_seconds": round(best_ours, 3),
        "bare_policies_per_s": round(len(docs) / best_bare, 2), "policies_per_s": round(len(docs) / best_ours, 2),
        "bare_words_per_s": round(words / best_bare), "words_per_s": round(words / best_ours),
        "ratio_to_bare": round(best_bare / best_ours, 3),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
