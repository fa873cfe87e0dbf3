"""Document structure from Markdown and HTML: blocks, their plain-text layout and segments."""

from __future__ import annotations

import pytest

from policygraph.extract.blocks import html_blocks, layout, looks_like_markdown, markdown_blocks
from policygraph.extract.reader import document_from_text
from policygraph.records import SegmentKind


def _segments(blocks):
    text, segments = layout(blocks)
    return text, [(s.kind, text[s.start:s.end], s.heading_path, s.lead_in) for s in segments]


def test_markdown_headings_links_and_emphasis_become_plain_text():
    text, segments = _segments(markdown_blocks(
        "Privacy Policy\n==============\n\n## 2\\. How we share\n\n"
        "We share your *email address* with [our partners](https://example.com/partners).\n"))
    assert "*" not in text and "](" not in text and "\\" not in text
    assert segments[0] == (SegmentKind.HEADING, "Privacy Policy", (), None)
    assert segments[1][:3] == (SegmentKind.HEADING, "2. How we share", ("Privacy Policy",))
    assert segments[2] == (SegmentKind.TEXT, "We share your email address with our partners.",
                           ("Privacy Policy", "How we share"), None)


def test_a_notes_marker_glued_to_a_word_is_dropped_but_a_bracketed_number_alone_stays():
    text, _ = _segments(markdown_blocks(
        "We receive your [device\\[11\\]\\[12\\]](https://e.org/#n11) information and section [2] applies.\n"))
    assert text.strip() == "We receive your device information and section [2] applies."


def test_table_of_contents_and_link_only_paragraphs_are_dropped():
    text, segments = _segments(markdown_blocks(
        "[](#top)[](#nav)\n\n* [What we collect](#collect)\n* [How we share](#share)\n\n"
        "## What we collect\n\nWe collect your name.\n"))
    assert "How we share" not in text
    assert [s[1] for s in segments] == ["What we collect", "We collect your name."]


def test_list_items_take_the_lead_in_of_their_list_and_nested_items_their_parent_item():
    _, segments = _segments(markdown_blocks(
        "We collect the following information:\n\n* Contact details, such as:\n  * your name\n"
        "  * your phone number\n* Device data\n\nWe never sell it.\n"))
    items = [s for s in segments if s[0] == SegmentKind.LIST_ITEM]
    assert [(s[1], s[3]) for s in items] == [
        ("Contact details, such as:", "We collect the following information:"),
        ("your name", "Contact details, such as:"),
        ("your phone number", "Contact details, such as:"),
        ("Device data", "We collect the following information:")]
    assert segments[-1][0] == SegmentKind.TEXT and segments[-1][3] is None


def test_a_leading_bold_label_is_context_and_a_bold_line_is_a_heading():
    _, segments = _segments(markdown_blocks(
        "**How we share information**\n\n**Affiliates.** We share your data with our affiliates.\n"))
    assert segments[0][:2] == (SegmentKind.HEADING, "How we share information")
    assert segments[1][1] == "Affiliates. We share your data with our affiliates."
    assert segments[1][2] == ("How we share information", "Affiliates")


def test_a_short_question_paragraph_is_a_heading():
    _, segments = _segments(markdown_blocks("What information do we collect?\n\nWe collect your name.\n"))
    assert segments[0][0] == SegmentKind.HEADING
    assert segments[1][2] == ("What information do we collect?",)


def test_table_with_an_empty_header_row_reads_the_bold_first_row_as_header():
    text, segments = _segments(markdown_blocks(
        "## Data we collect\n\n|     |     |\n| --- | --- |\n| **Data Category** | **Description** |\n"
        "| **Account data** | We collect your name and email address.<br><br>*   your phone number<br>"
        "*   your date of birth |\n"))
    assert "Data Category" not in text and "|" not in text and "<br>" not in text
    cells = [s for s in segments if s[0] != SegmentKind.HEADING]
    assert cells[0] == (SegmentKind.TEXT, "We collect your name and email address.",
                        ("Data we collect", "Account data", "Description"), None)
    assert [s[1] for s in cells[1:]] == ["your phone number", "your date of birth"]
    assert all(s[0] == SegmentKind.LIST_ITEM for s in cells[1:])


