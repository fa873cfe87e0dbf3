"""One error hierarchy for policygraph.

Every error a user can cause is a ``PolicyGraphError``; each subclass carries the process exit code the CLI
uses for it, so the mapping from errors to exit codes lives here and nowhere else. Every message is tidied where
the error is made: credentials redacted (``redact``) and quoted values longer than ``VALUE_CHARS`` cut
(``cut_values``), so no message echoes a secret or a 100 KB parameter.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

VALUE_CHARS = 200
# Header lines, authorization schemes with their tokens, user:password@ in URLs, and key=value secrets.
_CREDENTIALS = re.compile(
    r"(?i)\b(?:proxy-)?authorization\b\s*[:=]\s*(?:[A-Za-z]+\s+)?[^\s,;]+|\b(?:set-)?cookie\b\s*[:=]\s*[^\r\n]*"
    r"|\b(?:basic|bearer|digest|negotiate)\s+[A-Za-z0-9+/=._~-]{6,}|(?<=://)[^/\s:@]+:[^/\s@]+@"
    r"|\b(?:password|passwd|pwd|token|secret|api[_-]?key)\b\s*[:=]\s*[^\s,;&]+")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with credentials replaced by ``[redacted]``: the given secrets wherever they appear, and whatever
    looks like one (Authorization and Cookie headers, Basic/Bearer tokens, user:password@ in URLs, password= and
    token= values)."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return _CREDENTIALS.sub(lambda m: "[redacted]@" if m.group(0).endswith("@") else "[redacted]", text)


def cut_values(text: str, limit: int = VALUE_CHARS) -> str:
    """``text`` with every quoted value longer than ``limit`` characters cut, saying how long it was."""
    def cut(match: re.Match) -> str:
        value = match.group(0)
        return value if len(value) <= limit else f"{value[:limit]}...{value[0]} ({len(value):,} characters)"

    return _QUOTED.sub(cut, text)


class PolicyGraphError(Exception):
    """Base class of every expected, user-facing error; its message is tidied (see the module docstring)."""

    exit_code = 1

    def __init__(self, *args: object):
        super().__init__(*(redact(cut_values(arg)) if isinstance(arg, str) else arg for arg in args))


class InputError(PolicyGraphError):
    """An input file or text cannot be read or is not a privacy policy we can process."""

    exit_code = 3


class ConfigError(PolicyGraphError):
    """A setting, flag or configuration file is invalid."""

    exit_code = 2


class OntologyError(PolicyGraphError):
    """The ontology is malformed or inconsistent, or a term it lacks was asked for."""

    exit_code = 4


class ModelError(PolicyGraphError):
    """No usable spaCy English pipeline is installed."""

    exit_code = 5


class StoreError(PolicyGraphError):
    """A store cannot be opened, written or queried (locked, corrupted, unreachable)."""

    exit_code = 6


class ValidationError(StoreError):
    """A policy graph violates the SHACL shapes; nothing was written."""


class QueryError(PolicyGraphError):
    """A query is malformed, unknown, not allowed (update without permission), or timed out."""

    exit_code = 7


class UnknownConceptError(QueryError, OntologyError):
    """A concept name given by a user matches no ontology term: a query error (exit 7), and an ontology look-up
    that failed (so ``except OntologyError`` still catches it)."""

    def __init__(self, value: str, kind: str, candidates: Iterable[str]):
        close = difflib.get_close_matches(value.lower(), sorted(set(candidates)), n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")
        self.value = value
        self.kind = kind
        self.suggestions = close


def choices_message(kind: str, value: object, valid: Iterable[str]) -> str:
    """A message naming a bad value and the valid ones."""
    return f"unknown {kind} {value!r}; valid: {', '.join(sorted(valid))}"
