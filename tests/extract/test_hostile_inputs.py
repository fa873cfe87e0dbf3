"""Hostile inputs (issue 17): every input path not read is reported with its reason, only regular files are read,
--max-bytes holds while reading, and a batch over unread inputs never exits 0.

Reading that could hang or grow without limit runs in a child process with a timeout and a 1 GB address-space
limit, so a regression fails the test instead of stopping the suite. Unreadable folders are made unreadable for
real: as root the child runs without the capabilities that bypass file permissions (``setpriv``)."""

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policygraph.extract.reader import InputFailure, read_inputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from make_bad_corpus import POLICY  # noqa: E402

_READ = """
import json, sys
from policygraph.extract.reader import InputFailure, read_inputs
args = json.loads(sys.argv[1])
print(json.dumps([["InputFailure", r.source, r.reason] if isinstance(r, InputFailure) else
                  ["PolicyDocument", r.source, r.policy_id] for r in read_inputs(args["paths"], args["max_bytes"])]))
"""


def _unprivileged() -> list[str]:
    """A command prefix that takes away root's permission bypass (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv cannot make a folder unreadable")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _read_in_child(paths, max_bytes: int = 5_000_000, prefix: list[str] = ()) -> list[list[str]]:
    done = subprocess.run([*prefix, sys.executable, "-c", _READ,
                           json.dumps({"paths": [str(p) for p in paths], "max_bytes": max_bytes})],
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def locked_tree(tmp_path):
    """good.txt, and a policy in each of two folders nobody may read: one in the middle, one read last."""
    root = tmp_path / "corpus"
    for folder in ("a-locked", "b-open", "z-locked"):
        (root / folder).mkdir(parents=True)
        (root / folder / "p.txt").write_text(POLICY)
    (root / "good.txt").write_text(POLICY)
    for folder in ("a-locked", "z-locked"):
        (root / folder).chmod(0)
    yield root
    for folder in ("a-locked", "z-locked"):
        (root / folder).chmod(0o755)


def test_unreadable_folders_are_reported(locked_tree):
    results = _read_in_child([locked_tree], prefix=_unprivileged())
    failures = {Path(source).name: reason for kind, source, reason in results if kind == "InputFailure"}
    assert failures == {"a-locked": "cannot read directory: Permission denied",
                        "z-locked": "cannot read directory: Permission denied"}
    assert sorted(r[2] for r in results if r[0] == "PolicyDocument") == ["good", "p"]


@pytest.mark.slow
def test_build_and_verify_over_unreadable_folders_exit_3(locked_tree, tmp_path):
    store = tmp_path / "store"
    command = [*_unprivileged(), sys.executable, "-m", "policygraph.cli"]
    build = subprocess.run([*command, "build", str(locked_tree), "--store", str(store), "-q"],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 3, build.stderr
    assert "2 extracted, 2 failed" in build.stderr and "z-locked: cannot read directory" in build.stderr
    verify = subprocess.run([*command, "verify", str(locked_tree), "--store", str(store)],
                            capture_output=True, text=True, timeout=300)
    assert verify.returncode == 3, verify.stdout
    assert "2 present, 0 missing" in verify.stdout and "2 unreadable" in verify.stdout


def test_symlinked_folders_are_followed_once(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked.txt").write_text(POLICY)
    root = tmp_path / "corpus"
    (root / "real").mkdir(parents=True)
    (root / "real" / "own.txt").write_text(POLICY)
    os.symlink(outside, root / "from-elsewhere")
    os.symlink(root / "real", root / "second-link")
    os.symlink(root, root / "real" / "loop")
    os.symlink(tmp_path / "gone", root / "broken")
    results = list(read_inputs([root]))
    documents = sorted(r.policy_id for r in results if not isinstance(r, InputFailure))
    failures = {Path(r.source).name: r.reason for r in results if isinstance(r, InputFailure)}
    assert documents == ["linked", "own"]
    assert failures.keys() == {"broken", "second-link", "loop"}
    assert failures["broken"] == "broken symbolic link"
    assert "already read" in failures["loop"] and "already read" in failures["second-link"]


def test_special_files_are_reported_and_never_hang(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    os.mkfifo(folder / "a-fifo.txt")
    os.symlink("/dev/zero", folder / "b-zero.txt")
    (folder / "c-good.txt").write_text(POLICY)
    os.mkfifo(tmp_path / "corpus.jsonl")
    os.mkfifo(tmp_path / "list.txt")
    results = _read_in_child([folder, tmp_path / "corpus.jsonl", f"@{tmp_path / 'list.txt'}", "/dev/zero"])
    outcome = {Path(source).name: reason for _kind, source, reason in results}
    assert outcome == {
        "a-fifo.txt": "not a regular file (a FIFO): only regular files are read",
        "b-zero.txt": "not a regular file (a character device): only regular files are read",
        "c-good.txt": "c-good",
        "corpus.jsonl": "not a regular file (a FIFO): only regular files are read",
        "list.txt": "not a regular file (a FIFO): only regular files are read",
        "zero": "not a regular file (a character device): only regular files are read",
    }


def test_max_bytes_holds_while_reading(tmp_path):
    """/proc files are regular files of size 0 on disk whatever they hold: the limit counts what is read."""
    os.symlink("/proc/self/maps", tmp_path / "maps.txt")
    ((kind, _source, reason),) = _read_in_child([tmp_path / "maps.txt"], max_bytes=100)
    assert kind == "InputFailure" and "over the 100-byte limit" in reason


def test_jsonl_line_over_the_limit_is_skipped_not_held(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as out:
        out.write(json.dumps({"policy_id": "huge", "text": "x" * 3_000_000}) + "\n")
        out.write(json.dumps({"policy_id": "ok", "text": POLICY}) + "\n")
    results = list(read_inputs([corpus], max_bytes=1_000_000))
    assert isinstance(results[0], InputFailure) and results[0].source.endswith(":1")
    assert "too long" in results[0].reason
    assert results[1].policy_id == "ok"


def test_invalid_utf8_in_utf8_text_is_replaced_with_a_warning(tmp_path, caplog):
    path = tmp_path / "cafe.txt"
    path.write_bytes(("Café policy. " + POLICY).encode() + b"Bad \xff byte.\n")
    (document,) = read_inputs([path])
    assert document.text.startswith("Café policy.") and "Bad \ufffd byte." in document.text
    assert "invalid UTF-8" in caplog.text and "cafe.txt" in caplog.text


def test_invalid_utf8_warning_reaches_the_cli(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(("Café policy. " + POLICY).encode() + b"Bad \xff byte.\n")
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "verify", str(path), "--memory"],
                          capture_output=True, text=True, timeout=120)
    assert "policygraph: warning: " in done.stderr and "cafe.txt: invalid UTF-8" in done.stderr, done.stderr
