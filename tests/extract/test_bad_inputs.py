"""Bad inputs are reported with a reason and never stop a batch; the CLI exits non-zero without a traceback."""

import codecs
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policygraph.cli import main
from policygraph.extract.reader import InputFailure, read_inputs

POLICY = "We collect your e-mail address and share it with our service providers to send you our newsletter.\n"


def make_bad_corpus(root: Path) -> dict[str, str]:
    """Write one file per kind of bad input; returns file name -> expected words of the reason."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_text("   \n\t\n  \n")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with zipfile.ZipFile(root / "archive.txt", "w") as z:
        z.writestr("a.txt", POLICY * 20)
    (root / "big.txt").write_bytes(POLICY.encode() * 60_000)
    (root / "german.txt").write_text("Wir erheben Ihre Daten nur mit Ihrer Einwilligung und geben sie nicht weiter. "
                                     "Die Speicherung erfolgt auf Servern in Deutschland." * 3)
    return {"empty.txt": "empty", "whitespace.txt": "empty", "image.html": "binary", "archive.txt": "binary",
            "big.txt": "limit", "german.txt": "not English"}


def make_readable_oddities(root: Path) -> list[str]:
    """Inputs that are unusual but readable: encodings, control characters, one huge line, hostile HTML."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "latin1.txt").write_bytes(("Café policy. " + POLICY).encode("latin-1"))
    (root / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + POLICY.encode("utf-16-le"))
    (root / "utf8bom.md").write_bytes(codecs.BOM_UTF8 + ("# Privacy\n\n" + POLICY).encode())
    (root / "invalid-utf8.txt").write_bytes(POLICY.encode() + b"\xff\xfe\xfa broken bytes\n")
    (root / "controls.txt").write_text(POLICY.replace(" ", " \x07", 2))
    (root / "one-line.txt").write_text(POLICY.strip() * 6000)
    nested = "<div>" * 500 + POLICY + "</div>" * 500
    (root / "hostile.html").write_text(f"<html><head><style>p {{}}</style><script>alert('x')</script></head>"
                                       f"<body><nav>Home | About</nav>{nested}</body></html>")
    (root / "no-practice.txt").write_text("This page describes our company history and our office hours.\n")
    return ["latin1", "utf16", "utf8bom", "invalid-utf8", "controls", "one-line", "hostile", "no-practice"]


def test_each_bad_input_has_its_reason(tmp_path):
    expected = make_bad_corpus(tmp_path / "bad")
    results = {Path(r.source).name: r for r in read_inputs([tmp_path / "bad"], max_bytes=1_000_000)}
    for name, words in expected.items():
        assert isinstance(results[name], InputFailure), name
        assert words in results[name].reason, (name, results[name].reason)


def test_readable_oddities_are_read(tmp_path):
    names = make_readable_oddities(tmp_path / "odd")
    documents = {d.policy_id: d for d in read_inputs([tmp_path / "odd"])}
    assert sorted(documents) == sorted(names)
    assert "e-mail address" in documents["utf16"].text
    assert documents["latin1"].text.startswith("Café")
    assert "alert" not in documents["hostile"].text and "Home | About" not in documents["hostile"].text


def test_missing_path_and_symlink_loop(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.txt").write_text(POLICY)
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    results = list(read_inputs([tmp_path / "d", tmp_path / "missing.txt"]))
    assert [type(r).__name__ for r in results] == ["PolicyDocument", "InputFailure"]
    assert "no such file" in results[1].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(POLICY)
    path.chmod(0)
    (result,) = read_inputs([path])
    assert isinstance(result, InputFailure) and "cannot read" in result.reason


def test_batch_goes_on_and_exit_code_says_some_failed(tmp_path, capsys):
    make_bad_corpus(tmp_path / "in")
    make_readable_oddities(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(tmp_path / "in"), "-o", str(out), "-q", "--max-bytes", "1000000"])
    assert code == 3
    policies = [line for line in out.read_text().splitlines() if '"type": "policy"' in line]
    assert len(policies) == 8
    err = capsys.readouterr().err
    assert "8 extracted, 6 failed" in err and "Traceback" not in err


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
