"""policygraph: privacy policies as a queryable knowledge graph.

The public API, imported lazily so that ``import policygraph`` stays cheap:

- ``PolicyGraph``: open a store, build it from policies, query it (``policygraph.api``);
- ``Extractor``: policy text to statements and facts with evidence (``policygraph.extract``);
- ``read_inputs``: files, directories and stdin to ``PolicyDocument`` records.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.7.0"

_LAZY = {"PolicyGraph": "policygraph.api", "Extractor": "policygraph.extract", "read_inputs": "policygraph.extract"}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'policygraph' has no attribute {name!r}")
