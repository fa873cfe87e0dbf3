"""The ``--company`` option of ``extract`` and ``build``: the operator of the one policy read."""

from __future__ import annotations

import json

from policygraph.cli import main

POLICY = "Acme Privacy Policy\nWe collect your e-mail address to send you our newsletter.\n"


def test_extract_company_names_the_one_policy(tmp_path):
    (tmp_path / "a.txt").write_text(POLICY)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "a.txt"), "--company", "Acme Mail", "-o", str(out), "-q"]) == 0
    record = json.loads(out.read_text().splitlines()[0])
    assert record["company"] == "Acme Mail" and "legal_entity" in record


def test_company_with_several_policies_is_refused_before_any_work(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(POLICY)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "--company", "Acme", "-o", str(out), "-q"]) == 2
    assert not out.exists() and "--company names the operator of one policy" in capsys.readouterr().err
    assert main(["build", str(tmp_path), "--company", "Acme", "--store", str(tmp_path / "store"), "-q"]) == 2
    assert not (tmp_path / "store").exists()


def test_naming_the_company_anew_rebuilds_an_unchanged_policy(tmp_path, capsys):
    policy = tmp_path / "acme.txt"
    policy.write_text("Privacy Policy\n\nWe collect your e-mail address to send you newsletters.\n", encoding="utf-8")
    store = str(tmp_path / "store")
    assert main(["build", str(policy), "--store", store, "-q"]) == 0
    assert main(["build", str(policy), "--store", store, "-q"]) == 0
    assert "1 skipped" in capsys.readouterr().err
    assert main(["build", str(policy), "--store", store, "-q", "--company", "Acme"]) == 0
    assert "1 replaced" in capsys.readouterr().err
