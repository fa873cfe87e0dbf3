"""Rows -> text: ``table``, ``csv``, ``json`` (a list of row objects) and ``markdown`` (HTML escaped).

Answers are for people: table, CSV and Markdown show ontology terms by their label ("affiliate", "e-mail
address"); JSON keeps the full IRI and gives the label beside it (``"recipient_label"``). Every value becomes a
plain string (unbound values: empty cells, JSON ``null``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import Literal, URIRef

from policygraph.errors import ConfigError, choices_message
from policygraph.ontology.lexicon import get_lexicon
from policygraph.ontology.namespace import PG

FORMATS = ("table", "csv", "json", "markdown")
_PG = str(PG._NS)


def plain(value: Any, local_names: bool = True) -> str | None:
    """A term as plain text: ontology IRIs by local name (if ``local_names``), literals by lexical form."""
    if value is None:
        return None
    if isinstance(value, URIRef):
        text = str(value)
        return text[len(_PG):] if local_names and text.startswith(_PG) else text
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def readable(value: Any) -> str | None:
    """A term as a person reads it: an ontology class by its label, anything else as ``plain`` gives it."""
    text = plain(value)
    if isinstance(value, URIRef) and str(value).startswith(_PG):
        term = get_lexicon().terms.get(text)
        if term is not None:
            return term.label
    return text


def _columns(rows: Sequence[dict[str, Any]], columns: Iterable[str] | None) -> list[str]:
    if columns:
        return list(columns)
    found = getattr(rows, "columns", None)
    if found:
        return list(found)
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in names)
    return names


def _json_row(row: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A row as JSON: full IRIs, and each ontology term's label beside it (``<column>_label``)."""
    out: dict[str, Any] = {}
    for name in names:
        value = row.get(name)
        out[name] = plain(value, local_names=False)
        if isinstance(value, URIRef) and str(value).startswith(_PG):
            out[f"{name}_label"] = readable(value)
    return out


def per_statement(rows: Sequence[dict[str, Any]], columns: Iterable[str] | None = None
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per statement: a question's rows that come from one statement (its data categories, recipients,
    purposes and conditions multiplied out) become one row whose columns list their distinct values, "; "
    between them, in the order the rows gave them, with the statement's IRI first. The questions about data
    practices return a ``statement`` column; the rows of other questions are returned as they are."""
    names = _columns(rows, columns)
    if "statement" not in names:
        return list(rows), names
    others = [n for n in names if n != "statement"]
    groups: dict[Any, dict[str, list[str]]] = {}
    for number, row in enumerate(rows):
        # a row without a statement (possible in a query of one's own) is a statement of its own
        group = groups.setdefault(row.get("statement") or number, {n: [] for n in others})
        for name in others:
            text = readable(row.get(name))
            if text and text not in group[name]:
                group[name].append(text)
    merged = [{"statement": plain(statement) if not isinstance(statement, int) else None,
               **{n: "; ".join(v) or None for n, v in values.items()}} for statement, values in groups.items()]
    return merged, ["statement", *others]


def format_rows(rows: Sequence[dict[str, Any]], fmt: str = "table", columns: Iterable[str] | None = None,
                max_width: int | None = None) -> str:
    """Rows as text in one of ``FORMATS``; ``max_width`` truncates table cells (table only)."""
    if fmt not in FORMATS:
        raise ConfigError(choices_message("output format", fmt, FORMATS))
    names = _columns(rows, columns)
    if fmt == "json":
        data = [_json_row(row, names) for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    cells = [[readable(row.get(n)) or "" for n in names] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(cells)
        return out.getvalue()
    if fmt == "markdown":
        def md(text: str) -> str:
            """A cell that renders as the text it holds: HTML and link brackets escaped, on one line."""
            text = html.escape(re.sub(r"([\\|\[\]])", r"\\\1", text), quote=False)
            return " ".join(text.split())
        lines = ["| " + " | ".join(md(n) for n in names) + " |", "|" + "|".join(" --- " for _ in names) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    # table
    def cell(text: str) -> str:
        text = " ".join(text.split())
        if max_width and len(text) > max_width:
            text = text[: max(1, max_width - 1)] + "…"
        return text
    cells = [[cell(c) for c in row] for row in cells]
    widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
    out_lines = [line(names), line(["-" * w for w in widths])] + [line(row) for row in cells]
    suffix = f"({len(cells)} row{'s' if len(cells) != 1 else ''})"
    return "\n".join(out_lines + [suffix]) + "\n"
