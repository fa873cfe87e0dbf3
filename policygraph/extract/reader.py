"""Read policies from files, directories and stdin into ``PolicyDocument`` records.

Reading never raises for a bad file: each input yields either a document or an ``InputFailure`` with the
reason, so one bad file never stops a batch. The document text is the cleaned plain text (markup and
boilerplate removed); every offset the extractor produces refers to it.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from policygraph.extract.blocks import html_blocks, layout, looks_like_markdown, markdown_blocks
from policygraph.records import PolicyDocument

POLICY_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
#: the markup a file's suffix declares; other files are recognised by their content.
_MARKUP_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
DEFAULT_MAX_BYTES = 5_000_000

_ENGLISH_WORDS = frozenset(
    "the and of to we you your our information in for or with may is are be that this by use on not".split()
)
# HTML by content: optional XML declaration and comments, then a typical first tag.
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype html|<html|<head|<body|<div|<p[ >]|"
                         r"<h[1-6][ >]|<section|<article|<main)", re.I | re.S)
# A web-archive banner: a leading Markdown quote saying the text was extracted from an archived snapshot.
_ARCHIVE_BANNER = re.compile(r"\A\s*>[^\n]*(?:archived|Wayback Machine|extracted and transformed)[^\n]*\n+", re.I)


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read, with the reason a person can act on."""

    source: str
    reason: str


