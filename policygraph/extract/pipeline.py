"""From ``PolicyDocument`` to ``Extraction``: segment, parse every segment with spaCy in batches, build
statements and policy facts."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from policygraph.config import Settings
from policygraph.extract.context import SegmentContext
from policygraph.extract.facts import FactExtractor
from policygraph.extract.lead_ins import record_heading_purposes, record_lead_in
from policygraph.extract.nlp import load_pipeline
from policygraph.extract.operator import find_operator, operator_words
from policygraph.extract.segment import lead_in_sentence, segment_text
from policygraph.extract.statements import StatementBuilder
from policygraph.records import Extraction, PolicyDocument, Segment, SegmentKind

#: The version of what a policy's graph holds, its own number (not the package's): changed when extraction or
#: the triples written for an extraction change (0.9.x, 0.8.0: new extraction rules; 0.9.3 also pg:statedPurpose;
#: 0.9.4 also pg:Metadata; 0.7.0: the pg:...In properties), so that ``build`` re-extracts the stored policies and
#: ``verify`` reports them outdated; a release that changes neither leaves every stored policy current.
EXTRACTOR_VERSION = "0.9.4"
#: Readings below this confidence are left out: a paragraph read through its heading's topic, a purpose list
#: item, a denial whose exceptions are not named (0.6), a security word without a protected object (0.4). A
#: judged audit found most of them wrong (benchmarks/RESULTS.md). ``--min-confidence 0`` keeps every reading.
DEFAULT_MIN_CONFIDENCE = Settings.min_confidence
#: segments longer than this are parsed in pieces (spaCy's parser slows down on huge "sentences").
MAX_SEGMENT_CHARS = 20_000
#: a long segment with no sentence end in a piece's reach is cut in pieces this short: statement building is
#: more than linear in a sentence's length (a 258 KB line without punctuation: 42 s in 20,000-character pieces,
#: 17 s in 2,000-character ones)
MAX_RUN_CHARS = 2_000
#: the characters of one segment read in pieces with no sentence end in them; the rest of the segment is not
#: read, with a warning. Prose ends a sentence every few hundred characters, so 20,000 without one (about 3,000
#: words) is a dump of data, not a paragraph; reading it costs about 70 s per MB and finds nothing a person
#: would accept as a statement, so the work per segment is bounded here.
MAX_UNPUNCTUATED_CHARS = 20_000
log = logging.getLogger("policygraph.input")


class Extractor:
    """Extracts statements and facts; loads the spaCy pipeline once and reuses it for every document."""

    def __init__(self, batch_size: int = 64, min_confidence: float = DEFAULT_MIN_CONFIDENCE):
        self.nlp = load_pipeline()
        self.batch_size = batch_size
        self.min_confidence = min_confidence
        self.version = extractor_version(min_confidence)
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
        segments = document_segments(document)
        pieces = []
        for segment in segments:
            if segment.kind == SegmentKind.HEADING:
                continue
            read, skipped = chunks(text, segment.start, segment.end)
            pieces += [(segment, start, end) for start, end in read]
            if skipped:
                log.warning("%s: %s characters of segment %d were not read: over %s characters with no sentence "
                            "end", document.source or document.policy_id, f"{skipped:,}", segment.index,
                            f"{MAX_UNPUNCTUATED_CHARS:,}")
        statements = []
        facts_found = []
        operator = find_operator(text, document.metadata.get("company") or None)
        context = SegmentContext(own_names=operator_words(operator))
        headings = sorted({segment.heading_path[-1] for segment in segments if segment.heading_path})
        for heading, doc in zip(headings, self.nlp.pipe(headings, batch_size=self.batch_size), strict=True):
            record_heading_purposes(heading, doc, context)
        docs = self.nlp.pipe((text[start:end] for _, start, end in pieces), batch_size=self.batch_size)
        previous = None
        for (segment, start, _), doc in zip(pieces, docs, strict=True):
            if previous is not None and segment.heading_path[:1] != previous.heading_path[:1]:
                context.reset()
            previous = segment
            statements.extend(self.builder.build(doc, segment, start, document.policy_id, text, context))
            facts_found.extend(self.facts.segment_facts(doc, segment, start, document.policy_id, text))
            lead_in = lead_in_sentence(doc.text.strip())
            if lead_in:
                record_lead_in(lead_in, list(doc.sents)[-1], context)
        facts_found = [f for f in facts_found if f.evidence.confidence >= self.min_confidence]
        statements = [s for s in statements if s.evidence.confidence >= self.min_confidence]
        policy_facts = self.facts.policy_facts(document, facts_found, operator)
        return Extraction(document, tuple(segments), tuple(statements), policy_facts, self.version)


def document_segments(document: PolicyDocument) -> list[Segment]:
    """The segments of a document: those its Markdown or HTML parser found, else its lines' (plain text)."""
    return list(document.segments) or segment_text(document.text)


def extractor_version(min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """The version an extraction records: an extraction made with another confidence threshold holds other
    readings, and says so ("0.8.0+confidence0.5"), so that a store built with it is rebuilt (and reported as
    outdated by ``verify``) when the threshold changes."""
    if min_confidence == DEFAULT_MIN_CONFIDENCE:
        return EXTRACTOR_VERSION
    return f"{EXTRACTOR_VERSION}+confidence{min_confidence:g}"


def chunks(text: str, start: int, end: int, limit: int = MAX_SEGMENT_CHARS) -> tuple[list[tuple[int, int]], int]:
    """Split ``text[start:end]`` into pieces of at most ``limit`` characters, cutting after a sentence end
    (or at a space); with no sentence end in reach, pieces are at most ``MAX_RUN_CHARS`` long, and after
    ``MAX_UNPUNCTUATED_CHARS`` of those the rest is left unread. The pieces, and how many characters were
    left unread."""
    pieces = []
    unpunctuated = 0
    while end - start > MAX_RUN_CHARS:
        window = text[start:min(end, start + limit)]
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("; "))
        no_sentence_end = cut < 0
        if no_sentence_end:
            if unpunctuated >= MAX_UNPUNCTUATED_CHARS:
                return pieces, end - start
            cut = window.rfind(" ", 0, MAX_RUN_CHARS)
        elif end - start <= limit:
            break
        elif cut < limit // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else min(MAX_RUN_CHARS, end - start)
        unpunctuated += cut if no_sentence_end else 0
        pieces.append((start, start + cut))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces, 0
