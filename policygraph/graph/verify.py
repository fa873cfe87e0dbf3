"""Compare a store with the inputs it was built from: which policies are missing, stale, outdated or orphaned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policygraph.config import Settings
from policygraph.extract.pipeline import extractor_version
from policygraph.extract.reader import InputFailure, read_inputs
from policygraph.graph.stores import Store


@dataclass
class Verification:
    """Policy ids by state; ``unreadable`` holds inputs that could not be read at all.

    ``stale``: the input changed since it was stored. ``outdated``: the input is unchanged but its graph was
    written by another extractor version (``outdated_versions`` says which), so it may lack what questions of
    this version read (0.4.0's ``pg:sentence``, for ``opt-out``); ``policygraph build`` rewrites both."""

    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    outdated_versions: dict[str, str] = field(default_factory=dict)
    #: the extractor version (with the settings' confidence threshold) the stored policies are checked against
    version: str = ""
    orphaned: list[str] = field(default_factory=list)
    unreadable: list[InputFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.outdated or self.orphaned)


def verify_store(store: Store, inputs: Iterable[str], settings: Settings) -> Verification:
    """Check every readable input is stored with the same sha256 by this extractor version, and no stored
    policy lacks an input."""
    stored = store.policy_state()
    result = Verification(version=extractor_version(settings.min_confidence))
    seen = set()
    for item in read_inputs(inputs, max_bytes=settings.max_bytes):
        if isinstance(item, InputFailure):
            result.unreadable.append(item)
            continue
        seen.add(item.policy_id)
        state = stored.get(item.policy_id)
        if state is None:
            result.missing.append(item.policy_id)
        elif state[0] != item.sha256:
            result.stale.append(item.policy_id)
        elif state[1] != result.version:
            result.outdated.append(item.policy_id)
            result.outdated_versions[item.policy_id] = state[1]
        else:
            result.present.append(item.policy_id)
    result.orphaned = sorted(set(stored) - seen)
    return result


def render_verification(result: Verification) -> str:
    """A short report: counts, then every policy that needs attention."""
    lines = [f"{len(result.present)} present, {len(result.missing)} missing, {len(result.stale)} stale, "
             f"{len(result.outdated)} outdated, {len(result.orphaned)} orphaned, {len(result.unreadable)} unreadable"]
    for label, ids in (("missing", result.missing), ("stale", result.stale), ("orphaned", result.orphaned)):
        lines += [f"  {label}: {policy_id}" for policy_id in ids]
    lines += [f"  outdated: {policy_id} (written by extractor {result.outdated_versions[policy_id]}, this is "
              f"{result.version}; run build again)" for policy_id in result.outdated]
    lines += [f"  unreadable: {f.source}: {f.reason}" for f in result.unreadable]
    return "\n".join(lines)
