"""The ontology seen as a lexicon: families of terms, their surface forms, hierarchy and OPP-115 mapping.

The extractor builds its phrase patterns from here and the query layer resolves what a person types
("affiliate", "E-mail address", "pg:Marketing") to an ontology IRI, so a synonym added to the Turtle as a
``skos:altLabel`` is immediately matched and queryable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDFS, SKOS, URIRef

from policygraph.errors import UnknownConceptError
from policygraph.ontology import load_ontology
from policygraph.ontology.namespace import PG

#: family name -> root class; every term below a root belongs to that family.
FAMILY_ROOTS: dict[str, URIRef] = {
    "data": PG.DataCategory,
    "purpose": PG.Purpose,
    "recipient": PG.Recipient,
    "action": PG.DataPractice,
    "condition": PG.Condition,
    "choice": PG.UserChoice,
    "right": PG.UserRight,
    "retention": PG.RetentionPeriod,
    "security": PG.SecurityMeasure,
    "audience": PG.Audience,
    "tracking": PG.TrackingTechnology,
    "dnt": PG.DoNotTrackStance,
    "change": PG.ChangeNotice,
    "location": PG.DataLocation,
    "safeguard": PG.TransferSafeguard,
}

_BASE = str(PG._NS)


@dataclass(frozen=True)
class Term:
    """One ontology class as the extractor and the query layer see it."""

    local: str
    family: str
    label: str
    alt_labels: tuple[str, ...]
    parent: str | None
    opp115: str | None

    @property
    def iri(self) -> URIRef:
        return URIRef(_BASE + self.local)


class Lexicon:
    """Terms of the ontology by family, with hierarchy, surface forms and resolution of user input."""

    def __init__(self, terms: Iterable[Term]):
        self.terms: dict[str, Term] = {t.local: t for t in terms}
        self._descendants: dict[str, tuple[str, ...]] = {}  # every bound concept asks again

    def family(self, name: str) -> list[Term]:
        """All terms of one family, roots included."""
        return [t for t in self.terms.values() if t.family == name]

    def ancestors(self, local: str) -> tuple[str, ...]:
        """The term followed by its parents up to its family root."""
        chain = []
        current: str | None = local
        while current is not None and current in self.terms:
            chain.append(current)
            current = self.terms[current].parent
        return tuple(chain)

    def descendants(self, local: str, strict: bool = False) -> tuple[str, ...]:
        """The term and all its sub-classes (only the sub-classes when ``strict``), in name order."""
        found = self._descendants.get(local)
        if found is None:
            found = self._descendants[local] = tuple(sorted(
                name for name in self.terms if local in self.ancestors(name)))
        return tuple(name for name in found if name != local) if strict else found

    def is_a(self, local: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(local)

    def opp115(self, local: str) -> str | None:
        """The OPP-115 value of a term, inherited from the nearest mapped ancestor; None when it has none."""
        for name in self.ancestors(local):
            value = self.terms[name].opp115
            if value is not None:
                return None if value == "none" else value
        return None

    def surface_forms(self, family: str) -> dict[str, str]:
        """Lower-cased labels and altLabels of a family mapped to term names; deeper terms win ties (two terms
        of one depth never share a form: ``tests/ontology`` checks it, so the winner never depends on order)."""
        forms: dict[str, str] = {}
        for term in sorted(self.family(family), key=lambda t: (len(self.ancestors(t.local)), t.local)):
            for form in (term.label, *term.alt_labels):
                forms[form.lower()] = term.local
        return forms

    def resolve(self, value: str, family: str | None = None) -> URIRef:
        """The IRI a person means by a label, altLabel, CURIE (``pg:Affiliate``) or full IRI.

        Matching is case-insensitive; labels are tried before altLabels. Raises ``UnknownConceptError``
        listing the closest valid labels when nothing matches.
        """
        text = value.strip()
        kind = family or "concept"
        candidates = self.family(family) if family else list(self.terms.values())
        lowered = text.lower()
        for term in candidates:
            if lowered in (term.local.lower(), f"pg:{term.local.lower()}", term.iri.lower()):
                return term.iri
        for term in candidates:
            if term.label.lower() == lowered:
                return term.iri
        for term in candidates:
            if lowered in (a.lower() for a in term.alt_labels):
                return term.iri
        names = [t.label for t in candidates] + [t.local for t in candidates]
        raise UnknownConceptError(text, kind, names)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The lexicon of the packaged ontology (built once per process)."""
    graph = load_ontology()
    roots = {root: family for family, root in FAMILY_ROOTS.items()}
    terms = []
    for subject in set(graph.subjects(SKOS.prefLabel, None)):
        if not str(subject).startswith(_BASE):
            continue
        family = _family_of(graph, subject, roots)
        if family is None:
            continue
        parent = graph.value(subject, RDFS.subClassOf)
        parent_local = str(parent)[len(_BASE):] if parent is not None and str(parent).startswith(_BASE) else None
        opp = graph.value(subject, PG.opp115Value)
        terms.append(
            Term(
                local=str(subject)[len(_BASE):],
                family=family,
                label=str(graph.value(subject, SKOS.prefLabel)),
                alt_labels=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))),
                parent=parent_local,
                opp115=str(opp) if opp is not None else None,
            )
        )
    return Lexicon(terms)


def _family_of(graph, subject, roots) -> str | None:
    current = subject
    for _ in range(20):
        if current in roots:
            return roots[current]
        current = graph.value(current, RDFS.subClassOf)
        if current is None:
            return None
    return None
