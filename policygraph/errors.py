"""One error hierarchy for policygraph.

Every error a user can cause is a ``PolicyGraphError``; each subclass carries the process exit code the CLI
uses for it, so the mapping from errors to exit codes lives here and nowhere else.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class PolicyGraphError(Exception):
    """Base class of every expected, user-facing error."""

    exit_code = 1


class InputError(PolicyGraphError):
    """An input file or text cannot be read or is not a privacy policy we can process."""

    exit_code = 3


class ConfigError(PolicyGraphError):
    """A setting, flag or configuration file is invalid."""

    exit_code = 2


class OntologyError(PolicyGraphError):
    """The ontology is malformed, inconsistent, or a concept name is unknown."""

    exit_code = 4


class UnknownConceptError(OntologyError):
    """A concept name given by a user matches no ontology term."""

    def __init__(self, value: str, kind: str, candidates: Iterable[str]):
        close = difflib.get_close_matches(value.lower(), sorted(set(candidates)), n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")
        self.value = value
        self.kind = kind
        self.suggestions = close


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


def choices_message(kind: str, value: object, valid: Iterable[str]) -> str:
    """A message naming a bad value and the valid ones."""
    return f"unknown {kind} {value!r}; valid: {', '.join(sorted(valid))}"
