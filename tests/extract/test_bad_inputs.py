"""Bad inputs are reported with a reason and never stop a batch; the CLI exits non-zero without a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policygraph.cli import main
from policygraph.extract.reader import InputFailure, read_inputs

DATA = Path(__file__).resolve().parents[1] / "data"
BAD = DATA / "bad"
sys.path.insert(0, str(DATA))
from make_bad_corpus import LARGE, POLICY, READABLE, REJECTED, make_large, small_files  # noqa: E402
from test_hostile_inputs import _read_in_child, _unprivileged  # noqa: E402


def test_committed_corpus_matches_its_generator():
    assert {p.name: p.read_bytes() for p in BAD.iterdir()} == small_files()


def test_each_bad_input_has_its_reason(tmp_path):
    make_large(tmp_path)
    results = {Path(r.source).name: r for r in read_inputs([BAD, tmp_path])}
    for name, words in {**REJECTED, **LARGE}.items():
        assert isinstance(results[name], InputFailure), name
        assert words in results[name].reason, (name, results[name].reason)
    assert not isinstance(results["one-line.txt"], InputFailure), "a 1 MB line is a readable policy"


def test_readable_oddities_are_read():
    documents = {d.policy_id: d for d in read_inputs([BAD]) if not isinstance(d, InputFailure)}
    assert sorted(documents) == sorted(READABLE)
    assert "e-mail address" in documents["utf16"].text
    assert documents["latin1"].text.startswith("Café")
    assert "alert" not in documents["hostile"].text and "Home | About" not in documents["hostile"].text


def test_missing_path_and_symlink_loop(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.txt").write_text(POLICY)
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    results = list(read_inputs([tmp_path / "d", tmp_path / "missing.txt"]))
    assert [type(r).__name__ for r in results] == ["PolicyDocument", "InputFailure", "InputFailure"]
    assert "symlink loop" in results[1].reason and "no such file" in results[2].reason


def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(POLICY)
    path.chmod(0)
    ((kind, _source, reason),) = _read_in_child([path], prefix=_unprivileged())
    assert kind == "InputFailure" and reason == "cannot read: Permission denied"


def test_batch_goes_on_and_exit_code_says_some_failed(tmp_path, capsys):
    make_large(tmp_path / "large")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(BAD), str(tmp_path / "large"), "-o", str(out), "-q"])
    assert code == 3
    policies = [line for line in out.read_text().splitlines() if '"type": "policy"' in line]
    assert len(policies) == len(READABLE) + 1
    err = capsys.readouterr().err
    assert f"{len(READABLE) + 1} extracted, {len(REJECTED) + len(LARGE)} failed" in err and "Traceback" not in err


def test_cli_errors_are_one_line_messages_without_traceback(tmp_path):
    cases = [["extract", str(tmp_path / "nope.txt")], ["ontology", "export", "--format", "xml"],
             ["query", "no-such-query", "--memory"], ["export", "--memory", "--format", "pdf"]]
    for args in cases:
        done = subprocess.run([sys.executable, "-m", "policygraph.cli", *args], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr and "error" in done.stderr.lower(), (args, done.stderr)


def test_stdin_input():
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "extract", "-", "-q"], input=POLICY,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"policy_id": "stdin"' in done.stdout and '"type": "statement"' in done.stdout


def _strange_pages(folder: Path) -> None:
    """Strange but readable markup: links only, lists ten deep, HTML without closing tags, a 5,000-row table."""
    (folder / "links-only.md").write_text("".join(f"* [Section {i}](#s{i})\n" for i in range(50)), encoding="utf-8")
    deep = "".join("  " * level + "* We collect your e-mail address.\n" for level in range(10))
    (folder / "nested.md").write_text("We collect the following:\n\n" + deep, encoding="utf-8")
    (folder / "unclosed.html").write_text("<html><body><h1>Privacy<p>We share your e-mail address with "
                                          "advertisers.<ul><li>We collect your name.<li>We collect your phone "
                                          "number.<table><tr><td>cell", encoding="utf-8")
    rows = "".join(f"| Item {i} | We collect your postal address. |\n" for i in range(5000))
    (folder / "table.md").write_text("| Data | Description |\n| --- | --- |\n" + rows, encoding="utf-8")


@pytest.mark.slow
def test_strange_markup_gives_statements_or_a_reason(tmp_path, capsys):
    _strange_pages(tmp_path)
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(tmp_path), "-o", str(out), "-q"])
    captured = capsys.readouterr()
    assert code == 3 and "Traceback" not in captured.err
    assert "links-only.md" in captured.err and "empty" in captured.err, "a page of links only has no text"
    policies = {line.split('"policy_id": "')[1].split('"')[0] for line in out.read_text().splitlines()}
    assert policies == {"nested", "unclosed", "table"}
    assert out.read_text().count('"type": "statement"') >= 5000
