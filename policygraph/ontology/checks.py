"""Checks of the ontology itself (``policygraph ontology check``): syntax, authoring shapes, DPV alignments,
OPP-115 mappings and OWL consistency, collected in a report rather than raised."""

from __future__ import annotations

import csv
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyshacl import validate
from rdflib import RDFS, SH, SKOS, BNode, Graph, URIRef
from rdflib.term import Node

from policygraph.errors import OntologyError
from policygraph.ontology import DPV, DPV_PD, load_ontology, ontology_turtle_sources
from policygraph.ontology.lexicon import FAMILY_ROOTS
from policygraph.ontology.namespace import PG

PASS, FAIL, SKIPPED = "pass", "fail", "skipped"
DPV_TABLES = ("dpv.csv", "pd.csv")
_DPV_RELATIVE = Path("..", "shared", "reference", "dpv-2.3")
_REPO_ROOT = Path(__file__).resolve().parents[2]

_PERSONAL_INFORMATION_TYPE = (
    "Financial",
    "Health",
    "Contact",
    "Location",
    "Demographic",
    "Personal identifier",
    "User online activities",
    "User profile",
    "Social media data",
    "IP address and device IDs",
    "Cookies and tracking elements",
    "Computer information",
    "Survey data",
    "Generic personal information",
    "Other",
    "Unspecified",
)

