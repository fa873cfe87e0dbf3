"""Cross-policy questions: a catalogue of SPARQL ``.rq`` files, safe parameter binding, and output formats."""

from policygraph.queries.catalogue import (
    ORDER,
    Param,
    QuerySpec,
    bind,
    catalogue,
    get_query,
    load_query,
    parse_spec,
)
from policygraph.queries.format import FORMATS, format_rows, plain
from policygraph.queries.run import Rows, run_query
from policygraph.sparql import is_update

__all__ = ["FORMATS", "ORDER", "Param", "QuerySpec", "Rows", "bind", "catalogue", "format_rows", "get_query",
           "is_update", "load_query", "parse_spec", "plain", "run_query"]
