"""A policy's versions for the explorer, read from the versions directory only (``policygraph versions``): the
list of its versions, its timeline drawn as bars (``policygraph timeline``) and the changes between two versions
with the sentence from each (``policygraph diff``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from policygraph.versions.cache import IndexedVersion, VersionCache
from policygraph.versions.compare import DEFAULT_MIN_CONFIDENCE, PolicyDiff, policy_diff, policy_timeline
from policygraph.versions.dates import show
from policygraph.versions.history import moment
from policygraph.versions.practices import FactKey
from policygraph.versions.render import timeline_rows
from policygraph.versions.timeline import Period

#: the share of the timeline's width past the latest version, where what it still states runs on ("now")
NOW_MARGIN = 0.04


@dataclass(frozen=True)
class Versions:
    """The versions directory the explorer reads, and the confidence a reading needs to take part."""

    cache: VersionCache
    min_confidence: float = DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True)
class Listed:
    """One version in the page's list: its moment, the number of its text (1 for the first text, a refetch of an
    unchanged text keeps its number) and the moment of the version before (empty for the first)."""

    stamp: str
    text: int
    changed: bool
    before: str

    @property
    def day(self) -> str:
        return self.stamp[:10]


@dataclass(frozen=True)
class Bar:
    """A period drawn on the timeline: where it starts and how wide it is (percent of the width), in words."""

    left: float
    width: float
    label: str


@dataclass(frozen=True)
class Line:
    """A practice or fact on the timeline: in words, its periods in words and as bars, whether it is a denial."""

    subject: str
    periods: str
    bars: tuple[Bar, ...]
    denied: bool
    fact: bool


@dataclass(frozen=True)
class History:
    """A policy's versions and timeline, as the page shows them."""

    policy_id: str
    listed: list[Listed]
    lines: list[Line]
    ticks: list[Bar]


def policies(versions: Versions) -> list[tuple[str, int, str, str]]:
    """Each policy with versions: its id, how many versions, the first and the latest day."""
    found = ((policy_id, versions.cache.versions(policy_id)) for policy_id in versions.cache.policies())
    return [(policy_id, len(indexed), _day(indexed[0].date), _day(indexed[-1].date))
            for policy_id, indexed in found if indexed]


def history(versions: Versions, policy_id: str) -> History:
    """A policy's versions and timeline (an unknown policy is an ``InputError``)."""
    _, indexed, rows = policy_timeline(policy_id, versions.cache, versions.min_confidence, indexed_only=True)
    first, width = indexed[0].date, _width(indexed)
    lines = [Line(words["practice"], words["periods"], tuple(_bar(p, first, width) for p in row.periods),
                  row.subject.negated, isinstance(row.subject, FactKey))
             for row, words in zip(rows, timeline_rows(rows), strict=True)]
    return History(policy_id, listed(indexed), lines, _ticks(first, width))


def changes(versions: Versions, policy_id: str, start: str | None, end: str | None) -> PolicyDiff:
    """The changes between the versions in force at ``start`` and ``end`` (dates as the page's form gives them;
    default: the latest version and the one before it with another text)."""
    return policy_diff(policy_id, versions.cache, moment("from", start), moment("to", end),
                       versions.min_confidence, indexed_only=True)


def listed(indexed: list[IndexedVersion]) -> list[Listed]:
    """The versions in date order, each text numbered in the order it first appeared."""
    numbers: dict[str, int] = {}
    out = []
    for i, version in enumerate(indexed):
        number = numbers.setdefault(version.sha256, len(numbers) + 1)
        before = indexed[i - 1] if i else None
        out.append(Listed(show(version.date), number, before is not None and before.sha256 != version.sha256,
                          show(before.date) if before else ""))
    return out


def _width(indexed: list[IndexedVersion]) -> timedelta:
    """The timeline's span: from the first version to a margin past the latest one (a day at least)."""
    span = indexed[-1].date - indexed[0].date
    return span + max(span * NOW_MARGIN, timedelta(days=1))


def _bar(period: Period, first: datetime, width: timedelta) -> Bar:
    start = _percent(period.start - first, width)
    stop = _percent(period.end - first, width) if period.end else 100.0
    return Bar(start, round(stop - start, 2), f"{_day(period.start)} - {_day(period.end) if period.end else 'now'}")


def _ticks(first: datetime, width: timedelta) -> list[Bar]:
    """A mark at the start of each year the timeline crosses (at its start when it crosses none)."""
    years = [datetime(year, 1, 1, tzinfo=first.tzinfo) for year in range(first.year + 1, (first + width).year + 1)]
    return [Bar(_percent(year - first, width), 0, str(year.year)) for year in years] or [Bar(0, 0, _day(first))]


def _percent(part: timedelta, whole: timedelta) -> float:
    return round(100 * part / whole, 2)


def _day(when: datetime) -> str:
    return show(when)[:10]
