"""Rows -> text: ``table``, ``csv``, ``json`` (a list of row objects) and ``markdown``.

Table, CSV and Markdown show ontology IRIs by their local name ("Affiliate"); JSON keeps full IRIs. Every
value becomes a plain string (unbound values: empty cells, JSON ``null``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import Literal, URIRef

from policygraph.errors import ConfigError, choices_message
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


def format_rows(rows: Sequence[dict[str, Any]], fmt: str = "table", columns: Iterable[str] | None = None,
                max_width: int | None = None) -> str:
    """Rows as text in one of ``FORMATS``; ``max_width`` truncates table cells (table only)."""
    if fmt not in FORMATS:
        raise ConfigError(choices_message("output format", fmt, FORMATS))
    names = _columns(rows, columns)
    if fmt == "json":
        data = [{n: plain(row.get(n), local_names=False) for n in names} for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    cells = [[plain(row.get(n)) or "" for n in names] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(cells)
        return out.getvalue()
    if fmt == "markdown":
        def md(text: str) -> str:
            return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
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
