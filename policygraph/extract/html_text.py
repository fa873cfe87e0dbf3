"""HTML to plain text with the standard library: block elements become line breaks, scripts, styles,
navigation and other page furniture are dropped, headings keep a Markdown-style ``#`` marker so the
segmenter sees them."""

from __future__ import annotations

import html
from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button", "iframe"}
_BLOCK = {"p", "div", "section", "article", "br", "li", "tr", "table", "ul", "ol", "dd", "dt", "blockquote",
          "h1", "h2", "h3", "h4", "h5", "h6", "main", "aside", "pre", "hr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
            if tag in _HEADINGS:
                self.parts.append("#" * int(tag[1]) + " ")
            elif tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(" ".join(data.split(" ")).replace("\n", " "))


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        return html.unescape(markup)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
