"""The context a segment is read in: the lead-in it continues, the heading above it, the data named just before."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc

from policygraph.records import Action, Segment

#: A lead-in that leaves its purposes to the list after it: "We use your information to:", "... for the following
#: purposes:".
PURPOSE_LEAD_IN = re.compile(r"(?:\b(?:to|for)|\b(?:purposes?|reasons?)(?: such as)?)\s*:\s*$", re.I)


@dataclass(frozen=True)
class LeadIn:
    """What a lead-in sentence ("We may share your data with advertisers:") gives the list items that continue it:
    the action and actor of its practice verb, its modality, whether it introduces purposes, whether it speaks of
    the user's own acts ("You have the right to:", "You can:": its items state nothing of the company), the
    recipients, conditions and data it names ("Where you have given us consent, we use your data to:"), whether
    it gives the user what its items name ("we will disclose to you:": an item naming data names what the user
    receives, no practice on it), and whether it states the practice of someone the policy does not answer for
    ("These providers may use cookies to collect:": its items are their practice, not the company's).
    """

    action: Action | None = None
    actor: str = "FirstParty"
    modality: str = "unspecified"
    purpose: bool = False
    by_user: bool = False
    recipients: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    to_the_user: bool = False
    by_another: bool = False


_NO_LEAD_IN = LeadIn()


@dataclass
class SegmentContext:
    """What a segment inherits from the text before it: the lead-ins seen (by their text), the recent data
    with the index of the segment that named it, the purposes each heading names (by its text; in its own words
    where no term names them), and the words of the operator's own names (lower case: "meta", "platforms"),
    which name no third party."""

    lead_ins: dict[str, LeadIn] = field(default_factory=dict)
    recent_data: tuple[str, ...] = ()
    recent_segment: int = -1
    heading_purposes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    heading_stated_purposes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    own_names: frozenset[str] = frozenset()

    def lead_in(self, segment: Segment) -> LeadIn:
        """The lead-in a list item continues (an empty one when it continues none)."""
        return self.lead_ins.get(segment.lead_in or "", _NO_LEAD_IN) if segment.lead_in else _NO_LEAD_IN

    def reset(self) -> None:
        """Forget the recent data: a new top-level section starts."""
        self.recent_data = ()


class SegmentReading(NamedTuple):
    """What the statement builder reads one segment with: its parsed ``doc``, the ``segment``, where the segment
    starts in the policy's ``text`` (``offset``), the ``policy_id``, and the ``context`` it is read in."""

    doc: Doc
    segment: Segment
    offset: int
    policy_id: str
    text: str
    context: SegmentContext
