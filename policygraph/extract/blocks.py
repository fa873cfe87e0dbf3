"""Document structure from real parsers: Markdown (markdown-it-py, CommonMark with tables) and HTML (the standard
library's parser) into one list of blocks, laid out as plain text with its segments.

Policies as published are Markdown or HTML with headings, nested lists, tables and links. Reading them as lines
of text loses that structure and leaks markup into evidence: a table's header row became a practice, a postal
address a heading, ``[](#anchor)`` debris entered heading paths. Here a parser finds the structure, and the
layout writes a plain text (no markup: links become their text, emphasis and images vanish) in which every
segment's offsets are known, so evidence quotes what a reader sees.

Structure kept:
- headings with their levels;
- paragraphs, with a leading bold label ("**Affiliates.** We share ...") as context;
- list items with their depth; an item's lead-in is the sentence ending with a colon just before its list
  (the paragraph before a top-level list, the item above a nested one);
- tables: every cell of a row is read as its own paragraph in the context of the row's label (its first cell)
  and its column header; Open Terms Archive writes an empty header row with the real header as the first body
  row in bold, which is recognised. A cell's own line breaks and bullets (``<br>*   item``) are parsed as the
  Markdown they are.
Dropped: tables of contents and navigation (a list whose items are only links, a paragraph of links only), code
blocks, images, and in HTML scripts, styles and page furniture before the main content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from policygraph.extract.segment import clean_heading, heading_level, labelled_paragraph, lead_in_sentence
from policygraph.records import Segment, SegmentKind


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


@dataclass(frozen=True)
class Block:
    """One unit of a document's structure, its text free of markup.

    ``level`` is a heading's level or a list item's depth (1 = top-level item). ``context`` holds labels the
    block is read under besides the headings: a bold lead label, a table row's label and column header.
    """

    kind: BlockKind
    text: str
    level: int = 0
    context: tuple[str, ...] = ()


# -- Markdown ------------------------------------------------------------------------------------------------

_MD_SIGNALS = (
    re.compile(r"^#{1,6}\s+\S", re.M),                  # ATX heading
    re.compile(r"^\S.*\n(?:=+|-{3,})[ \t]*$", re.M),     # setext heading
    re.compile(r"\*\*[^*\n]+\*\*"),                      # bold
    re.compile(r"\[[^\]\n]*\]\([^)\s]+\)"),              # link
    re.compile(r"^\|.*\|[ \t]*$\n^\|[ \t:|-]+\|[ \t]*$", re.M),  # table header and delimiter rows
)


def looks_like_markdown(text: str) -> bool:
    """True when at least two kinds of Markdown syntax occur (one kind alone is common in plain text)."""
    head = text[:50_000]
    return sum(1 for signal in _MD_SIGNALS if signal.search(head)) >= 2


@lru_cache(maxsize=1)
def _markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def markdown_blocks(markup: str) -> list[Block]:
    """The blocks of a Markdown document."""
    return _MarkdownReader().read(_markdown_parser().parse(markup))


_BREAK = re.compile(r"<br\s*/?>", re.I)
#: The level of a heading the source did not mark up (a bold line, a short question): below every marked one.
PSEUDO_HEADING_LEVEL = 7


def _short_line(text: str) -> bool:
    """A line short enough to be a heading, not ending like a sentence or a lead-in ("**How we share**", not
    "**We do not sell your data.**" or "**We collect the following:**")."""
    return len(text.split()) <= 12 and not text.rstrip().endswith((".", ":", ";"))


#: A title in the gerund, sentence case: "Personalizing products other than ads", "Providing a seamless experience".
_GERUND_TITLE = re.compile(r"^[A-Z][a-z]{2,}ing\b")
#: Words in -ing that open a sentence as prepositions ("During your visit, ..."), not titles.
_ING_PREPOSITIONS = {"during", "according", "regarding", "including", "concerning", "following", "excluding",
                     "notwithstanding", "pending", "considering", "nothing", "something", "anything", "everything",
                     "bring", "thing", "things", "king", "spring", "string"}


def _unmarked_heading(text: str) -> bool:
    """A paragraph that reads as a heading although not marked up as one: a short question ("What information
    do we collect?"), a short line the plain-text heading rules accept ("HOW WE SHARE", "Your Choices"), or a
    short line in the gerund without a sentence end ("Personalizing products other than ads", "Improving our
    services"): policies title the sections of their uses so, in sentence case."""
    return ((text.endswith("?") and len(text.split()) <= 14) or heading_level(text) > 0
            or _gerund_title(text))


def _gerund_title(text: str) -> bool:
    words = text.split()
    return (bool(_GERUND_TITLE.match(text)) and len(words) <= 10 and words[0].lower() not in _ING_PREPOSITIONS
            and not text.rstrip().endswith((".", ":", ";", ",", "!")))


class _MarkdownReader:
    """Walks markdown-it's flat token stream, keeping the list depth and the table being read."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.depth = 0
        self.heading_level = 0
        self.lists: list[list[Block]] = []  # items of each open list, to drop a list of links only
        self.table: _Table | None = None
        self.bold_heading = False  # the last unmarked heading was a bold line

    def read(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            self._token(token)
        return self.blocks

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.depth += 1
            self.lists.append([])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.depth -= 1
            self.blocks = _without_empty_items(self.blocks, self.lists.pop())
        elif kind == "heading_open":
            self.heading_level = int(token.tag[1])
        elif kind == "heading_close":
            self.heading_level = 0
        elif kind == "table_open":
            self.table = _Table()
        elif kind == "table_close" and self.table is not None:
            self.blocks.extend(self.table.blocks())
            self.table = None
        elif kind == "tr_open" and self.table is not None:
            self.table.rows.append([])
        elif kind == "inline":
            self._inline(token)
        elif kind == "html_block":
            self.blocks.extend(html_blocks(token.content))

    def _inline(self, token: Token) -> None:
        if self.table is not None:
            self.table.rows[-1].append(token)
            return
        inline = inline_text(token)
        text, context = inline.text, (inline.label,) if inline.label else ()
        if self.heading_level:
            if text:
                self.blocks.append(Block(BlockKind.HEADING, text, self.heading_level))
                self.bold_heading = False
        elif self.depth:
            # An item of links only ("[Cookies](#cookies)") is kept empty until its list closes: a list of such
            # items is a table of contents and vanishes; otherwise the empty items do.
            item = Block(BlockKind.ITEM, text if inline.prose else "", self.depth, context)
            self.lists[-1].append(item)
            self.blocks.append(item)
        elif text and inline.prose:
            if "\n" not in text and ((inline.bold and _short_line(text)) or _unmarked_heading(text)):
                # a title in the gerund sits below a bold heading ("**Consent**" > "Personalizing ads"), and beside
                # another plain title line
                level = PSEUDO_HEADING_LEVEL
                if not inline.bold and _gerund_title(text) and self.bold_heading:
                    level = PSEUDO_HEADING_LEVEL + 1
                elif level == PSEUDO_HEADING_LEVEL:
                    self.bold_heading = inline.bold
                self.blocks.append(Block(BlockKind.HEADING, text.strip(" ."), level))
                return
            for line in text.split("\n"):
                self.blocks.append(Block(BlockKind.PARAGRAPH, line, 0, context))
                context = ()


@dataclass(frozen=True)
class Inline:
    """The plain text of an inline token: its text, the bold label it opens with, whether it has text outside
    links (``prose``) and whether it is bold throughout (``bold``)."""

    text: str
    label: str | None
    prose: bool
    bold: bool


def inline_text(token: Token) -> Inline:
    """Plain text of an inline token: links become their text, emphasis markers and images vanish, ``<br>`` and
    hard breaks become newlines. The label is a bold run that opens the text and is followed by more text
    ("**Affiliates.** We share ...")."""
    parts: list[str] = []
    in_link = 0
    prose = False
    bold: str | None = None
    bold_start: int | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
            if not in_link and child.content.strip(" |·•-–—,.;:()[]"):
                prose = True
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK.fullmatch(child.content.strip())):
            parts.append("\n")
        elif kind == "link_open":
            in_link += 1
        elif kind == "link_close":
            in_link -= 1
        elif kind == "strong_open" and not "".join(parts).strip():
            bold_start = len(parts)
        elif kind == "strong_close" and bold_start is not None and bold is None:
            bold = _tidy("".join(parts[bold_start:]))
    text = _tidy("".join(parts))
    whole = bold is not None and bold.strip(" .:") == text.strip(" .:")
    label = bold.strip(" :.–—-") if bold and not whole and len(bold.split()) <= 8 else None
    return Inline(text, label or None, prose, whole)


_UNPAIRED_BRACKET = re.compile(r"^\[(?=[^\]]*$)")
_LINK_DEBRIS = re.compile(r"\[([^\[\]\n]*)\]\([^)\s]*\)|\]\((?:https?:|#|/)[^)\s]*\)")
#: a bracketed number glued to a word is a note's marker, not text: "your device[11] information"
_NOTE_MARKER = re.compile(r"(?<=[^\W\d])(?:\[\d{1,3}\])+")


def _tidy(text: str) -> str:
    """Collapse spaces within lines and drop blank lines, and the debris of markup the source left broken (a
    link with a stray backslash, bold markers that do not pair, a note's marker)."""
    text = _NOTE_MARKER.sub("", _LINK_DEBRIS.sub(lambda m: m.group(1) or "", text)).replace("**", "")
    lines = (_UNPAIRED_BRACKET.sub("", " ".join(line.split())) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class _Table:
    """A Markdown table being read: each row a list of inline tokens."""

    rows: list[list[Token]] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        rows = [[inline_text(cell) for cell in row] for row in self.rows]
        if not rows:
            return []
        header, body = [cell.text for cell in rows[0]], rows[1:]
        # Open Terms Archive's tables: an empty header row, then the real header as a first row in bold.
        if not any(header) and body and all(cell.bold for cell in body[0] if cell.text):
            header, body = [cell.text for cell in body[0]], body[1:]
        raw_body = self.rows[len(self.rows) - len(body):]
        return table_blocks([h.replace("\n", " ") for h in header],
                            [[_cell_markdown(token, cell.text) for token, cell in zip(raw, row, strict=True)]
                             for raw, row in zip(raw_body, body, strict=True)])


def _cell_markdown(cell: Token, text: str) -> list[Block]:
    """A table cell parsed as the Markdown it holds: ``<br>`` lines become lines, bullets become items."""
    if "\n" not in text:
        return [Block(BlockKind.PARAGRAPH, text)] if text else []
    return markdown_blocks(_BREAK.sub("\n", cell.content).replace("\\|", "|"))


def table_blocks(header: list[str], rows: list[list[list[Block]]]) -> list[Block]:
    """The blocks of a table's cells, each in the context of its row label (the first cell, when short and
    followed by other cells) and its column header."""
    blocks: list[Block] = []
    for row in rows:
        first = " ".join(b.text for b in row[0]) if row else ""
        label = first if len(row) > 1 and 0 < len(first.split()) <= 12 else ""
        for index, cell in enumerate(row):
            if not (label and index == 0):
                blocks.extend(_in_context(cell, tuple(c for c in (label, _header(header, index)) if c)))
    return blocks


def _header(header: list[str], index: int) -> str:
    return header[index].strip(" :") if index < len(header) else ""


def _in_context(cell: list[Block], context: tuple[str, ...]) -> list[Block]:
    """A cell's blocks in the context of its row and column; a heading inside a cell is read as a paragraph, so
    that it does not become the heading of everything after the table."""
    return [Block(BlockKind.PARAGRAPH if b.kind == BlockKind.HEADING else b.kind, b.text, b.level,
                  context + b.context) for b in cell]


# -- HTML ----------------------------------------------------------------------------------------------------

_CODE = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select", "canvas", "object"}
_FURNITURE = {"nav", "header", "footer", "aside"}
_CONTENT_STARTS = {"main", "article", "h1"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {"p", "div", "section", "article", "br", "li", "table", "ul", "ol", "dd", "dt", "blockquote", "main",
               "pre", "hr", "caption", "figcaption", "form", "address", "tr", "td", "th", "body"} | _HEADINGS


def html_blocks(markup: str) -> list[Block]:
    """The blocks of an HTML document (or fragment)."""
    parser = _HtmlReader()
    parser.feed(markup)
    parser.close()
    return parser.blocks


@dataclass
class _HtmlTable:
    """A table being read: its rows of (is_header, cell blocks), and the block list it interrupts."""

    outer: list[Block]
    rows: list[list[tuple[bool, list[Block]]]] = field(default_factory=list)
    cell_header: bool | None = None  # None when no cell is open


class _HtmlReader(HTMLParser):
    """Collects text into the current block and closes it at block boundaries.

    Code and embedded objects are always dropped. Page furniture (nav, header, footer, aside) is dropped only
    until the main content starts (``main``, ``article``, the first ``h1``): real pages leave these elements
    unclosed, and an unclosed ``<nav>`` must not swallow the policy that follows it; inside the content, a
    section's ``<header>`` holds its heading and a ``<footer>`` its date, and both are read. Unclosed ``<li>``,
    ``<p>``, ``<td>`` and headings end at the next block tag. A table cell's blocks are read into a list of their
    own (``self.blocks`` while the cell is open).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.prose = False
        self.in_link = 0
        self.code_depth = 0
        self.furniture_depth = 0
        self.heading = 0
        self.in_item = False
        self.label: str | None = None
        self.bold_from: int | None = None
        self.lists: list[list[Block]] = []
        self.tables: list[_HtmlTable] = []
        self.content_started = False

    def handle_data(self, data: str) -> None:
        if self.code_depth or self.furniture_depth:
            return
        self.parts.append(data)
        if not self.in_link and data.strip(" \n\t|·•-–—,.;:()[]"):
            self.prose = True

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _CONTENT_STARTS:
            self.furniture_depth, self.content_started = 0, True
        if tag in _CODE:
            self.code_depth += 1
        elif self.code_depth:
            return
        elif tag in _FURNITURE and not self.content_started:
            self.flush()
            self.furniture_depth += 1
        elif self.furniture_depth:
            return
        elif tag == "a":
            self.in_link += 1
        elif tag in ("b", "strong") and not "".join(self.parts).strip():
            self.bold_from = len(self.parts)
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._open_block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE:
            self.code_depth = max(0, self.code_depth - 1)
        elif self.code_depth:
            return
        elif tag in _FURNITURE and not self.content_started:
            self.furniture_depth = max(0, self.furniture_depth - 1)
        elif self.furniture_depth:
            return
        elif tag == "a":
            self.in_link = max(0, self.in_link - 1)
        elif tag in ("b", "strong") and self.bold_from is not None and self.label is None:
            self.label = "".join(self.parts[self.bold_from:]).strip()
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._close_block(tag)

    def _open_block(self, tag: str) -> None:
        table = self.tables[-1] if self.tables else None
        self.heading = 0  # a heading left unclosed ends at the next block
        if tag in _HEADINGS:
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self.lists.append([])
        elif tag == "li":
            self.in_item = True
        elif tag == "table":
            self.tables.append(_HtmlTable(self.blocks))
        elif tag == "tr" and table is not None:
            self._close_cell()
            table.rows.append([])
        elif tag in ("td", "th") and table is not None:
            self._close_cell()
            if not table.rows:
                table.rows.append([])
            table.cell_header = tag == "th"
            self.blocks = []

    def _close_block(self, tag: str) -> None:
        if tag in _HEADINGS:
            self.heading = 0
        elif tag in ("ul", "ol") and self.lists:
            items = self.lists.pop()
            self.blocks = _without_empty_items(self.blocks, items)
        elif tag == "li":
            self.in_item = False
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "table" and self.tables:
            self._close_cell()
            table = self.tables.pop()
            self.blocks = table.outer
            self.blocks.extend(_html_table(table.rows))

    def _close_cell(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is None or table.cell_header is None:
            return
        table.rows[-1].append((table.cell_header, self.blocks))
        self.blocks, table.cell_header = table.outer, None

    def flush(self) -> None:
        """Close the block being read."""
        text = " ".join("".join(self.parts).split())
        label = (self.label or "").strip(" :.–—-")
        context = (label,) if label and len(label.split()) <= 8 and label != text.strip(" :.–—-") else ()
        if self.heading and text:
            self.blocks.append(Block(BlockKind.HEADING, text, self.heading))
        elif self.in_item and self.lists and (text or self.parts):
            item = Block(BlockKind.ITEM, text if self.prose else "", len(self.lists), context)
            self.lists[-1].append(item)
            self.blocks.append(item)
        elif text and self.prose:
            self.blocks.append(Block(BlockKind.PARAGRAPH, text, 0, context))
        self.parts, self.prose, self.label, self.bold_from = [], False, None, None

    def close(self) -> None:
        super().close()
        self.flush()
        while self.tables:  # a table left open at the end of the page
            self._close_block("table")


def _without_empty_items(blocks: list[Block], items: list[Block]) -> list[Block]:
    """A closed list's blocks: the whole list dropped when every item was links only (a table of contents or a
    menu), else only its empty items."""
    drop = {id(item) for item in items} if items and all(not item.text for item in items) else {
        id(item) for item in items if not item.text}
    return [b for b in blocks if id(b) not in drop]


def _html_table(rows: list[list[tuple[bool, list[Block]]]]) -> list[Block]:
    rows = [row for row in rows if row]
    if not rows:
        return []
    header: list[str] = []
    if all(is_header for is_header, _ in rows[0]):
        header = [" ".join(b.text for b in cell) for _, cell in rows[0]]
        rows = rows[1:]
    return table_blocks(header, [[cell for _, cell in row] for row in rows])


# -- layout --------------------------------------------------------------------------------------------------

def layout(blocks: list[Block]) -> tuple[str, tuple[Segment, ...]]:
    """The plain text of a document's blocks and its segments (offsets into that text).

    Blocks are separated by a blank line, consecutive list items by a line break. A segment's heading path is
    the headings above it plus its block context; a list item's lead-in is the colon-ended sentence before its
    list, or the item above it for a nested list.
    """
    pieces: list[str] = []
    segments: list[Segment] = []
    headings: list[tuple[int, str]] = []
    lead_ins: dict[int, str | None] = {}  # list depth -> lead-in of the items at that depth
    offset = 0
    previous: Block | None = None
    for block in blocks:
        if not block.text:
            continue
        if pieces:
            gap = "\n" if block.kind == BlockKind.ITEM and previous and previous.kind == BlockKind.ITEM else "\n\n"
            pieces.append(gap)
            offset += len(gap)
        start, end = offset, offset + len(block.text)
        pieces.append(block.text)
        offset = end
        if block.kind == BlockKind.HEADING:
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            segments.append(Segment(len(segments), SegmentKind.HEADING, start, end, tuple(h for _, h in headings)))
            headings.append((block.level, clean_heading(block.text)))
            lead_ins = {}
        elif block.kind == BlockKind.ITEM:
            path = tuple(h for _, h in headings) + block.context
            segments.append(Segment(len(segments), SegmentKind.LIST_ITEM, start, end, path,
                                    lead_ins.get(block.level)))
            for depth in [d for d in lead_ins if d > block.level]:
                del lead_ins[depth]
            lead_ins[block.level + 1] = lead_in_sentence(block.text) or lead_ins.get(block.level)
        else:
            path = tuple(h for _, h in headings) + block.context
            label = labelled_paragraph(block.text)
            segments.append(Segment(len(segments), SegmentKind.TEXT, start, end, path + ((label,) if label else ())))
            lead_ins = {1: lead_in_sentence(block.text)}
        previous = block
    return "".join(pieces) + "\n", tuple(segments)
