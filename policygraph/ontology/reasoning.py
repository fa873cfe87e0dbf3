"""OWL reasoning with HermiT through owlready2 (the only module that imports owlready2).

owlready2 reads N-Triples, not Turtle, so the rdflib graph goes through a temporary file; each call uses a
fresh owlready2 ``World`` so repeated calls share no state.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph
from rdflib.term import Node

from policygraph.errors import OntologyError
from policygraph.ontology import load_ontology

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT concluded: consistency, and the classes that can have no members."""

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        """Consistent and every class satisfiable."""
        return self.consistent and not self.unsatisfiable


def run_reasoner(graph: Graph | None = None, extra: Iterable[Triple] = ()) -> ReasonerResult:
    """Classify ``graph`` (default: the packaged ontology) plus ``extra`` triples with HermiT.

    Raises ``OntologyError`` when Java is missing or HermiT fails for another reason than inconsistency.
    """
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise OntologyError(
            f"the OWL reasoner needs Java, and {owlready2.JAVA_EXE!r} was not found on PATH; "
            "install a Java runtime (17 or later) or skip the reasoner"
        )
    data = Graph()
    for triple in graph if graph is not None else load_ontology():
        data.add(triple)
    for triple in extra:
        data.add(triple)
    with tempfile.TemporaryDirectory(prefix="policygraph-owl-") as tmp:
        path = Path(tmp) / "ontology.nt"
        data.serialize(destination=path, format="nt", encoding="utf-8")
        return _classify(path)


def _classify(path: Path) -> ReasonerResult:
    world = owlready2.World()
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            world.get_ontology(path.as_uri()).load()
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return ReasonerResult(False, message="the ontology is inconsistent: some individual cannot exist")
    except (owlready2.OwlReadyJavaError, OSError) as exc:
        raise OntologyError(f"the HermiT reasoner failed: {exc}\n{chatter.getvalue()}".rstrip()) from exc
    else:
        unsatisfiable = tuple(
            sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
        )
        message = f"unsatisfiable classes: {', '.join(unsatisfiable)}" if unsatisfiable else "consistent"
        return ReasonerResult(True, unsatisfiable, message)
    finally:
        world.close()
