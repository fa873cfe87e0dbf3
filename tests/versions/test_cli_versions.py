"""The ``versions``, ``diff`` and ``timeline`` commands: incremental builds, answers, and bad input as messages."""

from __future__ import annotations

import json

import pytest
from policies import CHANGED, ORIGINAL, REWORDED, write_history

from policygraph.cli import main

STAMPS = ("2024-01-10T09-00-00+00-00", "2024-03-01T09-00-00+00-00", "2024-05-01T09-00-00+00-00")


@pytest.fixture
def setup(tmp_path):
    folder = write_history(tmp_path / "history", dict(zip(STAMPS[:2], (ORIGINAL, REWORDED), strict=True)))
    return folder, str(tmp_path / "versions")


def test_a_rebuild_extracts_only_the_new_version(setup, capsys):
    folder, versions = setup
    assert main(["versions", str(folder.parent), "--versions-dir", versions]) == 0
    assert "2 versions extracted, 0 unchanged" in capsys.readouterr().err
    (folder / f"{STAMPS[2]}.txt").write_text(CHANGED)
    (folder / "2024-06-01.txt").write_text(CHANGED)  # a fetch of the same text: nothing to extract
    assert main(["versions", str(folder.parent), "--versions-dir", versions]) == 0
    captured = capsys.readouterr()
    assert "1 versions extracted, 3 unchanged" in captured.err
    assert "Lumen: 4 versions read, 3 distinct texts" in captured.out


def test_diff_and_timeline_answer_from_the_versions_directory(setup, capsys):
    folder, versions = setup
    (folder / f"{STAMPS[2]}.txt").write_text(CHANGED)
    assert main(["versions", str(folder), "--versions-dir", versions]) == 0
    capsys.readouterr()
    assert main(["diff", "Lumen", "--versions-dir", versions, "--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert "Lumen: 2024-03-01T09:00:00Z -> 2024-05-01T09:00:00Z" in captured.err
    assert {"change": "recipient added", "practice": "share online activity", "value": "advertiser",
            "old_sentence": "To improve the app, we share usage data with analytics providers.",
            "new_sentence": "We share your usage data with analytics providers and advertisers to improve the "
                            "app."} in rows
    assert main(["diff", str(folder), "--from", "2024-01-10", "--to", "2024-03-01", "--versions-dir", versions]) == 0
    assert "0 changes" in capsys.readouterr().out
    assert main(["timeline", "Lumen", "--versions-dir", versions]) == 0
    out = capsys.readouterr().out
    assert "Lumen: 3 versions" in out
    assert any(line.split()[:3] == ["collect", "precise", "location"] and "2024-05-01 - now" in line
               for line in out.splitlines())


@pytest.mark.parametrize(("args", "message", "code"), [
    (["diff", "Nobody"], "unknown policy 'Nobody'", 3),
    (["diff", "Lumen", "--from", "2024-03-01", "--to", "2024-01-10"], "is after --to", 2),
    (["diff", "Lumen", "--from", "yesterday"], "--from 'yesterday' is not a date", 2),
    (["diff", "Lumen", "--to", "2023-01-01"], "no version on or before 2023-01-01", 3),
    (["timeline", "Lumen", "--min-confidence", "2"], "min_confidence", 2),
])
def test_bad_requests_are_messages_with_an_exit_code(setup, capsys, args, message, code):
    folder, versions = setup
    assert main(["versions", str(folder), "--versions-dir", versions]) == 0
    capsys.readouterr()
    assert main([*args, "--versions-dir", versions]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_histories_are_reported_and_the_good_versions_built(tmp_path, capsys):
    versions = str(tmp_path / "versions")
    (tmp_path / "empty").mkdir()
    assert main(["versions", str(tmp_path / "empty"), "--versions-dir", versions]) == 3
    assert "empty: no versions" in capsys.readouterr().err
    folder = write_history(tmp_path / "history", {STAMPS[0]: ORIGINAL})
    (folder / "draft.txt").write_text(REWORDED)
    (folder / "2024-02-30.txt").write_text(REWORDED)
    (folder / "2024-04-01.txt").write_bytes(bytes(range(256)) * 4)
    assert main(["versions", str(folder), "--versions-dir", versions]) == 3
    err = capsys.readouterr().err
    assert "1 versions extracted, 0 unchanged (already extracted), 3 failed" in err
    assert "draft.txt: the file name is not a version date" in err and "binary" in err
    assert main(["diff", str(folder), "--versions-dir", versions]) == 3
    assert "Lumen has one version up to 2024-01-10T09:00:00Z" in capsys.readouterr().err
    assert main(["diff", str(tmp_path / "empty"), "--versions-dir", versions]) == 3
    assert "holds no readable version" in capsys.readouterr().err


def test_a_timeline_of_a_history_reports_the_versions_it_cannot_read(tmp_path, capsys):
    folder = write_history(tmp_path / "history", {STAMPS[0]: ORIGINAL, STAMPS[2]: CHANGED})
    (folder / "2024-02-01.txt").write_bytes(bytes(range(256)) * 4)
    assert main(["timeline", str(folder), "--versions-dir", str(tmp_path / "versions")]) == 0
    captured = capsys.readouterr()
    assert "Lumen: 2 versions" in captured.out and "2024-02-01.txt: binary" in captured.err


def test_versions_into_a_store_and_a_question_as_of_a_date(setup, capsys):
    folder, versions = setup
    (folder / f"{STAMPS[2]}.txt").write_text(CHANGED)
    store = str(folder.parent.parent / "store")
    assert main(["versions", str(folder), "--versions-dir", versions, "--store", store]) == 0
    assert "graph: 3 version graphs written, 0 unchanged, 0 failed" in capsys.readouterr().err
    assert main(["query", "collection", "--store", store, "--format", "csv"]) == 0
    assert "precise location" in capsys.readouterr().out
    assert main(["query", "collection", "--store", store, "--format", "csv", "--as-of", "2024-04-01"]) == 0
    assert "precise location" not in capsys.readouterr().out
    assert main(["query", "collection", "--store", store, "--as-of", "April"]) == 2
    assert "--as-of 'April' is not a date" in capsys.readouterr().err
