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
import logging
import os
import re
import stat
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
#: warnings about inputs that were read, but not exactly as written (invalid UTF-8 replaced)
log = logging.getLogger("policygraph.input")

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

    A path is a policy file (.txt, .md, .html), a directory (searched recursively, symlinked folders
    followed, each folder read once: see ``policy_paths``), ``-`` (stdin),
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
    """Read one policy file; the policy id is the file name without its extension.

    Only regular files are read (a FIFO, a device such as ``/dev/zero`` or a socket is a failure, even through a
    symlink), and at most ``max_bytes`` + 1 bytes are read whatever size the file claims."""
    try:
        data = _read_regular(path, max_bytes)
    except OSError as exc:
        return InputFailure(str(path), f"cannot read: {exc.strerror or exc}")
    if isinstance(data, str):
        return InputFailure(str(path), data)
    if len(data) > max_bytes:
        return InputFailure(str(path), f"file is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    return document_from_bytes(data, path.stem, str(path), max_bytes, _MARKUP_BY_SUFFIX.get(path.suffix.lower()))


def _read_regular(path: Path, max_bytes: int) -> bytes | str:
    """At most ``max_bytes`` + 1 bytes of a regular file, or why it is not read.

    The kind is checked before opening (opening a device can have effects) and again on the open file (the
    path may have changed in between); the file is opened non-blocking, so a FIFO never waits for a writer."""
    reason = not_regular(os.stat(path).st_mode)
    if reason:
        return reason
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        return not_regular(os.fstat(fd).st_mode) or handle.read(max_bytes + 1)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read as a policy (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file ({kind}): only regular files are read"


def document_from_bytes(data: bytes, policy_id: str, source: str, max_bytes: int = DEFAULT_MAX_BYTES,
                        markup: str | None = None) -> PolicyDocument | InputFailure:
    """Decode, clean and check raw bytes; ``markup`` is "html", "markdown" or None (recognised by content)."""
    if len(data) > max_bytes:
        return InputFailure(source, f"input is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    text = decode_bytes(data, source)
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


def decode_bytes(data: bytes, source: str = "") -> str | None:
    """Decode with a BOM if present, else UTF-8, else Windows-1252; None for binary data.

    Text that is UTF-8 (it holds valid multi-byte characters) but for some invalid bytes is decoded as UTF-8,
    each invalid byte sequence a U+FFFD, with a warning naming ``source``: read as Windows-1252 instead, every
    non-ASCII character of it would be mojibake ("Café" as "CafÃ©"). Binary detection: NUL bytes outside a
    UTF-16 text, or more than 5% control characters after decoding.
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
        pass
    text = data.decode("utf-8", errors="replace")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        log.warning("%s: invalid UTF-8 bytes (%d sequences) were replaced with U+FFFD; the rest is read as "
                    "UTF-8", source or "input", text.count("\ufffd"))
        return _reject_binary(text)
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
    found = 0
    for item in policy_paths(root):
        if isinstance(item, Path):
            found += 1
            yield read_file(item, max_bytes)
        else:
            yield item
    if not found:
        yield InputFailure(str(root), f"no policy files ({', '.join(POLICY_SUFFIXES)}) in this directory")


def policy_paths(root: Path) -> Iterator[Path | InputFailure]:
    """The policy files under ``root`` in name order, depth first, and a failure for every folder not read.

    Symlinked folders are followed (a corpus assembled from links is read whole), and each folder is read once:
    a link to a folder already read (a symlink loop, or a second link to the same folder) is reported, not read
    again. A folder that cannot be listed and a broken symlink are reported with their reason."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                yield InputFailure(str(folder), "folder not read again: it links to a folder already read "
                                                "(a symlink loop or a second link)")
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield InputFailure(str(folder), f"cannot read directory: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.is_dir():
                subfolders.append(Path(entry.path))
            elif entry.is_symlink() and not os.path.exists(entry.path):
                yield InputFailure(entry.path, "broken symbolic link")
            elif is_policy_file(entry.name):
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def is_policy_file(name: str) -> bool:
    """Whether a file found in a directory is read as a policy (a README is documentation, not a policy)."""
    return Path(name).suffix.lower() in POLICY_SUFFIXES and not name.startswith(".") and name.lower() != "readme.md"


def is_jsonl(path: str | os.PathLike) -> bool:
    """Whether a path names a JSON Lines corpus."""
    return str(path).lower().endswith(JSONL_SUFFIXES)


def _read_list_file(path: Path, max_bytes: int) -> Iterator[PolicyDocument | InputFailure]:
    try:
        reason = not_regular(os.stat(path).st_mode)
        handle = None if reason else path.open(encoding="utf-8")
    except OSError as exc:
        reason, handle = f"cannot read list file: {exc.strerror or exc}", None
    if handle is None:
        yield InputFailure(f"@{path}", reason)
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
        for number, line in _bounded_lines(handle, 2 * max_bytes + 65_536):
            if line is None:
                yield InputFailure(f"{path}:{number}", f"line is too long for a policy within the "
                                                       f"{max_bytes:,}-byte limit (raise it with --max-bytes)")
            elif line.strip():
                yield _jsonl_record(line, f"{path}:{number}", max_bytes)


def _bounded_lines(handle, limit: int) -> Iterator[tuple[int, str | None]]:
    """Numbered lines of at most ``limit`` characters; a longer line is skipped (None), never held whole.

    A JSON line holds its policy's text escaped, so ``limit`` leaves room for twice ``--max-bytes``; the text
    itself is checked against the limit when the line is read."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            while (rest := handle.readline(limit + 1)) and not rest.endswith("\n"):
                pass
            yield number, None
        else:
            yield number, line


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
