"""The whole ontology serialised in one RDF format (``policygraph ontology export``)."""

from __future__ import annotations

from policygraph.errors import ConfigError, choices_message
from policygraph.ontology import load_ontology

#: export format name -> rdflib serialiser name
EXPORT_FORMATS: dict[str, str] = {
    "turtle": "longturtle",
    "rdfxml": "pretty-xml",
    "jsonld": "json-ld",
    "ntriples": "nt",
}


def export_ontology(format: str = "turtle") -> str:
    """The packaged ontology as text in ``format`` (turtle, rdfxml, jsonld or ntriples)."""
    serialiser = EXPORT_FORMATS.get(format)
    if serialiser is None:
        raise ConfigError(choices_message("export format", format, EXPORT_FORMATS))
    return load_ontology().serialize(format=serialiser, encoding=None)