def read_inputs(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[PolicyDocument | InputFailure]:
    """Yield one document or failure per policy under ``paths``, streaming.

    A path is a policy file (.txt, .md, .html), a directory (searched recursively), ``-`` (stdin),
    ``@list.txt`` (one path per line; blank lines and ``#`` comments ignored; relative paths are relative
    to the list file) or a JSON Lines corpus (``.jsonl``, ``.jsonl.gz``, ``.ndjson``: one object per line
    with ``policy_id`` and ``text``, optional ``source``, ``company`` and ``retrieved_at``, the last two
    kept as document metadata).
    """
    for raw in paths:
        text = str(raw)
        if text == "-":
            yield document_from_bytes(sys.stdin.buffer.read(max_bytes + 1), "stdin", "<stdin>", max_bytes)
            continue
        if text.startswith("@") and text != "@":
            yield from _read_list_file(Path(text[1:]), max_bytes)
            continue
        path = Path(raw)
        if is_jsonl(path) and path.is_file():
            yield from read_jsonl(path, max_bytes)
        elif not path.exists():
            yield InputFailure(str(path), "no such file or directory")
        elif path.is_dir():
            yield from _read_directory(path, max_bytes)
        else:
            yield read_file(path, max_bytes)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> PolicyDocument | InputFailure:
    """Read one policy file; the policy id is the file name without its extension."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputFailure(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                           "(raise it with --max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        return InputFailure(str(path), f"cannot read: {exc.strerror or exc}")
    return document_from_bytes(data, path.stem, str(path), max_bytes, _MARKUP_BY_SUFFIX.get(path.suffix.lower()))


def document_from_bytes(data: bytes, policy_id: str, source: str, max_bytes: int = DEFAULT_MAX_BYTES,
                        markup: str | None = None) -> PolicyDocument | InputFailure:
    """Decode, clean and check raw bytes; ``markup`` is "html", "markdown" or None (recognised by content)."""
    if len(data) > max_bytes:
        return InputFailure(source, f"input is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    text = decode_bytes(data)
    if text is None:
        return InputFailure(source, "binary or undecodable content (not a text, Markdown or HTML policy)")
    return document_from_text(text, policy_id, source, markup)


def document_from_text(text: str, policy_id: str, source: str = "", markup: str | None = None
                       ) -> PolicyDocument | InputFailure:
    """Clean a decoded text, read its structure and check that it looks like an English policy.

    HTML and Markdown (``markup``, or recognised by content when None) are parsed into blocks and laid out as
    plain text with its segments; plain text keeps its lines and is segmented by the extractor.
    """
    text = clean_text(text)
    if markup is None:
        markup = "html" if _HTML_START.match(text) else "markdown" if looks_like_markdown(text) else None
    segments: tuple = ()
    if markup in ("html", "markdown"):
        try:
            text, segments = layout(html_blocks(text) if markup == "html" else markdown_blocks(text))
        except (AssertionError, ValueError, RecursionError) as exc:  # the standard HTML parser asserts on some
            return InputFailure(source or policy_id, f"malformed {markup}: {exc or type(exc).__name__}")
    if not text.strip():
        return InputFailure(source or policy_id, "empty: no text after removing markup and whitespace")
    if not looks_english(text):
        return InputFailure(source or policy_id, "not English: policygraph's extractor reads English policies")
    return PolicyDocument(policy_id=policy_id, text=text, source=source, segments=segments)


def decode_bytes(data: bytes) -> str | None:
    """Decode with a BOM if present, else UTF-8, else Windows-1252; None for binary data.

    Binary detection: NUL bytes outside a UTF-16 text, or more than 5% control characters after decoding.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _reject_binary(data.decode(encoding))
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    try:
        return _reject_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _reject_binary(data.decode("cp1252", errors="replace"))


def _reject_binary(text: str) -> str | None:
    if not text:
        return text
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return None if controls / len(text) > 0.05 else text


def clean_text(text: str) -> str:
    """Normalise newlines, drop control characters and a leading web-archive banner."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch if ch in "\n\t" or ord(ch) >= 32 else " " for ch in text)
    return _ARCHIVE_BANNER.sub("", text)


def looks_english(text: str) -> bool:
    """True when common English function words make up a plausible share of the words."""
    words = re.findall(r"[A-Za-z]+", text[:20000].lower())
    if len(words) < 5:
        return bool(words)
    hits = sum(1 for w in words if w in _ENGLISH_WORDS)
    return hits / len(words) >= 0.08


def _read_directory(root: Path, max_bytes: int) -> Iterator[PolicyDocument | InputFailure]:
    def report(error: OSError) -> None:
        failures.append(InputFailure(str(error.filename), f"cannot read directory: {error.strerror}"))

    failures: list[InputFailure] = []
    found = 0
    for folder, dirs, files in os.walk(root, onerror=report, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if is_policy_file(name):
                found += 1
                yield read_file(path, max_bytes)
        yield from failures
        failures.clear()
    if not found:
        yield InputFailure(str(root), f"no policy files ({', '.join(POLICY_SUFFIXES)}) in this directory")


def is_policy_file(name: str) -> bool:
    """Whether a file found in a directory is read as a policy (a README is documentation, not a policy)."""
    return Path(name).suffix.lower() in POLICY_SUFFIXES and not name.startswith(".") and name.lower() != "readme.md"


def is_jsonl(path: str | os.PathLike) -> bool:
    """Whether a path names a JSON Lines corpus."""
    return str(path).lower().endswith(JSONL_SUFFIXES)


def _read_list_file(path: Path, max_bytes: int) -> Iterator[PolicyDocument | InputFailure]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        yield InputFailure(f"@{path}", f"cannot read list file: {exc.strerror or exc}")
        return
    with handle:
        for line in handle:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                target = Path(entry) if Path(entry).is_absolute() else path.parent / entry
                yield from read_inputs([target], max_bytes)


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[PolicyDocument | InputFailure]:
    """The policies of a JSON Lines corpus, line by line; a bad line is one failure naming its line number."""
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    try:
        handle = opener(path, "rt", encoding="utf-8")
    except OSError as exc:
        yield InputFailure(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield _jsonl_record(line, f"{path}:{number}", max_bytes)


def _jsonl_record(line: str, where: str, max_bytes: int) -> PolicyDocument | InputFailure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputFailure(where, f"not valid JSON: {exc.msg}")
    if not isinstance(record, dict):
        return InputFailure(where, "expected a JSON object with policy_id and text")
    policy_id, text = record.get("policy_id"), record.get("text")
    if not isinstance(policy_id, (str, int)) or str(policy_id) == "":
        return InputFailure(where, "missing policy_id")
    if not isinstance(text, str):
        return InputFailure(where, f"policy {policy_id}: missing text")
    if len(text.encode("utf-8")) > max_bytes:
        return InputFailure(where, f"policy {policy_id}: text is over the {max_bytes:,}-byte limit")
    document = document_from_text(text, str(policy_id), str(record.get("source") or where))
    if isinstance(document, InputFailure):
        return document
    metadata = {key: str(record[key]) for key in ("company", "retrieved_at") if record.get(key)}
    if not metadata:
        return document
    return dataclasses.replace(document, metadata=metadata)
