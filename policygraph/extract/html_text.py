"""HTML to plain text with the standard library.

Block elements become line breaks and headings keep a Markdown-style ``#`` marker so the segmenter sees
them. Code and embedded objects (script, style, svg...) are always dropped. Page furniture (nav, header,
footer, aside) is dropped too, but only until the main content starts: real pages leave these elements
unclosed, and an unclosed ``<nav>`` must not swallow the policy that follows it.
"""

from __future__ import annotations

from html.parser import HTMLParser

_CODE = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select"}
_FURNITURE = {"nav", "header", "footer", "aside"}
_CONTENT_STARTS = {"main", "article", "h1"}
_BLOCK = {"p", "div", "section", "article", "br", "li", "tr", "td", "th", "table", "ul", "ol", "dd", "dt",
          "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "main", "pre", "hr", "caption", "figcaption", "form"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.code_depth = 0
        self.furniture_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _CONTENT_STARTS:
            self.furniture_depth = 0
        if tag in _CODE:
            self.code_depth += 1
        elif tag in _FURNITURE:
            self.furniture_depth += 1
        elif tag in _BLOCK and not self._skipping():
            self.parts.append("\n")
            if tag in _HEADINGS:
                self.parts.append("#" * int(tag[1]) + " ")
            elif tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in _CODE:
            self.code_depth = max(0, self.code_depth - 1)
        elif tag in _FURNITURE:
            self.furniture_depth = max(0, self.furniture_depth - 1)
        elif tag in _BLOCK and not self._skipping():
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data.replace("\n", " "))

    def _skipping(self) -> bool:
        return bool(self.code_depth or self.furniture_depth)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
