"""Corpus inputs: list files and JSON Lines corpora, streamed, with per-line failures; the input count."""

from __future__ import annotations

import json
from pathlib import Path

from policygraph.extract import InputFailure, read_inputs
from policygraph.records import PolicyDocument
from policygraph.scale import count_inputs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
TEXT = "We collect your e-mail address and share it with our affiliates for marketing purposes. " * 3


def test_list_file_reads_each_path_relative_to_the_list(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    sub = tmp_path / "dir"
    sub.mkdir()
    (sub / "b.md").write_text(TEXT)
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the corpus\na.txt\n\n{sub}\nmissing.txt\n")
    items = list(read_inputs([f"@{listing}"]))
    assert [i.policy_id for i in items if isinstance(i, PolicyDocument)] == ["a", "b"]
    assert [i.reason for i in items if isinstance(i, InputFailure)] == ["no such file or directory"]
    assert count_inputs([f"@{listing}"]) == 3
    assert list(read_inputs(["@" + str(tmp_path / "nope.txt")]))[0].reason.startswith("cannot read list")


def test_jsonl_corpus_keeps_metadata_and_reports_bad_lines(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"policy_id": "p1", "text": TEXT, "company": "Acme", "retrieved_at": "2024-01-02",
                         "source": "https://acme.example/privacy"}),
             "{not json",
             json.dumps({"policy_id": "p2"}),
             json.dumps({"text": TEXT}),
             "",
             json.dumps({"policy_id": 3, "text": TEXT})]
    corpus.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([str(corpus)]))
    docs = [i for i in items if isinstance(i, PolicyDocument)]
    assert [d.policy_id for d in docs] == ["p1", "3"]
    assert docs[0].metadata == {"company": "Acme", "retrieved_at": "2024-01-02"}
    assert docs[0].source == "https://acme.example/privacy" and docs[1].source.endswith("corpus.jsonl:6")
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [f.source.rsplit(":", 1)[1] for f in failures] == ["2", "3", "4"]
    assert "not valid JSON" in failures[0].reason and "missing text" in failures[1].reason
    assert count_inputs([str(corpus)]) == 5


def test_directories_count_like_the_reader():
    assert count_inputs([str(EXAMPLES)]) == 5 == len(list(read_inputs([str(EXAMPLES)])))
    assert count_inputs(["-"]) is None
