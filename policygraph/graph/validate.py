"""SHACL validation of one policy graph against ``ontology/policy-shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pyshacl import validate as shacl_validate
from rdflib import SH, Graph, URIRef

from policygraph.errors import ValidationError

SHAPES_FILE = "policy-shapes.ttl"
MAX_REPORTED = 5


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes every policy graph must satisfy."""
    text = resources.files("policygraph.ontology").joinpath(SHAPES_FILE).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def violations(graph: Graph) -> list[tuple[str, str, str]]:
    """``(shape, focus node, message)`` for each violation (shapes in prefixed form); empty if valid."""
    conforms, report, _ = shacl_validate(graph, shacl_graph=shapes_graph(), inference="none",
                                         allow_warnings=True)
    if conforms:
        return []
    names = shapes_graph().namespace_manager
    found = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        shape = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        shape_name = shape.n3(names) if isinstance(shape, URIRef) else str(shape)
        found.append((shape_name, focus.n3(names), str(message or "")))
    return sorted(set(found))


def validate_policy_graph(graph: Graph, policy_id: str) -> None:
    """Raise ``ValidationError`` naming the shape and focus node of each violation (the first few)."""
    found = violations(graph)
    if not found:
        return
    details = "; ".join(f"{shape} on {focus}: {message}" for shape, focus, message in found[:MAX_REPORTED])
    more = f" (and {len(found) - MAX_REPORTED} more)" if len(found) > MAX_REPORTED else ""
    raise ValidationError(f"policy {policy_id!r} violates the SHACL shapes: {details}{more}")
