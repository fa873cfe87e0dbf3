"""What a user hits first: a mistyped store, a bad format, an unknown concept, the values a parameter takes,
a port in use."""

from __future__ import annotations

import socket

import pytest

from policygraph.cli import main

POLICY = "Acme Privacy Policy\n\nWe share your e-mail address with our affiliates for marketing.\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    (root / "acme.txt").write_text(POLICY, encoding="utf-8")
    path = root / "store"
    assert main(["build", str(root / "acme.txt"), "--store", str(path), "-q"]) == 0
    return str(path)


@pytest.mark.parametrize("command", [["query", "sharing"], ["export", "--format", "nquads"]])
def test_reading_a_store_that_does_not_exist_is_an_error_and_creates_nothing(tmp_path, capsys, command):
    missing = tmp_path / "typo"
    assert main([*command, "--store", str(missing)]) == 6
    assert "no store at" in capsys.readouterr().err
    assert not missing.exists()


def test_an_unknown_concept_is_a_query_error(store, capsys):
    assert main(["query", "sharing", "--param", "recipient=afiliate", "--store", store]) == 7
    assert "unknown recipient 'afiliate'" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["query", "sharing", "--format", "xml"], ["export", "--format", "rdfxml"],
                                     ["ontology", "export", "--format", "trig"]])
def test_formats_are_checked_by_the_argument_parser(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(command)
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_queries_marks_required_parameters(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert "company (policy, required)" in out and "data (concept(data))" in out


def test_concepts_lists_families_and_one_family_as_a_tree(capsys):
    assert main(["concepts"]) == 0
    assert "recipient" in capsys.readouterr().out
    assert main(["concepts", "recipient"]) == 0
    lines = capsys.readouterr().out.splitlines()
    affiliate = lines.index("  affiliate  (pg:Affiliate)")
    assert lines[affiliate + 1].startswith("    ") and "(pg:ParentCompany)" in "".join(lines[affiliate:affiliate + 3])
    assert main(["concepts", "colours"]) == 2
    assert "unknown concept family 'colours'" in capsys.readouterr().err


@pytest.mark.server
def test_serve_on_a_port_in_use_says_so_in_one_line(store, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--store", store, "--port", str(port)]) == 6
    captured = capsys.readouterr()
    assert f"cannot listen on 127.0.0.1:{port}" in captured.err and "Traceback" not in captured.err
    assert "SPARQL endpoint" not in captured.out
