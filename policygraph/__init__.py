"""policygraph: privacy policies as a queryable knowledge graph."""

__version__ = "0.1.0"
