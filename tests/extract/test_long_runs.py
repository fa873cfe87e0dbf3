"""A huge line without punctuation is parsed in short pieces (issue 17): statement building is more than linear
in a sentence's length, so a run of words with no sentence end is cut every ``MAX_RUN_CHARS`` characters."""

import random

from policygraph.extract.pipeline import MAX_RUN_CHARS, MAX_SEGMENT_CHARS, chunks

WORDS = "we collect your email address and share it with partners for marketing purposes".split()


def test_a_line_without_punctuation_is_cut_in_short_pieces():
    random.seed(7)
    line = " ".join(random.choice(WORDS) for _ in range(200_000))
    pieces = chunks(line, 0, len(line))
    assert max(end - start for start, end in pieces) <= MAX_RUN_CHARS
    covered = "".join(line[start:end] for start, end in pieces)
    assert covered.replace(" ", "") == line.replace(" ", ""), "every word is read once"


def test_punctuated_text_keeps_its_long_pieces():
    text = ("We collect your email address and share it with partners for marketing purposes. " * 2_000)
    pieces = chunks(text, 0, len(text))
    assert max(end - start for start, end in pieces) > MAX_RUN_CHARS
    assert all(end - start <= MAX_SEGMENT_CHARS for start, end in pieces)


def test_pieces_stay_inside_their_segment():
    text = "字" * 3000 + "。" + "字" * 2500 + " next segment. more"
    pieces = chunks(text, 0, 5501)
    assert pieces[-1][1] == 5501 and all(end - start <= 2000 for start, end in pieces)
    text = "x" * 5000 + " next segment. more"
    assert all(end <= 5000 and end - start <= 2000 for start, end in chunks(text, 0, 5000))
