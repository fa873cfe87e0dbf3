"""A policy's own text, for showing evidence in place: read again from the file it was built from, and only when
that file still reads to the text whose hash the store holds (so offsets still point at the same sentences, and a
store cannot make the server show a file it was not built from); then cut into plain and highlighted pieces."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policygraph.extract.reader import is_policy_file, read_file
from policygraph.records import PolicyDocument, sha256_text


@dataclass(frozen=True)
class Piece:
    """A run of the policy's text; a highlighted one carries the anchors of the sentences starting in it."""

    text: str
    anchors: tuple[int, ...] = ()
    denied: bool = False

    @property
    def marked(self) -> bool:
        return bool(self.anchors)


def policy_text(source: str | None, sha256: str | None, company: str | None = None) -> tuple[str | None, str]:
    """The text offsets refer to, or None and why it is not shown (``company``: the name a build may have been
    given, which is part of the hash)."""
    if not source or "://" in source:
        return None, "the policy's text is not in the store and its source is not a local file"
    path = Path(source)
    if not is_policy_file(path.name) or not path.is_file():
        return None, f"the policy's source file {source} is not readable here"
    document = read_file(path)
    hashes = {sha256_text(document.text), sha256_text(f"{document.text}\x00company={company}")} \
        if isinstance(document, PolicyDocument) else set()
    if sha256 not in hashes:
        return None, f"the policy's source file {source} has changed since the store was built"
    return document.text, ""


def pieces(text: str, spans: Iterable[tuple[int, int, bool]]) -> list[Piece]:
    """``text`` cut at the evidence spans (start, end, denied); overlapping spans make one highlighted piece,
    anchored at each start inside it."""
    merged: list[list] = []
    for start, end, denied in sorted((max(0, s), min(len(text), e), d) for s, e, d in spans):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2].append(start)
            last[3] = last[3] and denied
        else:
            merged.append([start, end, [start], denied])
    out, position = [], 0
    for start, end, anchors, denied in merged:
        if start > position:
            out.append(Piece(text[position:start]))
        out.append(Piece(text[start:end], tuple(dict.fromkeys(anchors)), denied))
        position = end
    if position < len(text):
        out.append(Piece(text[position:]))
    return out