#: family -> (OPP-115 attribute, its closed value list); families without an attribute accept only "none".
OPP115_VALUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "data": ("Personal Information Type", _PERSONAL_INFORMATION_TYPE),
    "tracking": ("Personal Information Type", _PERSONAL_INFORMATION_TYPE),
    "purpose": (
        "Purpose",
        (
            "Basic service/feature",
            "Additional service/feature",
            "Advertising",
            "Marketing",
            "Analytics/Research",
            "Personalization/Customization",
            "Service Operation and Security",
            "Legal requirement",
            "Merger/Acquisition",
            "Other",
            "Unspecified",
        ),
    ),
    "recipient": (
        "Third Party Entity",
        (
            "Unnamed third party",
            "Named third party",
            "Other part of company/affiliate",
            "Other users",
            "Public",
            "Other",
            "Unspecified",
        ),
    ),
    "choice": (
        "Choice Type",
        (
            "Dont use service/feature",
            "Opt-in",
            "Opt-out link",
            "Opt-out via contacting company",
            "First-party privacy controls",
            "Third-party privacy controls",
            "Browser/device privacy controls",
            "Other",
            "Unspecified",
        ),
    ),
    "right": (
        "Access Type",
        (
            "None",
            "View",
            "Export",
            "Edit information",
            "Deactivate account",
            "Delete account (partial)",
            "Delete account (full)",
            "Other",
            "Unspecified",
        ),
    ),
    "retention": ("Retention Period", ("Indefinitely", "Limited", "Stated Period", "Other", "Unspecified")),
    "security": (
        "Security Measure",
        (
            "Secure data transfer",
            "Secure user authentication",
            "Secure data storage",
            "Data access limitation",
            "Privacy training",
            "Privacy review/audit",
            "Privacy/Security program",
            "Generic",
            "Other",
            "Unspecified",
        ),
    ),
    "audience": (
        "Audience Type",
        ("Californians", "Europeans", "Citizens from other countries", "Children", "Other"),
    ),
    "dnt": (
        "Do Not Track policy",
        ("Not mentioned", "Honored", "Not honored", "Mentioned, but unclear if honored", "Other"),
    ),
    "change": (
        "Notification Type",
        (
            "No notification",
            "General notice in privacy policy",
            "General notice on website",
            "Personal notice",
            "Other",
            "Unspecified",
        ),
    ),
    "action": ("", ()),
    "condition": ("", ()),
    "location": ("", ()),
    "safeguard": ("", ()),
}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``pass``, ``fail`` or ``skipped``, with explanatory messages."""

    name: str
    status: str
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    """All check results; ``ok`` is false when any check failed (skipped checks do not fail)."""

    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.status != FAIL for r in self.results)

    def result(self, name: str) -> CheckResult:
        return next(r for r in self.results if r.name == name)

    def render(self) -> str:
        lines = []
        for r in self.results:
            lines.append(f"{r.status:<8}{r.name}")
            lines += [f"        {m}" for m in r.messages]
        lines.append("ontology OK" if self.ok else "ontology check FAILED")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "checks": [
                {"name": r.name, "status": r.status, "messages": list(r.messages)} for r in self.results
            ],
        }


def check_ontology(
    dpv_dir: Path | None = None, *, reasoner: bool = True, graph: Graph | None = None
) -> CheckReport:
    """Run every check on the packaged ontology, or on ``graph`` when given (the parse check is then skipped).

    ``dpv_dir`` holds the DPV 2.3 term tables; by default ``../shared/reference/dpv-2.3`` relative to the
    working directory or the repository root, and the DPV check is skipped when none is found.
    """
    if graph is None:
        parsed = check_parse()
        graph = load_ontology() if parsed.status == PASS else None
    else:
        parsed = CheckResult("parse", SKIPPED, ("checking a graph given by the caller",))
    checks: list[tuple[str, Callable[[Graph], CheckResult]]] = [
        ("shapes", check_shapes),
        ("dpv", lambda g: check_dpv_alignments(g, dpv_dir)),
        ("opp115", check_opp115_values),
    ]
    if reasoner:
        checks.append(("reasoner", check_reasoner))
    results = [parsed]
    for name, check in checks:
        results.append(
            check(graph) if graph is not None else CheckResult(name, SKIPPED, ("the ontology did not parse",))
        )
    if not reasoner:
        results.append(CheckResult("reasoner", SKIPPED, ("skipped on request",)))
    return CheckReport(tuple(results))


def check_parse() -> CheckResult:
    """Each Turtle module parses on its own and uses no blank nodes."""
    problems, total = [], 0
    for name, text in ontology_turtle_sources().items():
        try:
            module = Graph().parse(data=text, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad syntax
            problems.append(f"{name}: {exc}")
            continue
        total += len(module)
        if any(isinstance(term, BNode) for triple in module for term in triple):
            problems.append(f"{name}: uses blank nodes (name every resource)")
    if problems:
        return CheckResult("parse", FAIL, tuple(problems))
    return CheckResult("parse", PASS, (f"{len(ontology_turtle_sources())} modules, {total} triples",))


def ontology_shapes() -> Graph:
    """The SHACL shapes of the ontology's authoring rules."""
    text = resources.files(__package__).joinpath("ontology-shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def check_shapes(graph: Graph) -> CheckResult:
    """Labels, definitions, parents, OPP-115 mappings and alignment objects per ``ontology-shapes.ttl``."""
    conforms, results, _ = validate(graph, shacl_graph=ontology_shapes(), advanced=True, inference="none")
    if conforms:
        return CheckResult(
            "shapes", PASS, ("every class has a label, a definition, a parent and its mappings",)
        )
    messages = set()
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = _short(graph, results.value(result, SH.focusNode))
        path = _short(graph, results.value(result, SH.resultPath))
        messages.add(f"{focus} {path}: {results.value(result, SH.resultMessage)}")
    return CheckResult("shapes", FAIL, tuple(sorted(messages)))


def find_dpv_dir() -> Path | None:
    """The default DPV table directory, when one exists."""
    for base in (Path.cwd(), _REPO_ROOT):
        candidate = base / _DPV_RELATIVE
        if all((candidate / name).is_file() for name in DPV_TABLES):
            return candidate.resolve()
    return None


def load_dpv_iris(dpv_dir: Path) -> set[str]:
    """Every IRI listed in the ``iri`` column of the DPV term tables."""
    iris: set[str] = set()
    for name in DPV_TABLES:
        with open(dpv_dir / name, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if "iri" not in (reader.fieldnames or ()):
                raise OntologyError(f"{dpv_dir / name} has no 'iri' column")
            iris.update(row["iri"] for row in reader)
    return iris


def check_dpv_alignments(graph: Graph, dpv_dir: Path | None = None) -> CheckResult:
    """Every DPV IRI cited by ``skos:exactMatch``/``skos:closeMatch`` exists in the DPV tables."""
    directory = dpv_dir or find_dpv_dir()
    if directory is None:
        return CheckResult(
            "dpv", SKIPPED, (f"no DPV tables found at {_DPV_RELATIVE}; alignments not verified",)
        )
    try:
        known = load_dpv_iris(directory)
    except (OSError, OntologyError) as exc:
        return CheckResult("dpv", FAIL, (f"cannot read the DPV tables in {directory}: {exc}",))
    cited = {
        (subject, obj)
        for predicate in (SKOS.exactMatch, SKOS.closeMatch)
        for subject, obj in graph.subject_objects(predicate)
        if str(obj).startswith((str(DPV), str(DPV_PD)))
    }
    missing = sorted(
        f"{_short(graph, s)} cites {o}, which DPV 2.3 does not define"
        for s, o in cited
        if str(o) not in known
    )
    if missing:
        return CheckResult("dpv", FAIL, tuple(missing))
    return CheckResult("dpv", PASS, (f"{len(cited)} alignments to DPV IRIs, all defined in {directory}",))


def check_opp115_values(graph: Graph) -> CheckResult:
    """Every ``pg:opp115Value`` is "none" or a value of the OPP-115 attribute of the term's family."""
    problems, count = [], 0
    for family, root in FAMILY_ROOTS.items():
        attribute, values = OPP115_VALUES[family]
        for term in graph.transitive_subjects(RDFS.subClassOf, root):
            for value in map(str, graph.objects(term, PG.opp115Value)):
                count += 1
                if value == "none" or value in values:
                    continue
                scheme = f"OPP-115 {attribute!r}" if attribute else 'no OPP-115 attribute (use "none")'
                close = difflib.get_close_matches(value, values, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(f"{_short(graph, term)}: {value!r} is not a value of {scheme}{hint}")
    if problems:
        return CheckResult("opp115", FAIL, tuple(sorted(problems)))
    return CheckResult("opp115", PASS, (f"{count} OPP-115 mappings, all valid for their family",))


def check_reasoner(graph: Graph) -> CheckResult:
    """The ontology is consistent and every class satisfiable under HermiT."""
    from policygraph.ontology.reasoning import run_reasoner  # imports owlready2, which is slow to load

    try:
        outcome = run_reasoner(graph)
    except OntologyError as exc:
        return CheckResult("reasoner", FAIL, (str(exc),))
    return CheckResult("reasoner", PASS if outcome.ok else FAIL, (f"HermiT: {outcome.message}",))


def _short(graph: Graph, term: Node | None) -> str:
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term)
    return str(term)
