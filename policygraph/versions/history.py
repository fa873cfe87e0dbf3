"""A policy's versions, from a history directory or from the versions directory's index, and the two to compare.

``--from`` and ``--to`` name moments; the version compared is the one in force then: the latest published on or
before it (a plain date means the end of that day). Without ``--from``, the older version is the latest one
before ``--to``'s whose text differs: a history often holds a fetch of an unchanged text (same hash), and
comparing it with its twin says nothing. A diff of a history directory extracts only the two versions it
compares (when not extracted before); a timeline extracts every version not extracted before.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from policygraph.errors import ConfigError, InputError
from policygraph.versions.cache import IndexedVersion, VersionCache
from policygraph.versions.dates import as_of, show

log = logging.getLogger("policygraph.input")
V = TypeVar("V")


def moment(flag: str, text: str | None) -> datetime | None:
    """The moment a ``--from``/``--to``/``--as-of`` value names (None when not given)."""
    if text is None:
        return None
    value = as_of(text)
    if value is None:
        raise ConfigError(f"{flag} {text!r} is not a date: give 2024-03-01 or 2024-03-01T12:00:00Z")
    return value


def versions_to_compare(policy: str, cache: VersionCache, start: datetime | None, end: datetime | None
                        ) -> tuple[str, IndexedVersion, IndexedVersion]:
    """The policy id and the older and newer version of ``policy`` (a history directory or a policy id) to
    compare; a directory's two versions are extracted first when they have not been."""
    if not Path(policy).is_dir():
        return indexed_to_compare(policy, cache, start, end)
    from policygraph.versions.build import build_versions

    _check_order(start, end)
    policy_id, refs = _directory_refs(Path(policy))
    old, new = _pick(policy_id, refs, start, end, _hashes_of_texts())
    built = build_versions([old, new], cache)
    if len(built.get(policy_id, ())) != 2:
        raise InputError(f"a version of {policy_id} to compare cannot be read or extracted")
    return policy_id, *built[policy_id]


def indexed_to_compare(policy_id: str, cache: VersionCache, start: datetime | None, end: datetime | None
                       ) -> tuple[str, IndexedVersion, IndexedVersion]:
    """The policy id and the older and newer of its indexed versions to compare (never a directory of that name)."""
    _check_order(start, end)
    return policy_id, *_pick(policy_id, indexed_versions(policy_id, cache), start, end, lambda v: v.sha256)


def _check_order(start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and start > end:
        raise ConfigError(f"--from {show(start)} is after --to {show(end)}")


def all_versions(policy: str, cache: VersionCache) -> tuple[str, list[IndexedVersion]]:
    """The policy id and every version of ``policy``; a directory's versions are extracted first when needed."""
    if not Path(policy).is_dir():
        return policy, indexed_versions(policy, cache)
    from policygraph.versions.build import VersionsReport, build_versions

    policy_id, refs = _directory_refs(Path(policy))
    report = VersionsReport()
    build_versions(refs, cache, report)
    for failure in report.failures:
        log.warning("skipped %s: %s", failure.source, failure.reason)
    versions = cache.versions(policy_id)
    if not versions:
        raise InputError(f"no version of {policy_id} in {policy} can be read")
    return policy_id, versions


def indexed_versions(policy_id: str, cache: VersionCache) -> list[IndexedVersion]:
    """The indexed versions of a policy id; an unknown id is an ``InputError`` naming the closest ones."""
    versions = cache.versions(policy_id)
    if versions:
        return versions
    known = cache.policies()
    close = difflib.get_close_matches(policy_id, known, n=5, cutoff=0.5)
    hint = (f"; closest: {', '.join(close)}" if close else
            f"; known: {', '.join(known[:20])}" if known else f"; {cache.root} holds no versions yet")
    raise InputError(f"unknown policy {policy_id!r}: not a history directory, nor a policy with versions in "
                     f"{cache.root}{hint}")


def _directory_refs(path: Path):
    from policygraph.versions.sources import VersionRef, read_versions

    refs = []
    for item in read_versions([path]):
        if isinstance(item, VersionRef):
            refs.append(item)
        else:
            log.warning("skipped %s: %s", item.source, item.reason)
    policies = sorted({r.policy_id for r in refs})
    if len(policies) != 1:
        found = f"{len(policies)} policies ({', '.join(policies)})" if policies else "no readable version"
        raise InputError(f"{path} holds {found}: give the history directory of one policy")
    return policies[0], refs


def _hashes_of_texts() -> Callable:
    """A function giving a version's text hash, each version read once; an unreadable one is reported and has
    none (it is never compared)."""
    hashes: dict[str, str | None] = {}

    def text_hash(ref) -> str | None:
        if ref.source not in hashes:
            document = ref.read()
            hashes[ref.source] = getattr(document, "sha256", None)
            if hashes[ref.source] is None:
                log.warning("skipped %s: %s", document.source, document.reason)
        return hashes[ref.source]

    return text_hash


def _pick(policy_id: str, versions: Sequence[V], start: datetime | None, end: datetime | None,
          text_hash: Callable[[V], str | None]) -> tuple[V, V]:
    new = _in_force(policy_id, versions, end, text_hash)
    if start is not None:
        return _in_force(policy_id, versions, start, text_hash), new
    earlier = [v for v in versions if v.date < new.date and text_hash(v) is not None]
    older = next((v for v in reversed(earlier) if text_hash(v) != text_hash(new)), earlier[-1] if earlier else None)
    if older is None:
        raise InputError(f"{policy_id} has one version up to {show(new.date)}: nothing to compare it with")
    return older, new


def _in_force(policy_id: str, versions: Sequence[V], when: datetime | None, text_hash: Callable[[V], str | None]
              ) -> V:
    """The latest readable version on or before ``when`` (the latest readable one when None)."""
    earlier = [v for v in versions if when is None or v.date <= when]
    if not earlier:
        raise InputError(f"{policy_id} has no version on or before {show(when)}; its first is "
                         f"{show(versions[0].date)}")
    found = next((v for v in reversed(earlier) if text_hash(v) is not None), None)
    if found is None:
        raise InputError(f"{policy_id} has no readable version on or before {show(earlier[-1].date)}")
    return found
