"""Exporting the ontology in each RDF format."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from policygraph.errors import ConfigError
from policygraph.ontology import load_ontology
from policygraph.ontology.export import EXPORT_FORMATS, export_ontology

_PARSERS = {"turtle": "turtle", "rdfxml": "xml", "jsonld": "json-ld", "ntriples": "nt"}


@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # rdflib json-ld parser
@pytest.mark.parametrize("name", sorted(EXPORT_FORMATS))
def test_export_parses_back_isomorphic(name):
    text = export_ontology(name)
    assert isomorphic(Graph().parse(data=text, format=_PARSERS[name]), load_ontology())


def test_unknown_format_lists_the_valid_ones():
    with pytest.raises(ConfigError) as caught:
        export_ontology("owl")
    for name in EXPORT_FORMATS:
        assert name in str(caught.value)
