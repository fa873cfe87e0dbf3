"""Which of a policy's statements its own denials contradict (computed once per policy, stored in the graph).

A policy that says "we share your e-mail address with advertisers" and elsewhere "we do not share your e-mail
address with advertisers" contradicts itself. Finding such pairs in SPARQL means joining every denial with
every statement of its policy, which on a store of 10,000 policies takes tens of seconds. All the statements of
one policy are in memory when its graph is written, so the pairs are found here, in microseconds, and stored
as ``statement pg:deniedBy denial``; the ``contradictions`` query only reads them.

A pair: the denial is negated and the statement is not; both have the same action and the same actor; they
name the same data categories; they have a recipient in common or neither names one; a purpose in common or
neither names one. Unlike PolicyLint, which compares data and entity only, the action and purpose must agree
too: "we do not sell your data" does not contradict "we share your data with service providers". And, because a
judged audit found nine in ten such pairs wrong otherwise:
- the data in common must say what data it is, unless a recipient is in common too: "information" stated in one
  sentence and denied in another ("we do not use specially protected information for ads") is rarely the same;
- neither may carry a condition: "we collect your location when you enable it" and "we do not collect it when
  Location Services are off" agree; a conditional practice is not contradicted by a conditional denial;
- the denial must be plain: a sentence that limits it ("not once Location Services is off", "not without your
  approval", "only ...") is not a flat denial, whether or not the limit was read as a condition;
- the data must be the same data, not an overlap: "we do not receive phone numbers in clear text" and "we
  collect your phone number and contacts" share a category but not a practice. A second judged audit (seed 71,
  20 rows) found every overlapping pair wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policygraph.records import UMBRELLA_DATA, Statement


def denied_by(statements: Iterable[Statement]) -> list[tuple[Statement, Statement]]:
    """``(statement, denial)`` pairs of one policy, in the order of the statements."""
    statements = list(statements)
    denials = [s for s in statements if s.negated]
    return [(statement, denial) for statement in statements if not statement.negated for denial in denials
            if statement.action == denial.action and statement.actor == denial.actor
            and not (statement.conditions or denial.conditions)
            and not _LIMITED.search(denial.evidence.text)
            and _same_data(statement, denial)
            and _agree(statement.recipients, denial.recipients)
            and _agree(statement.purposes, denial.purposes)]


#: Words that limit a denial to some cases.
_LIMITED = re.compile(r"\b(?:if|when|whenever|once|unless|except|without|only|until|after|before|while|where|"
                      r"unlike|instead|rather|other than|beyond)\b", re.I)


def _same_data(statement: Statement, denial: Statement) -> bool:
    mine, theirs = set(statement.data_categories), set(denial.data_categories)
    return bool(mine) and mine == theirs and bool(
        mine - UMBRELLA_DATA or set(statement.recipients) & set(denial.recipients))


def _agree(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    return bool(set(mine) & set(theirs)) if mine or theirs else True
