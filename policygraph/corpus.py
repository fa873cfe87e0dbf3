"""Run the extractor over many inputs: streaming, with a progress bar, never stopped by one bad file."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tqdm import tqdm

from policygraph.extract import Extractor, InputFailure, read_inputs
from policygraph.records import Extraction, PolicyDocument


@dataclass
class BatchReport:
    """Inputs that failed, with their reasons, and how many were extracted."""

    extracted: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.extracted} extracted, {len(self.failures)} failed"]
        lines += [f"  skipped {f.source}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


def extract_inputs(paths: Iterable[str], report: BatchReport, extractor: Extractor | None = None,
                   max_bytes: int = 5_000_000, quiet: bool = False) -> Iterator[Extraction]:
    """Extract every policy under ``paths``; failures (unreadable input or an extractor error on one
    document) go to ``report`` and the batch goes on."""
    extractor = extractor or Extractor()
    bar = tqdm(desc="extracting", unit="policy", file=sys.stderr, disable=quiet or not sys.stderr.isatty())
    for item in read_inputs(paths, max_bytes=max_bytes):
        bar.update(1)
        if isinstance(item, InputFailure):
            report.failures.append(item)
            continue
        extraction = _extract_one(extractor, item, report)
        if extraction is not None:
            report.extracted += 1
            yield extraction
    bar.close()


def _extract_one(extractor: Extractor, document: PolicyDocument, report: BatchReport) -> Extraction | None:
    try:
        return extractor.extract(document)
    except (ValueError, RuntimeError, MemoryError, RecursionError) as exc:
        report.failures.append(InputFailure(document.source or document.policy_id,
                                            f"extraction failed: {type(exc).__name__}: {exc}"))
        return None
