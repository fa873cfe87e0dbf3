"""Two policies side by side, as the ``compare`` question pairs them: each (kind, value) that either states (a
practice with its data category, or a fact family with its value), as both state it, only A, only B, and stated
by one while denied by the other; with a sentence of each side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policygraph.explorer.company import Item
from policygraph.ontology.lexicon import get_lexicon


@dataclass(frozen=True)
class Pair:
    """A (kind, value) and a sentence of each side saying it (empty when that side does not)."""

    kind: str
    value: str
    a: str
    b: str

    @property
    def labels(self) -> tuple[str, str]:
        terms = get_lexicon().terms
        return tuple(terms[x].label if x in terms else x for x in (self.kind, self.value))


def keyed(found: Iterable[Item], negated: bool) -> dict[tuple[str, str], str]:
    """(kind, value) -> the first sentence (in text order) that states it, or denies it when ``negated``."""
    out: dict[tuple[str, str], str] = {}
    for item in found:
        if item.negated != negated:
            continue
        for value in item.values["data"] + item.values["value"]:
            out.setdefault((item.kind, value), item.evidence)
    return out


def compare(a: list[Item], b: list[Item]) -> dict[str, list[Pair]]:
    """The groups of the page: ``both``, ``only_a``, ``only_b`` and ``denied`` (stated by one, denied by the
    other), each sorted by kind and value label."""
    stated_a, stated_b = keyed(a, False), keyed(b, False)
    denied_a, denied_b = keyed(a, True), keyed(b, True)
    groups = {
        "both": [Pair(*k, stated_a[k], stated_b[k]) for k in stated_a.keys() & stated_b.keys()],
        "only_a": [Pair(*k, stated_a[k], "") for k in stated_a.keys() - stated_b.keys()],
        "only_b": [Pair(*k, "", stated_b[k]) for k in stated_b.keys() - stated_a.keys()],
        "denied": [Pair(*k, stated_a[k], denied_b[k]) for k in stated_a.keys() & denied_b.keys()]
        + [Pair(*k, denied_a[k], stated_b[k]) for k in stated_b.keys() & denied_a.keys()],
    }
    return {name: sorted(pairs, key=lambda p: tuple(x.lower() for x in p.labels)) for name, pairs in groups.items()}
