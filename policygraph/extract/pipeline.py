"""From ``PolicyDocument`` to ``Extraction``: segment, parse every segment with spaCy in batches, build
statements and policy facts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from policygraph import __version__
from policygraph.extract.facts import FactExtractor
from policygraph.extract.nlp import load_pipeline
from policygraph.extract.segment import segment_text
from policygraph.extract.statements import SegmentContext, StatementBuilder
from policygraph.records import Extraction, PolicyDocument, SegmentKind

EXTRACTOR_VERSION = __version__
#: segments longer than this are cut for parsing (spaCy's parser is quadratic-ish on huge "sentences").
MAX_SEGMENT_CHARS = 20_000


class Extractor:
    """Extracts statements and facts; loads the spaCy pipeline once and reuses it for every document."""

    def __init__(self, batch_size: int = 64):
        self.nlp = load_pipeline()
        self.batch_size = batch_size
        self.builder = StatementBuilder()
        self.facts = FactExtractor()

    def extract(self, document: PolicyDocument) -> Extraction:
        """Extract one document."""
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[PolicyDocument]) -> Iterator[Extraction]:
        """Extract documents in order, streaming: one document's segments are parsed as one ``nlp.pipe`` batch."""
        for document in documents:
            yield self._extract(document)

    def _extract(self, document: PolicyDocument) -> Extraction:
        text = document.text
        segments = segment_text(text)
        pieces = [text[s.start:min(s.end, s.start + MAX_SEGMENT_CHARS)] for s in segments]
        statements = []
        facts_found = []
        context = SegmentContext()
        docs = self.nlp.pipe(pieces, batch_size=self.batch_size)
        for segment, doc in zip(segments, docs, strict=True):
            if segment.kind == SegmentKind.HEADING:
                context.recent_data = ()
                continue
            statements.extend(self.builder.build(doc, segment, segment.start, document.policy_id, text, context))
            facts_found.extend(self.facts.segment_facts(doc, segment, segment.start, document.policy_id, text))
            if segment.kind == SegmentKind.TEXT and doc.text.rstrip().endswith(":"):
                self.builder.lead_in_context(list(doc.sents)[-1], context)
        policy_facts = self.facts.policy_facts(document, facts_found)
        return Extraction(document, tuple(segments), tuple(statements), policy_facts, EXTRACTOR_VERSION)
