"""Score the extractor against OPP-115 gold annotations with the corpus's own scorers.

The gold file is read at run time (its licence forbids copying it into the project); each record's
``text`` is given to the extractor exactly as is, so offsets line up with the gold segments. The scorers
``opp115_score.py`` and ``opp115_segscore.py`` must sit next to the gold file, as they do in the
distribution of the development split.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from policygraph.errors import InputError
from policygraph.evaluation.opp115_labels import POLICY_FAMILIES, opp115_labels
from policygraph.extract.pipeline import Extractor
from policygraph.records import PolicyDocument

SCORERS = {"policy": "opp115_score.py", "segment": "opp115_segscore.py"}


@dataclass(frozen=True)
class EvalResult:
    """Scores per level ("policy", "segment") as printed by the scorers, and the predictions file."""

    scores: dict[str, dict]
    predictions: Path
    policies: int


def evaluate_opp115(gold: Path, predictions: Path, extractor: Extractor | None = None) -> EvalResult:
    """Extract every gold record's text, write predictions as JSON Lines and score them."""
    if not gold.is_file():
        raise InputError(f"gold file not found: {gold}")
    missing = [name for name in SCORERS.values() if not (gold.parent / name).is_file()]
    if missing:
        raise InputError(f"scorer(s) {', '.join(missing)} not found next to {gold}")
    extractor = extractor or Extractor(min_confidence=0)  # OPP-115 labels read topics from tentative readings too
    splits: set[str] = set()
    count = 0
    try:
        out = predictions.open("w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write predictions to {predictions}: {exc.strerror}") from None
    with gold.open(encoding="utf-8") as source, out:
        for line_number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                document = PolicyDocument(policy_id=str(record["policy_id"]), text=record["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{gold}:{line_number}: not an OPP-115 record ({exc})") from None
            splits.add(record.get("split", "all"))
            out.write(json.dumps(opp115_labels(extractor.extract(document))) + "\n")
            count += 1
    split = splits.pop() if len(splits) == 1 else "all"
    scores = {level: _run_scorer(gold.parent / script, gold, predictions, split)
              for level, script in SCORERS.items()}
    return EvalResult(scores, predictions, count)


def _run_scorer(script: Path, gold: Path, predictions: Path, split: str) -> dict:
    args = [sys.executable, str(script), str(gold), str(predictions), "--split", split]
    if script.name == SCORERS["policy"]:
        args += ["--per-value", "--families", ",".join(POLICY_FAMILIES)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InputError(f"{script.name} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def render_scores(result: EvalResult) -> str:
    """A table of micro P/R/F1 per family and level."""
    lines = [f"{'level':8} {'family':34} {'P':>6} {'R':>6} {'F1':>6}"]
    for level, score in result.scores.items():
        for family, value in score["families"].items():
            lines.append(f"{level:8} {family:34} {value['P']:6.3f} {value['R']:6.3f} {value['F1']:6.3f}")
    return "\n".join(lines)
