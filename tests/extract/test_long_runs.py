"""A huge line without punctuation is parsed in short pieces, and only so far (issue 17): statement building is
more than linear in a sentence's length, so a run of words with no sentence end is cut every ``MAX_RUN_CHARS``
characters, and a segment stops being read after ``MAX_UNPUNCTUATED_CHARS`` of such pieces, with a warning."""

import logging
import random
import time

from policygraph.extract.pipeline import MAX_RUN_CHARS, MAX_SEGMENT_CHARS, MAX_UNPUNCTUATED_CHARS, chunks
from policygraph.records import PolicyDocument

WORDS = "we collect your email address and share it with partners for marketing purposes".split()


def unpunctuated_line(words: int) -> str:
    random.seed(7)
    return " ".join(random.choice(WORDS) for _ in range(words))


def test_a_line_without_punctuation_is_cut_in_short_pieces():
    line = unpunctuated_line(2_000)
    pieces, skipped = chunks(line, 0, len(line))
    assert max(end - start for start, end in pieces) <= MAX_RUN_CHARS and skipped == 0
    covered = "".join(line[start:end] for start, end in pieces)
    assert covered.replace(" ", "") == line.replace(" ", ""), "every word is read once"


def test_only_so_much_of_a_segment_without_punctuation_is_read():
    line = unpunctuated_line(200_000)
    pieces, skipped = chunks(line, 0, len(line))
    read = sum(end - start for start, end in pieces)
    assert MAX_UNPUNCTUATED_CHARS <= read <= MAX_UNPUNCTUATED_CHARS + MAX_RUN_CHARS
    assert pieces[-1][1] + skipped == len(line), "what is not read is counted"


def test_punctuated_text_keeps_its_long_pieces_and_is_read_whole():
    text = ("We collect your email address and share it with partners for marketing purposes. " * 2_000)
    pieces, skipped = chunks(text, 0, len(text))
    assert max(end - start for start, end in pieces) > MAX_RUN_CHARS and skipped == 0
    assert all(end - start <= MAX_SEGMENT_CHARS for start, end in pieces)
    assert pieces[-1][1] == len(text)


def test_pieces_stay_inside_their_segment():
    text = "字" * 3000 + "。" + "字" * 2500 + " next segment. more"
    pieces, _ = chunks(text, 0, 5501)
    assert pieces[-1][1] == 5501 and all(end - start <= 2000 for start, end in pieces)
    text = "x" * 5000 + " next segment. more"
    assert all(end <= 5000 and end - start <= 2000 for start, end in chunks(text, 0, 5000)[0])


def test_a_megabyte_line_is_bounded_and_reported(extractor, caplog):
    """A 1 MB line with no sentence end took 71 s to extract; now its first 20,000 characters are read, the
    rest is reported, and the policy's other paragraphs are still read."""
    line = unpunctuated_line(170_000)
    text = "We collect your email address.\n\n" + line + "\n\nWe share your phone number with advertisers.\n"
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="policygraph.input"):
        extraction = extractor.extract(PolicyDocument(policy_id="long", text=text, source="long.txt"))
    assert time.monotonic() - started < 30
    assert len(line) > 1_000_000
    assert any("long.txt" in r.message and "were not read" in r.message for r in caplog.records)
    sentences = {s.evidence.text for s in extraction.statements}
    assert "We share your phone number with advertisers." in sentences
