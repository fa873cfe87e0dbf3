"""The two questions about a policy's versions: what changed between two of them, and its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from policygraph.config import Settings
from policygraph.versions.cache import IndexedVersion, VersionCache
from policygraph.versions.diff import Change, diff_states
from policygraph.versions.history import all_versions, indexed_to_compare, indexed_versions, versions_to_compare
from policygraph.versions.practices import VersionState, version_state
from policygraph.versions.timeline import TimelineRow, timeline

#: the threshold the catalogue's answers use: readings below it take part only when asked for
DEFAULT_MIN_CONFIDENCE = Settings.min_confidence


@dataclass(frozen=True)
class PolicyDiff:
    """The changes from one version of a policy to another."""

    policy_id: str
    old: IndexedVersion
    new: IndexedVersion
    changes: list[Change]


def policy_diff(policy: str, cache: VersionCache, start: datetime | None = None, end: datetime | None = None,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE, indexed_only: bool = False) -> PolicyDiff:
    """What changed in ``policy`` (a history directory or a policy id; with ``indexed_only``, a policy id of the
    versions directory only) between the versions in force at ``start`` and ``end`` (default: the latest version
    and the one before it with another text)."""
    pick = indexed_to_compare if indexed_only else versions_to_compare
    policy_id, old, new = pick(policy, cache, start, end)
    before, after = (version_state(cache.readings(v), min_confidence) for v in (old, new))
    return PolicyDiff(policy_id, old, new, diff_states(before, after))


def policy_timeline(policy: str, cache: VersionCache, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                    indexed_only: bool = False) -> tuple[str, list[IndexedVersion], list[TimelineRow]]:
    """Every version of ``policy`` (as ``policy_diff`` reads it) and when each practice and fact appeared and
    disappeared."""
    policy_id, versions = (policy, indexed_versions(policy, cache)) if indexed_only else all_versions(policy, cache)
    states: dict[str, VersionState] = {}
    dated = []
    for version in versions:
        if version.sha256 not in states:
            states[version.sha256] = version_state(cache.readings(version), min_confidence)
        dated.append((version.date, states[version.sha256]))
    return policy_id, versions, timeline(dated)
