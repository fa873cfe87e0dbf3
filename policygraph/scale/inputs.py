"""Corpus inputs beyond files and directories: list files (``@list.txt``) and JSON Lines corpora.

``iter_documents`` yields one ``PolicyDocument`` or ``InputFailure`` per policy, streaming (a JSON Lines
corpus is read line by line, a list file path by path), so a million-policy corpus is never held in memory.

- ``@list.txt``: one path (file or directory) per line; blank lines and ``#`` comments are ignored; relative
  paths are relative to the list file's directory.
- ``corpus.jsonl`` (or ``.jsonl.gz``): one JSON object per line with ``policy_id`` and ``text``, optional
  ``source``, ``company`` and ``retrieved_at`` (the last two are kept as document metadata: the company
  overrides the one read from the text, ``retrieved_at`` becomes ``pg:retrievedAt``).
- anything else goes to ``policygraph.extract.read_inputs`` (files, directories, ``-`` for stdin).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from policygraph.extract import InputFailure, read_inputs
from policygraph.extract.reader import POLICY_SUFFIXES, document_from_text
from policygraph.records import PolicyDocument

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


def is_jsonl(path: str | os.PathLike) -> bool:
    return str(path).lower().endswith(JSONL_SUFFIXES)


def iter_documents(inputs: Iterable[str | os.PathLike], max_bytes: int = 5_000_000
                   ) -> Iterator[PolicyDocument | InputFailure]:
    """One document or failure per policy under ``inputs`` (paths, ``@list`` files, JSON Lines corpora)."""
    for raw in inputs:
        text = str(raw)
        if text.startswith("@") and text != "@":
            yield from _list_file(Path(text[1:]), max_bytes)
        elif is_jsonl(text) and Path(text).is_file():
            yield from read_jsonl(Path(text), max_bytes)
        else:
            yield from read_inputs([raw], max_bytes=max_bytes)


def _list_file(path: Path, max_bytes: int) -> Iterator[PolicyDocument | InputFailure]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        yield InputFailure(f"@{path}", f"cannot read list file: {exc.strerror or exc}")
        return
    with handle:
        for line in handle:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            target = Path(entry) if Path(entry).is_absolute() else path.parent / entry
            yield from iter_documents([target], max_bytes)


def read_jsonl(path: Path, max_bytes: int = 5_000_000) -> Iterator[PolicyDocument | InputFailure]:
    """The policies of a JSON Lines corpus; a bad line is one failure naming its line number."""
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
    source = str(record.get("source") or where)
    document = document_from_text(text, str(policy_id), source)
    if isinstance(document, InputFailure):
        return document
    metadata = {key: str(record[key]) for key in ("company", "retrieved_at") if record.get(key)}
    if not metadata:
        return document
    return PolicyDocument(document.policy_id, document.text, document.source, metadata)


def count_inputs(inputs: Iterable[str | os.PathLike]) -> int | None:
    """A cheap count of the policies under ``inputs`` (file names and JSON lines, nothing parsed), for the
    progress bar's ETA; None when it cannot be known in advance (stdin)."""
    total = 0
    for raw in inputs:
        text = str(raw)
        if text == "-":
            return None
        if text.startswith("@") and text != "@":
            path = Path(text[1:])
            try:
                lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
            except OSError:
                total += 1
                continue
            targets = [ln if Path(ln).is_absolute() else str(path.parent / ln)
                       for ln in lines if ln and not ln.startswith("#")]
            sub = count_inputs(targets)
            if sub is None:
                return None
            total += sub
        elif is_jsonl(text) and Path(text).is_file():
            opener = gzip.open if text.lower().endswith(".gz") else open
            with opener(text, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif Path(text).is_dir():
            for _folder, dirs, files in os.walk(text):
                dirs.sort()
                total += sum(1 for name in files if Path(name).suffix.lower() in POLICY_SUFFIXES
                             and not name.startswith(".") and name.lower() != "readme.md")
        else:
            total += 1
    return total
