"""Precision rules of 0.7.0, each from a shape of error the judged audits found, with hand-written sentences."""

from __future__ import annotations

import pytest

from policygraph.extract.blocks import layout, markdown_blocks
from policygraph.extract.reader import document_from_text
from policygraph.records import Action, SegmentKind


def _markdown(extractor, text):
    return extractor.extract(document_from_text(text, "t", markup="markdown")).statements


# -- a title in the gerund is a heading, and a use listed under it takes its purposes

@pytest.mark.parametrize("line", ["Improving our services", "Personalizing your feed other than ads",
                                  "Keeping your account secure"])
def test_a_short_gerund_line_is_a_heading(line):
    _, segments = layout(markdown_blocks(f"## Why we use data\n\n{line}\n\nWe use your location.\n"))
    assert segments[1].kind == SegmentKind.HEADING
    assert segments[2].heading_path[-1] == line


@pytest.mark.parametrize("line", ["During your visit we record the pages you open",
                                  "Sharing your data with advertisers is something we never do.",
                                  "Providing the following information is optional:"])
def test_a_sentence_opening_in_ing_is_no_heading(line):
    _, segments = layout(markdown_blocks(f"## Data\n\n{line}\n"))
    assert segments[1].kind == SegmentKind.TEXT


def test_a_listed_use_takes_the_purpose_of_a_gerund_title_but_not_what_it_sets_aside(extractor):
    text = ("## Legal bases\n\nCustomizing the app other than ads\n\nThe information we use could include:\n\n"
            "- your location\n- your device type\n")
    statements = _markdown(extractor, text)
    assert [s.purposes for s in statements if s.action == Action.USE] == [("Personalisation",)] * 2
