"""Text, Markdown and HTML policies -> segments -> spaCy -> statements and facts with evidence."""

from policygraph.extract.pipeline import EXTRACTOR_VERSION, Extractor
from policygraph.extract.reader import InputFailure, read_inputs

__all__ = ["EXTRACTOR_VERSION", "Extractor", "InputFailure", "read_inputs"]
