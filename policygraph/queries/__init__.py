"""Cross-policy questions: a catalogue of SPARQL ``.rq`` files, safe parameter binding, and output formats."""

from policygraph.queries.catalogue import (
    ORDER,
    Param,
    QuerySpec,
    Rows,
    bind,
    catalogue,
    get_query,
    is_update,
    load_query,
    parse_spec,
    run_query,
)
from policygraph.queries.format import FORMATS, format_rows, plain

__all__ = ["FORMATS", "ORDER", "Param", "QuerySpec", "Rows", "bind", "catalogue", "format_rows", "get_query",
           "is_update", "load_query", "parse_spec", "plain", "run_query"]
