"""Run the extractor over many inputs: streaming, with a progress bar, never stopped by one bad file."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from tqdm import tqdm

from policygraph.errors import ConfigError
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
                   max_bytes: int = 5_000_000, quiet: bool = False, company: str | None = None
                   ) -> Iterator[Extraction]:
    """Extract every policy under ``paths``; failures (unreadable input or an extractor error on one
    document) go to ``report`` and the batch goes on. ``company`` names the operator of the one policy read
    (see ``with_company``)."""
    return _extract_items(with_company(read_inputs(paths, max_bytes=max_bytes), company), report, extractor, quiet)


def with_company(items: Iterable[PolicyDocument | InputFailure], company: str | None
                 ) -> Iterator[PolicyDocument | InputFailure]:
    """``items`` with ``company`` as the document's operator (``metadata["company"]``, which wins over the
    name found in the text). A company names one policy: more inputs are a ``ConfigError``, raised here,
    before anything is extracted or stored."""
    if not company:
        return iter(items)
    head = list(islice(items, 2))
    if len(head) > 1:
        raise ConfigError("--company names the operator of one policy, but the inputs hold several; give each "
                          "policy its company in a JSON Lines corpus (a \"company\" field) instead")
    return iter([item if isinstance(item, InputFailure) else
                 replace(item, metadata={**item.metadata, "company": company}) for item in head])


def _extract_items(items: Iterable[PolicyDocument | InputFailure], report: BatchReport,
                   extractor: Extractor | None, quiet: bool) -> Iterator[Extraction]:
    """Extract documents as they are read, recording failures in ``report``."""
    extractor = extractor or Extractor()
    bar = tqdm(desc="extracting", unit="policy", file=sys.stderr, disable=quiet or not sys.stderr.isatty())
    for item in items:
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
