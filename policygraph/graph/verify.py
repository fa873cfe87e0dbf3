"""Compare a store with the inputs it was built from: which policies are missing, stale or orphaned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from policygraph.config import Settings
from policygraph.extract.reader import InputFailure, read_inputs
from policygraph.graph.stores import Store


@dataclass
class Verification:
    """Policy ids by state; ``unreadable`` holds inputs that could not be read at all."""

    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    unreadable: list[InputFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def verify_store(store: Store, inputs: Iterable[str], settings: Settings) -> Verification:
    """Check every readable input is stored with the same sha256, and no stored policy lacks an input."""
    stored = store.policy_state()
    result = Verification()
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
        else:
            result.present.append(item.policy_id)
    result.orphaned = sorted(set(stored) - seen)
    return result


def render_verification(result: Verification) -> str:
    """A short report: counts, then every policy that needs attention."""
    lines = [f"{len(result.present)} present, {len(result.missing)} missing, {len(result.stale)} stale, "
             f"{len(result.orphaned)} orphaned, {len(result.unreadable)} unreadable"]
    for label, ids in (("missing", result.missing), ("stale", result.stale), ("orphaned", result.orphaned)):
        lines += [f"  {label}: {policy_id}" for policy_id in ids]
    lines += [f"  unreadable: {f.source}: {f.reason}" for f in result.unreadable]
    return "\n".join(lines)
