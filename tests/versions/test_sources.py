"""Reading versions: history directories, git repositories and JSON Lines; bad versions are failures."""

from __future__ import annotations

import json
import subprocess

from policies import CHANGED, ORIGINAL, write_history

from policygraph.extract.reader import InputFailure
from policygraph.records import PolicyDocument
from policygraph.versions.dates import show
from policygraph.versions.sources import VersionRef, read_versions


def _split(items):
    items = list(items)
    return [i for i in items if isinstance(i, VersionRef)], [i for i in items if isinstance(i, InputFailure)]


def test_a_history_directory_is_one_policy_in_date_order(tmp_path):
    folder = write_history(tmp_path, {"2024-05-01T10-00-00+00-00": CHANGED, "2024-01-10T09-00-00+00-00": ORIGINAL})
    versions, failures = _split(read_versions([folder]))
    assert not failures
    assert [(v.policy_id, show(v.date)) for v in versions] == [("Lumen", "2024-01-10T09:00:00Z"),
                                                              ("Lumen", "2024-05-01T10:00:00Z")]
    document = versions[0].read()
    assert isinstance(document, PolicyDocument) and document.policy_id == "Lumen" and "analytics" in document.text


def test_a_folder_of_histories_holds_several_policies(tmp_path):
    write_history(tmp_path, {"2024-01-10": ORIGINAL}, "Lumen")
    write_history(tmp_path, {"2024-02-10": ORIGINAL, "2024-03-10": CHANGED}, "Quill")
    versions, _ = _split(read_versions([tmp_path]))
    assert [v.policy_id for v in versions] == ["Lumen", "Quill", "Quill"]


def test_bad_versions_are_failures_and_the_others_are_read(tmp_path):
    folder = write_history(tmp_path, {"2024-01-10": ORIGINAL, "2024-05-01": CHANGED})
    (folder / "latest.txt").write_text(ORIGINAL)
    (folder / "2024-06-01.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    versions, failures = _split(read_versions([folder]))
    assert len(versions) == 3
    reasons = {f.source.rsplit("/", 1)[-1]: f.reason for f in failures}
    assert "not a version date" in reasons["latest.txt"]
    assert isinstance(versions[2].read(), InputFailure)  # the binary file fails when it is read
    assert isinstance(versions[1].read(), PolicyDocument)


def test_an_empty_or_missing_directory_is_a_failure(tmp_path):
    (tmp_path / "empty").mkdir()
    _, failures = _split(read_versions([tmp_path / "empty", tmp_path / "missing"]))
    assert [f.reason.split(":")[0] for f in failures] == ["empty", "no such file or directory"]


def test_a_git_repository_gives_a_version_per_commit_that_changes_a_file(tmp_path):
    repo = tmp_path / "versions"
    (repo / "Lumière").mkdir(parents=True)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(tmp_path)}

    def git(*args, date=None):
        extra = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**env, **extra})

    git("init", "-q")
    for date, text in (("2024-01-10T09:00:00+00:00", ORIGINAL), ("2024-05-01T10:00:00+02:00", CHANGED)):
        (repo / "Lumière" / "Privacy Policy.md").write_text(text)
        git("add", "-A")
        git("commit", "-q", "-m", f"Record changes of {date}", date=date)
    (repo / "notes.bin").write_bytes(b"\x00\x01")
    git("add", "-A")
    git("commit", "-q", "-m", "not a policy", date="2024-06-01T00:00:00+00:00")
    versions, failures = _split(read_versions([repo]))
    assert not failures
    assert [(v.policy_id, show(v.date)) for v in versions] == [("Lumière/Privacy Policy", "2024-01-10T09:00:00Z"),
                                                              ("Lumière/Privacy Policy", "2024-05-01T08:00:00Z")]
    assert "precise location" in versions[1].read().text and "precise location" not in versions[0].read().text


def test_json_lines_need_a_date(tmp_path):
    corpus = tmp_path / "versions.jsonl"
    lines = [{"policy_id": "Lumen", "retrieved_at": "2024-05-01T10:00:00Z", "text": CHANGED},
             {"policy_id": "Lumen", "retrieved_at": "2024-01-10", "text": ORIGINAL},
             {"policy_id": "Lumen", "text": ORIGINAL},
             {"policy_id": "Lumen", "retrieved_at": "last week", "text": ORIGINAL}]
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    versions, failures = _split(read_versions([corpus]))
    assert [show(v.date)[:10] for v in versions] == ["2024-01-10", "2024-05-01"]
    assert sorted(f.reason.split(" ", 2)[2] for f in failures) == ["missing retrieved_at (the version's date)",
                                                                   "retrieved_at is not a date"]
