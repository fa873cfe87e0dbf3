"""Extract versions into the versions directory: a text extracted before is not extracted again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policygraph.extract import Extractor
from policygraph.extract.pipeline import extractor_version
from policygraph.extract.reader import InputFailure
from policygraph.records import PolicyDocument
from policygraph.versions.cache import IndexedVersion, VersionCache
from policygraph.versions.sources import VersionRef

#: the confidence the kept extractions are made at: every reading, so any threshold can be applied later
KEEP_EVERY_READING = 0.0


@dataclass
class VersionsReport:
    """How many versions were extracted, found unchanged (already extracted), and which failed, with why."""

    extracted: int = 0
    unchanged: int = 0
    failures: list[InputFailure] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.extracted} versions extracted, {self.unchanged} unchanged (already extracted), "
                 f"{len(self.failures)} failed"]
        lines += [f"  skipped {f.source}: {f.reason}" for f in self.failures]
        return "\n".join(lines)


def build_versions(items: Iterable[VersionRef | InputFailure], cache: VersionCache,
                   report: VersionsReport | None = None) -> dict[str, list[IndexedVersion]]:
    """Extract every version not yet in ``cache`` and index them all; returns each policy's versions read here.

    The extractor is made (the spaCy model loaded) only when a version needs extracting. A version that cannot
    be read or extracted is a failure in ``report``; the others go on."""
    report = report if report is not None else VersionsReport()
    version = extractor_version(KEEP_EVERY_READING)
    extractor = None
    built: dict[str, list[IndexedVersion]] = {}
    for item in items:
        if isinstance(item, InputFailure):
            report.failures.append(item)
            continue
        document = item.read()
        if not isinstance(document, PolicyDocument):
            report.failures.append(document)
            continue
        if cache.has(document.sha256, version):
            report.unchanged += 1
        else:
            extractor = extractor or Extractor(min_confidence=KEEP_EVERY_READING)
            try:
                cache.put(extractor.extract(document))
            except (ValueError, RuntimeError, MemoryError, RecursionError) as exc:
                report.failures.append(InputFailure(item.source, f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            report.extracted += 1
        built.setdefault(item.policy_id, []).append(
            IndexedVersion(item.policy_id, item.date, document.sha256, version, item.source))
    for policy_id, versions in built.items():
        cache.record_versions(policy_id, versions)
    return built
