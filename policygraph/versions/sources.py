"""Where versions come from: a history directory, a git repository, or a JSON Lines corpus.

A version is a policy id and the moment it was retrieved; its text is read only when asked (``VersionRef.read``),
so a diff of two versions of a long history reads two files. Reading never raises for a bad version: it is an
``InputFailure`` with its reason and the others go on.

- A history directory holds one policy's versions, one file a version, named by its date
  (``2022-07-11T14-59-29+00-00.md``); the policy id is the directory's name. A directory of such directories
  holds several policies.
- A git repository (a directory with ``.git``) holds one file per policy and document, one commit per change (the
  Open Terms Archive layout: ``Service/Privacy Policy.md``); each commit that adds or changes a file is a version
  of it, dated by the commit's author date; the policy id is the file's path without its suffix.
- A JSON Lines corpus holds one version a line: ``policy_id``, ``text`` and ``retrieved_at``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from policygraph.extract.reader import InputFailure, document_from_bytes, read_file, read_jsonl
from policygraph.records import PolicyDocument
from policygraph.versions.dates import version_date

#: suffixes of version files (the extractor's policy files)
VERSION_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class VersionRef:
    """One version of one policy: its id, date and source; ``read`` reads its text (a document or a failure)."""

    policy_id: str
    date: datetime
    source: str
    read: Callable[[], PolicyDocument | InputFailure]


def read_versions(paths: Iterable[str | os.PathLike], max_bytes: int = 5_000_000
                  ) -> Iterator[VersionRef | InputFailure]:
    """The versions under each path (see the module docstring), each policy's in date order."""
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.name.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            yield from _jsonl_versions(path, max_bytes)
        elif not path.is_dir():
            yield InputFailure(str(path), "not a history directory, git repository or JSON Lines file"
                               if path.exists() else "no such file or directory")
        elif (path / ".git").exists():
            yield from _git_versions(path, max_bytes)
        else:
            yield from _history_versions(path, max_bytes)


def _history_versions(root: Path, max_bytes: int) -> Iterator[VersionRef | InputFailure]:
    try:
        entries = sorted(p for p in root.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        yield InputFailure(str(root), f"cannot read directory: {exc.strerror or exc}")
        return
    files = [p for p in entries if p.is_file()]
    folders = [p for p in entries if p.is_dir()]
    if not files and not folders:
        yield InputFailure(str(root), "empty: no versions (expected files named by their date, such as "
                                      "2022-07-11T14-59-29+00-00.md)")
        return
    if files:
        yield from _dated_files(Path(os.path.abspath(root)).name, files, max_bytes)
    for folder in folders:
        yield from _history_versions(folder, max_bytes)


def _dated_files(policy_id: str, files: list[Path], max_bytes: int) -> Iterator[VersionRef | InputFailure]:
    versions = []
    for path in files:
        stem = path.name[:-len(path.suffix)] if path.suffix.lower() in VERSION_SUFFIXES else None
        date = version_date(stem) if stem else None
        if date is None:
            yield InputFailure(str(path), "the file name is not a version date (expected a name such as "
                                          "2022-07-11T14-59-29+00-00.md, or 2022-07-11.txt)")
            continue
        versions.append(VersionRef(policy_id, date, str(path),
                                   lambda path=path: _with_id(read_file(path, max_bytes), policy_id)))
    yield from _in_order(versions)


def _git_versions(repo: Path, max_bytes: int) -> Iterator[VersionRef | InputFailure]:
    log = _git(repo, "log", "--reverse", "--no-renames", "--diff-filter=AM", "--name-only",
               "--format=%x00%H %aI", "--", ".")
    if isinstance(log, InputFailure):
        yield log
        return
    versions = []
    for block in log.decode("utf-8", "replace").split("\x00")[1:]:
        header, _, names = block.partition("\n")
        commit, _, stamp = header.partition(" ")
        date = version_date(stamp)
        for name in filter(None, names.splitlines()):
            stem, suffix = os.path.splitext(name)
            if suffix.lower() in VERSION_SUFFIXES and date is not None:
                versions.append(VersionRef(stem, date, f"{repo}@{commit[:12]}:{name}",
                                           lambda c=commit, n=name: _git_document(repo, c, n, max_bytes)))
    if not versions:
        yield InputFailure(str(repo), "no versions: no commit adds or changes a policy file (.md, .txt, .html)")
    yield from _in_order(versions)


def _git_document(repo: Path, commit: str, name: str, max_bytes: int) -> PolicyDocument | InputFailure:
    data = _git(repo, "cat-file", "blob", f"{commit}:{name}")
    if isinstance(data, InputFailure):
        return data
    stem, suffix = os.path.splitext(name)
    markup = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}.get(suffix.lower())
    return document_from_bytes(data, stem, f"{repo}@{commit[:12]}:{name}", max_bytes, markup)


def _git(repo: Path, *args: str) -> bytes | InputFailure:
    try:
        done = subprocess.run(["git", "-C", str(repo), "-c", "core.quotePath=false", *args], capture_output=True,
                              timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return InputFailure(str(repo), f"cannot run git: {exc}")
    if done.returncode:
        return InputFailure(str(repo), f"git {args[0]} failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def _jsonl_versions(path: Path, max_bytes: int) -> Iterator[VersionRef | InputFailure]:
    versions = []
    for item in read_jsonl(path, max_bytes):
        if not isinstance(item, PolicyDocument):
            yield item
            continue
        stamp = item.metadata.get("retrieved_at")
        date = version_date(stamp) if stamp else None
        if date is None:
            reason = "retrieved_at is not a date" if stamp else "missing retrieved_at (the version's date)"
            yield InputFailure(item.source, f"policy {item.policy_id}: {reason}")
            continue
        versions.append(VersionRef(item.policy_id, date, item.source, lambda item=item: item))
    yield from _in_order(versions)


def _in_order(versions: list[VersionRef]) -> Iterator[VersionRef | InputFailure]:
    """Versions sorted by policy and date; a second version of a policy at the same moment is a failure."""
    seen: set[tuple[str, datetime]] = set()
    for version in sorted(versions, key=lambda v: (v.policy_id, v.date)):
        key = (version.policy_id, version.date)
        if key in seen:
            yield InputFailure(version.source, f"another version of {version.policy_id} has the same date; the "
                                               "first was kept")
            continue
        seen.add(key)
        yield version


def _with_id(item: PolicyDocument | InputFailure, policy_id: str) -> PolicyDocument | InputFailure:
    return replace(item, policy_id=policy_id) if isinstance(item, PolicyDocument) else item