def test_html_structure_headings_lists_tables_and_furniture():
    markup = ("<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav><main><h1>Privacy</h1>"
              "<h2>Sharing</h2><p>We may share the following:<ul><li>your name<li>your <b>email</b></ul>"
              "<table><tr><th>Recipient</th><th>Purpose</th></tr><tr><td>Advertisers</td>"
              "<td>We share device identifiers with advertisers.</td></tr></table>"
              "<script>var x = '<p>We sell data</p>';</script></main></body></html>")
    text, segments = _segments(html_blocks(markup))
    assert "Home" not in text and "We sell data" not in text and "<" not in text
    assert [s[1] for s in segments] == ["Privacy", "Sharing", "We may share the following:", "your name",
                                        "your email", "We share device identifiers with advertisers."]
    assert segments[3][3] == "We may share the following:"
    assert segments[-1][2] == ("Privacy", "Sharing", "Advertisers", "Purpose")


@pytest.mark.parametrize("markup", [
    "<div><p>We collect your name.<li>broken item<td>cell",        # unclosed tags everywhere
    "<table><tr><td><table><tr><td>We collect your email.</td></tr></table></td></tr></table>",  # nested table
    "<ul>" * 12 + "<li>We collect your name." + "</ul>" * 12,          # lists nested twelve deep
])
def test_html_without_closing_tags_or_deeply_nested_still_reads(markup):
    text, segments = _segments(html_blocks(markup))
    assert "We collect your" in text
    assert all(text[s.start:s.end] for s in layout(html_blocks(markup))[1])


def test_markdown_recognised_by_content_only_with_two_kinds_of_syntax():
    assert looks_like_markdown("# Privacy\n\nWe collect **your name**.\n")
    assert not looks_like_markdown("PRIVACY\n\nWe collect your name - and your e-mail.\n")


def test_reader_offsets_of_markdown_segments_index_the_stored_text():
    document = document_from_text("# Privacy\n\n| Data | Use |\n| --- | --- |\n| name | billing |\n", "p", "p.md",
                                  markup="markdown")
    assert document.segments
    for segment in document.segments:
        assert document.text[segment.start:segment.end].strip() == document.text[segment.start:segment.end]
        assert "|" not in document.text[segment.start:segment.end]


def test_a_table_of_five_thousand_rows_is_read():
    rows = "".join(f"| item {i} | We collect your name for billing. |\n" for i in range(5000))
    text, segments = layout(markdown_blocks("| Data | Description |\n| --- | --- |\n" + rows))
    assert len(segments) == 5000 and text.count("We collect your name") == 5000


def test_a_bold_sentence_or_lead_in_is_not_a_heading():
    _, segments = _segments(markdown_blocks("**We do not sell your personal information.**\n\n"
                                            "**We collect the following:**\n\n* your name\n"))
    assert [s[0] for s in segments] == [SegmentKind.TEXT, SegmentKind.TEXT, SegmentKind.LIST_ITEM]
    assert segments[2][3] == "We collect the following:"


def test_a_heading_inside_a_table_cell_stays_in_the_table():
    _, segments = _segments(markdown_blocks("| Data | Use |\n| --- | --- |\n| name | **Billing**<br>We bill you. |\n\n"
                                            "After the table.\n"))
    assert segments[-1] == (SegmentKind.TEXT, "After the table.", (), None)


def test_html_headers_and_footers_inside_the_content_and_unclosed_headings():
    text, segments = _segments(html_blocks("<main><section><header><h2>How we share</h2></header>"
                                           "<p>We share your name.</p><footer>Last updated: 1 May 2024</footer>"
                                           "</section><h3>Retention<p>We keep it a year.<p>We delete it after."))
    assert "How we share" in text and "Last updated: 1 May 2024" in text
    assert [s[0] for s in segments[-2:]] == [SegmentKind.TEXT, SegmentKind.TEXT], "an unclosed <h3> ends"


def test_malformed_html_is_a_reason_not_a_traceback():
    failure = document_from_text("<html><body><![weird <p>We collect your name.</p>", "x", "x.html", markup="html")
    assert getattr(failure, "reason", "").startswith("malformed html")
