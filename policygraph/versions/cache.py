"""The versions directory: each version's extraction on disk by content hash, and each policy's list of versions.

``extractions/<extractor version>/<sha[:2]>/<sha256>.json`` holds a text and what the extractor read from it
(segments, statements, facts), every reading kept (``min_confidence=0``) so that a comparison can apply any
threshold without extracting again. A version whose text was extracted before, under any policy or date, costs
one file look-up.
``index/<policy id>.json`` lists a policy's versions: date, text hash, extractor version and source.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from policygraph.errors import StoreError
from policygraph.records import Extraction, PolicyDocument, PolicyFacts, Segment, SegmentKind, Statement
from policygraph.versions.dates import show, version_date

DEFAULT_DIR = "policygraph-versions"


@dataclass(frozen=True)
class IndexedVersion:
    """One version as the index lists it."""

    policy_id: str
    date: datetime
    sha256: str
    extractor_version: str
    source: str


@dataclass(frozen=True)
class Readings:
    """What the extractor read from one version's text: statements and policy facts, every confidence."""

    statements: tuple[Statement, ...]
    facts: PolicyFacts


class VersionCache:
    """A versions directory (see the module docstring)."""

    def __init__(self, root: str | os.PathLike = DEFAULT_DIR):
        self.root = Path(root)

    def _extraction_path(self, sha256: str, extractor_version: str) -> Path:
        return self.root / "extractions" / quote(extractor_version, safe="") / sha256[:2] / f"{sha256}.json"

    def _index_path(self, policy_id: str) -> Path:
        return self.root / "index" / f"{quote(policy_id, safe='')}.json"

    def has(self, sha256: str, extractor_version: str) -> bool:
        """Whether this text's extraction by this extractor version is kept."""
        return self._extraction_path(sha256, extractor_version).is_file()

    def put(self, extraction: Extraction) -> None:
        """Keep an extraction under its text's hash (written whole or not at all)."""
        document = extraction.document
        record = {"text": document.text, "metadata": document.metadata,
                  "segments": [dataclasses.asdict(segment) for segment in extraction.segments],
                  "statements": [s.to_dict() for s in extraction.statements], "facts": extraction.facts.to_dict()}
        path = self._extraction_path(extraction.document.sha256, extraction.extractor_version)
        _write_atomically(path, json.dumps(record, ensure_ascii=False))

    def readings(self, version: IndexedVersion) -> Readings:
        """The statements and facts of an indexed version's kept extraction."""
        return _readings(self._record(version))

    def extraction(self, version: IndexedVersion) -> Extraction:
        """An indexed version's kept extraction, whole (its text, segments, statements and facts)."""
        record = self._record(version)
        segments = tuple(Segment(**{**s, "kind": SegmentKind(s["kind"]), "heading_path": tuple(s["heading_path"])})
                         for s in record["segments"])
        document = PolicyDocument(version.policy_id, record["text"], version.source, record["metadata"], segments)
        readings = _readings(record)
        return Extraction(document, segments, readings.statements, readings.facts, version.extractor_version)

    def _record(self, version: IndexedVersion) -> dict[str, Any]:
        path = self._extraction_path(version.sha256, version.extractor_version)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the extraction of {version.policy_id} at {show(version.date)} is missing or damaged "
                             f"in {self.root} ({exc}); build the versions again") from None

    def record_versions(self, policy_id: str, versions: list[IndexedVersion]) -> None:
        """Add versions to a policy's index (a version at a listed date replaces it)."""
        by_date = {v.date: v for v in self.versions(policy_id)} | {v.date: v for v in versions}
        entries = [{"date": show(v.date), "sha256": v.sha256, "extractor_version": v.extractor_version,
                    "source": v.source} for v in sorted(by_date.values(), key=lambda v: v.date)]
        _write_atomically(self._index_path(policy_id),
                          json.dumps({"policy_id": policy_id, "versions": entries}, ensure_ascii=False, indent=1))

    def versions(self, policy_id: str) -> list[IndexedVersion]:
        """A policy's indexed versions in date order (empty when it has none)."""
        path = self._index_path(policy_id)
        if not path.is_file():
            return []
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))["versions"]
            return [IndexedVersion(policy_id, _date(e["date"]), e["sha256"], e["extractor_version"], e["source"])
                    for e in entries]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the version index of {policy_id} in {self.root} is damaged ({exc})") from None

    def policies(self) -> list[str]:
        """The ids of the policies with indexed versions."""
        folder = self.root / "index"
        return sorted(unquote(p.name[:-5]) for p in folder.glob("*.json")) if folder.is_dir() else []


def _readings(record: dict[str, Any]) -> Readings:
    return Readings(tuple(Statement.from_dict(s) for s in record["statements"]), PolicyFacts.from_dict(record["facts"]))


def _date(text: Any) -> datetime:
    date = version_date(str(text))
    if date is None:
        raise ValueError(f"bad date {text!r}")
    return date


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
