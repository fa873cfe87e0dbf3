"""Split a policy text into segments (headings, list items, paragraphs) that keep their context.

Policies are structured documents and a sentence often means nothing without what surrounds it: a list
item "Your e-mail address;" only states a practice through its lead-in "We may collect the following
information:", and a paragraph under "HOW WE SHARE INFORMATION" is about sharing. Segmentation keeps that
context: each segment knows the headings above it (``heading_path``) and, for list items, the lead-in
sentence they continue. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policygraph.records import Segment, SegmentKind

_BULLET = re.compile(r"^\s*(?:[·•▪◦●○■□\-*–—>]+\s+|\(?[a-z]\.\s+|\(?[ivx]{1,4}\)\s+|\d{1,2}\)\s+)")
_NUMBERED = re.compile(r"^\s*(?:(?:article|section|part)\s+\d+[.:]?|\d{1,2}(?:\.\d{1,2})*\.?)\s+", re.I)
_MARKDOWN_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_BOLD_LINE = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")
# A labelled paragraph: a short label, a dash or colon, then prose ("Affiliates – We may share ...").
_LABEL = re.compile(r"^\s*([A-Z][\w'’/&,() ]{1,60}?)\s*(?:[–—]|\s-\s|:)\s+(?=[A-Z(\"“])")
_MARKUP = re.compile(r"[*_`#>\\]+")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    blank_lines_before: int = 0


def segment_text(text: str) -> list[Segment]:
    """Segments of a policy text in document order; blank lines are never segments."""
    segments: list[Segment] = []
    headings: list[tuple[int, str]] = []
    lead_in: str | None = None
    item_style: str | None = None
    for block in _paragraph_lines(text):
        stripped = block.text.strip()
        if block.blank_lines_before >= 2:
            lead_in = None
        level = heading_level(stripped)
        if level:
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, clean_heading(stripped)))
            segments.append(Segment(len(segments), SegmentKind.HEADING, block.start, block.end,
                                    tuple(h for _, h in headings[:-1])))
            lead_in = None
            continue
        label = labelled_paragraph(stripped)
        path = tuple(h for _, h in headings) + ((label,) if label else ())
        style = _item_style(stripped)
        continues_list = lead_in is not None and style == (item_style or style) and not _starts_prose(stripped)
        if continues_list or style == "bullet" or _looks_like_item(stripped):
            item_style = item_style or style
            # the item's text starts after its marker: "- Delete your data" parses as the sentence it is
            marker = _BULLET.match(block.text)
            start = block.start + (len(marker.group(0)) if marker and marker.end() < len(block.text) else 0)
            segments.append(Segment(len(segments), SegmentKind.LIST_ITEM, start, block.end, path,
                                    lead_in if continues_list else None))
        else:
            segments.append(Segment(len(segments), SegmentKind.TEXT, block.start, block.end, path))
            lead_in = lead_in_sentence(stripped)
            item_style = None
    return segments


def heading_level(line: str) -> int:
    """The heading level of a line (1 = top), or 0 when the line is not a heading.

    A heading is short, does not end like a sentence, and is marked: Markdown ``#``, a bold line, ALL CAPS,
    a numbered section or article ("2.1 Geographic Storage"), or a short Title Case line.
    """
    if not line or len(line) > 100:
        return 0
    md = _MARKDOWN_HEADING.match(line)
    if md:
        return len(md.group(1))
    if _BOLD_LINE.match(line):
        return 2
    plain = _MARKUP.sub("", line).strip()
    if not plain or plain[-1] in ".;,:" or len(plain.split()) > 12:
        return 0
    numbered = _NUMBERED.match(plain)
    if numbered:
        rest = plain[numbered.end():]
        if rest and rest[0].isupper() and len(rest.split()) <= 10:
            return 1 + numbered.group(0).strip().rstrip(".").count(".")
        return 0
    letters = [c for c in plain if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) >= 3:
        return 1
    words = re.findall(r"[A-Za-z][\w'’]*", plain)
    small = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "with", "we", "our", "your", "how", "or",
             "by", "&"}
    if re.search(r"\d", plain):
        return 0
    if 1 <= len(words) <= 8 and all(w[0].isupper() or w.lower() in small for w in words) and words[0][0].isupper():
        return 3
    return 0


def clean_heading(line: str) -> str:
    """A heading without markup, numbering and surrounding punctuation."""
    text = _MARKUP.sub("", line).strip()
    text = _NUMBERED.sub("", text).strip()
    return text.strip(" :-–—")


def _paragraph_lines(text: str) -> list[_Line]:
    """Non-blank lines; a hard-wrapped line whose successor continues the sentence in lower case is joined."""
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if not raw.strip():
            lines.append(_Line(start, start, ""))
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        lines.append(_Line(start + lead, start + trail, raw.strip()))
    merged: list[_Line] = []
    blanks = 0
    for line in lines:
        if not line.text:
            blanks += 1
            continue
        line.blank_lines_before, blanks = blanks, 0
        previous = merged[-1] if merged else None
        if (line.blank_lines_before == 0 and previous and previous.text[-1] not in ".:;!?" and line.text[0].islower()
                and not _BULLET.match(line.text) and heading_level(previous.text) == 0):
            merged[-1] = _Line(previous.start, line.end, text[previous.start:line.end], previous.blank_lines_before)
        else:
            merged.append(line)
    return merged


def labelled_paragraph(paragraph: str) -> str | None:
    """The label of a labelled paragraph ("Affiliates – We may share ..."): up to six words before a dash or colon
    that is followed by prose; None for other paragraphs."""
    label = _LABEL.match(paragraph)
    return label.group(1).strip() if label and len(label.group(1).split()) <= 6 else None


def lead_in_sentence(paragraph: str) -> str | None:
    """The last sentence of a paragraph when it introduces a list (ends with a colon)."""
    if not paragraph.rstrip().endswith(":"):
        return None
    sentences = re.split(r"(?<=[.!?])\s+", paragraph.strip())
    return sentences[-1]


def _item_style(line: str) -> str:
    """"bullet" for a line with a list marker, "numbered" for a numbered paragraph, else "bare"."""
    if _BULLET.match(line):
        return "bullet"
    return "numbered" if _NUMBERED.match(line) else "bare"


_PROSE_START = re.compile(r"^(?:We|You|Our|They|This|These|If|When|In|Please|The Company)\b")


def _starts_prose(line: str) -> bool:
    """True when an unmarked line after a lead-in is a new paragraph rather than one of its items: it
    introduces a list itself, is long prose, or is a full sentence opening like prose ("We share ...")."""
    return (line.endswith(":") or (len(line) > 250 and line.endswith(".") and line.count(". ") >= 2)
            or (bool(_PROSE_START.match(line)) and line.endswith(".")))


def _looks_like_item(line: str) -> bool:
    """An orphan list item: a clause ending with ';' or '; and', or a bare 'To ...' purpose line."""
    return bool(re.search(r";\s*(?:and|or)?\s*$", line)) or bool(re.match(r"^To [a-z]", line) and len(line) < 250)
