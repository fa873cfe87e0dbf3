"""Markdown output renders as the text it holds (issue 17): policy HTML, table pipes and link brackets in a cell
are escaped, checked by rendering the table with a real CommonMark parser (markdown-it-py, GFM tables)."""

from markdown_it import MarkdownIt

from policygraph.queries.format import format_rows

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> a|b [click](javascript:alert(3)) & \\ end"


def test_markdown_cells_escape_html_pipes_and_links():
    text = format_rows([{"sentence": HOSTILE, "company": "Acme"}], "markdown")
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert rendered.count("<td>") == 2, "the pipe stays inside its cell"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "[click](javascript:alert(3))" in rendered
