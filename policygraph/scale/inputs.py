"""How many policies a build's inputs hold, counted cheaply (file names and JSON lines, nothing parsed) so
the progress bar can show an ETA. Reading the inputs is ``policygraph.extract.read_inputs``."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path

from policygraph.extract.reader import is_jsonl, policy_paths


def count_inputs(inputs: Iterable[str | os.PathLike]) -> int | None:
    """A cheap count of the policies under ``inputs`` (file names and JSON lines, nothing parsed), for the
    progress bar's ETA; None when it cannot be known in advance (stdin)."""
    total = 0
    for raw in inputs:
        text = str(raw)
        if text == "-":
            return None
        if text.startswith("@") and text != "@":
            path = Path(text[1:])
            try:  # a FIFO or a device is not read here: the reader reports it
                lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()] if path.is_file() else None
            except (OSError, UnicodeDecodeError):
                lines = None
            if lines is None:
                total += 1
                continue
            targets = [ln if Path(ln).is_absolute() else str(path.parent / ln)
                       for ln in lines if ln and not ln.startswith("#")]
            sub = count_inputs(targets)
            if sub is None:
                return None
            total += sub
        elif is_jsonl(text) and Path(text).is_file():
            opener = gzip.open if text.lower().endswith(".gz") else open
            with opener(text, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif Path(text).is_dir():
            total += sum(1 for item in policy_paths(Path(text)) if isinstance(item, Path))
        else:
            total += 1
    return total
