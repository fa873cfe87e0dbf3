"""Diffs and timelines as rows for people: ontology terms by their labels, dates as ``YYYY-MM-DD``."""

from __future__ import annotations

from policygraph.ontology.lexicon import get_lexicon
from policygraph.versions.compare import PolicyDiff
from policygraph.versions.dates import show
from policygraph.versions.practices import FactKey, PracticeKey
from policygraph.versions.timeline import TimelineRow

DIFF_COLUMNS = ("change", "practice", "value", "old_sentence", "new_sentence")
TIMELINE_COLUMNS = ("practice", "appeared", "disappeared", "periods")


def label(local: str) -> str:
    """An ontology term's label ("LocationData" -> "location data"), or the name itself."""
    term = get_lexicon().terms.get(local)
    return term.label if term is not None else local


def describe(subject: PracticeKey | FactKey) -> str:
    """A practice or fact in words: "share location data", "not sell personal information", "user right:
    deletion"; a practice of another party names it ("[third party] collect ...")."""
    if isinstance(subject, FactKey):
        return f"{label(subject.kind)}: {'not ' if subject.negated else ''}{label(subject.value)}"
    actor = "" if subject.actor == "FirstParty" else f"[{label(subject.actor)}] "
    data = label(subject.data) if subject.data else "(data not named)"
    return f"{actor}{'not ' if subject.negated else ''}{subject.action.lower()} {data}"


def diff_rows(result: PolicyDiff) -> list[dict[str, str]]:
    """One row per change, with the sentence from each version ("" where the version has none)."""
    return [{"change": change.kind, "practice": describe(change.subject),
             "value": label(change.value) if change.value else "",
             "old_sentence": change.old.text if change.old else "",
             "new_sentence": change.new.text if change.new else ""} for change in result.changes]


def diff_header(result: PolicyDiff) -> str:
    count = len(result.changes)
    return (f"{result.policy_id}: {show(result.old.date)} -> {show(result.new.date)}: "
            f"{count} change{'s' if count != 1 else ''}")


def timeline_rows(rows: list[TimelineRow]) -> list[dict[str, str]]:
    """One row per practice or fact: when it first appeared, when it last disappeared ("" while stated), and
    every period it was stated in."""
    out = []
    for row in rows:
        periods = "; ".join(f"{_day(p.start)} - {_day(p.end) if p.end else 'now'}" for p in row.periods)
        last = row.periods[-1].end
        out.append({"practice": describe(row.subject), "appeared": _day(row.periods[0].start),
                    "disappeared": _day(last) if last else "", "periods": periods})
    return out


def _day(moment) -> str:
    return show(moment)[:10]
