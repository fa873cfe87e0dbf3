"""When each practice and fact of a policy appeared and disappeared, across its versions in date order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from policygraph.versions.practices import FactKey, PracticeKey, VersionState


@dataclass(frozen=True)
class Period:
    """A stretch of versions stating something: from the first version stating it to the first that does not
    (None: still stated in the latest version)."""

    start: datetime
    end: datetime | None


@dataclass(frozen=True)
class TimelineRow:
    """One practice or fact and the periods it was stated in."""

    subject: PracticeKey | FactKey
    periods: tuple[Period, ...]


def timeline(dated_states: Sequence[tuple[datetime, VersionState]]) -> list[TimelineRow]:
    """The periods of every practice and fact over ``dated_states`` (in date order), practices first."""
    periods: dict[PracticeKey | FactKey, list[list]] = {}
    present: set = set()
    for date, state in dated_states:
        now = set(state.practices) | set(state.facts)
        for subject in now - present:
            periods.setdefault(subject, []).append([date, None])
        for subject in present - now:
            periods[subject][-1][1] = date
        present = now
    rows = [TimelineRow(subject, tuple(Period(s, e) for s, e in spans)) for subject, spans in periods.items()]
    return sorted(rows, key=lambda row: (isinstance(row.subject, FactKey), row.subject))
