"""Extraction throughput against the bare spaCy pipeline on the same texts.

    python benchmarks/bench_extract.py [--eval ../shared/eval/opp115-dev.jsonl] [--repeat 3]

Both sides parse exactly the same texts with the same model: the baseline is ``nlp.pipe`` of the bare
English model over the pieces the extractor parses (non-heading segments, long ones in chunks); policygraph
adds the phrase tagger, statement and fact rules, segmentation and record building. Prints policies/s,
words/s and the ratio (target >= 0.7).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from policygraph.extract import Extractor, read_inputs
from policygraph.extract.nlp import load_model
from policygraph.extract.pipeline import chunks
from policygraph.extract.segment import segment_text
from policygraph.records import PolicyDocument, SegmentKind

ROOT = Path(__file__).resolve().parents[1]


def corpus(eval_file: Path | None) -> list[PolicyDocument]:
    docs = [d for d in read_inputs([ROOT / "examples" / "policies"]) if isinstance(d, PolicyDocument)]
    if eval_file and eval_file.is_file():
        for line in eval_file.open(encoding="utf-8"):
            record = json.loads(line)
            docs.append(PolicyDocument(policy_id=str(record["policy_id"]), text=record["text"]))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "opp115-dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = corpus(args.eval)
    words = sum(len(d.text.split()) for d in docs)
    bare = load_model()
    extractor = Extractor()
    # Exactly the pieces the extractor parses: non-heading segments, long ones in chunks.
    segments = [[d.text[a:b] for s in segment_text(d.text) if s.kind != SegmentKind.HEADING
                 for a, b in chunks(d.text, s.start, s.end)] for d in docs]
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
        "policies": len(docs), "words": words, "python": platform.python_version(), "cpu": platform.processor(),
        "bare_seconds": round(best_bare, 3), "policygraph_seconds": round(best_ours, 3),
        "bare_policies_per_s": round(len(docs) / best_bare, 2), "policies_per_s": round(len(docs) / best_ours, 2),
        "bare_words_per_s": round(words / best_bare), "words_per_s": round(words / best_ours),
        "ratio_to_bare": round(best_bare / best_ours, 3),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
