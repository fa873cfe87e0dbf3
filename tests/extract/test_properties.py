"""Property-based tests: segmentation and extraction never raise, evidence always quotes its offsets,
and the output is deterministic."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.extract.segment import segment_text

WORDS = ["We", "collect", "share", "your", "e-mail", "address", "with", "affiliates", "for", "marketing",
         "do", "not", "sell", "children", "under", "13", "•", "-", "a.", "1.", "HOW WE USE", "#", "**", ":",
         ";", ".", "\n", "\n\n", "cookies", "unless", "you", "consent", "information", "(", ")", "–"]
policy_like = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.text(max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, policy_like))
def test_segments_are_ordered_non_overlapping_and_inside_the_text(text):
    segments = segment_text(text)
    previous_end = 0
    for segment in segments:
        assert previous_end <= segment.start <= segment.end <= len(text)
        assert text[segment.start:segment.end].strip()
        previous_end = segment.end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(any_text, policy_like))
def test_extraction_never_raises_and_evidence_quotes_offsets(extract_text, text):
    first = extract_text(text)
    for record in (*first.statements, *first.facts.facts):
        ev = record.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text
        assert 0.0 <= ev.confidence <= 1.0
    assert extract_text(text) == first
