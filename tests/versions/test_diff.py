"""What changed between versions, by meaning: real extractions of hand-written versions (``policies.py``)."""

from __future__ import annotations

import pytest
from policies import CHANGED, ORIGINAL, REWORDED, TITLE, write_history

from policygraph.versions.cache import VersionCache
from policygraph.versions.compare import policy_diff, policy_timeline
from policygraph.versions.render import describe, diff_rows

STAMPS = ("2024-01-10T09-00-00+00-00", "2024-03-01T09-00-00+00-00", "2024-05-01T09-00-00+00-00")


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A history of three versions (original, reworded, changed) and its versions directory, built once."""
    root = tmp_path_factory.mktemp("history")
    folder = write_history(root, dict(zip(STAMPS, (ORIGINAL, REWORDED, CHANGED), strict=True)))
    cache = VersionCache(root / "versions")
    policy_timeline(str(folder), cache)  # extracts every version
    return folder, cache


def _changes(result):
    return {(row["change"], row["practice"], row["value"]) for row in diff_rows(result)}


def test_a_reworded_version_with_the_same_practices_is_no_change(history):
    folder, cache = history
    result = policy_diff(str(folder), cache, *_moments("2024-01-10", "2024-03-01"))
    assert result.old.sha256 != result.new.sha256
    assert result.changes == []


def test_new_recipients_periods_and_practices_are_changes_with_both_sentences(history):
    folder, cache = history
    result = policy_diff("Lumen", cache)  # the latest version and the one before it
    changes = _changes(result)
    assert ("recipient added", "share online activity", "advertiser") in changes
    assert ("practice added", "collect precise location", "") in changes
    assert ("period changed", "retention period: stated period", "was: 30 days; now: 90 days") in changes
    assert ("practice removed", "not sell personal information", "") in changes
    by_kind = {(c.kind, describe(c.subject)): c for c in result.changes}
    added = by_kind[("recipient added", "share online activity")]
    assert added.old.text == "To improve the app, we share usage data with analytics providers."
    assert "analytics providers and advertisers" in added.new.text
    period = by_kind[("period changed", "retention period: stated period")]
    assert "30 days" in period.old.text and "90 days" in period.new.text
    assert by_kind[("practice added", "collect precise location")].old is None


def test_only_readings_above_the_threshold_take_part_unless_asked(history):
    """"We may sell your personal information" is a tentative reading (0.6): by default the denial of selling
    is only removed; with a lower threshold the denial has become a sale."""
    folder, cache = history
    assert not any(c.kind == "practice no longer denied" for c in policy_diff("Lumen", cache).changes)
    lenient = _changes(policy_diff("Lumen", cache, min_confidence=0.5))
    assert ("practice no longer denied", "sell personal information", "") in lenient
    assert not any(kind == "practice removed" and "sell" in practice for kind, practice, _ in lenient)


def test_a_practice_stated_twice_is_there_while_one_sentence_states_it(tmp_path):
    first = TITLE + "We collect your phone number.\nWe also collect your phone number and email address.\n"
    second = TITLE + "We also collect your phone number and email address.\n"
    third = TITLE + "We collect your email address.\n"
    folder = write_history(tmp_path, dict(zip(STAMPS, (first, second, third), strict=True)))
    cache = VersionCache(tmp_path / "versions")
    assert policy_diff(str(folder), cache, *_moments("2024-01-10", "2024-03-01")).changes == []
    assert _changes(policy_diff(str(folder), cache)) == {("practice removed", "collect telephone number", "")}


def test_a_denial_that_replaces_its_practice_is_one_change(tmp_path):
    folder = write_history(tmp_path, {STAMPS[0]: TITLE + "We may sell your email address to data brokers.\n",
                                      STAMPS[1]: TITLE + "We do not sell your email address.\n"})
    result = policy_diff(str(folder), VersionCache(tmp_path / "versions"))
    assert _changes(result) == {("practice now denied", "not sell e-mail address", "")}
    change = result.changes[0]
    assert "may sell" in change.old.text and "do not sell" in change.new.text


def test_the_timeline_says_when_each_practice_appeared_and_disappeared(history):
    folder, cache = history
    policy_id, versions, rows = policy_timeline("Lumen", cache)
    assert policy_id == "Lumen" and len(versions) == 3
    periods = {describe(row.subject): [(p.start.date().isoformat(), p.end and p.end.date().isoformat())
                                       for p in row.periods] for row in rows}
    assert periods["collect precise location"] == [("2024-05-01", None)]
    assert periods["not sell personal information"] == [("2024-01-10", "2024-05-01")]
    assert periods["collect e-mail address"] == [("2024-01-10", None)]


def _moments(start, end):
    from policygraph.versions.history import moment

    return moment("--from", start), moment("--to", end)


def test_a_change_carried_by_a_neighbouring_sentence_is_reported_by_the_sentence_that_changed(tmp_path):
    """"We share this information" is word for word in both versions: what it shares changed because the sentence
    before it did, and that sentence's change is what is reported (once), not a second change of the same words."""
    first = TITLE + "We collect your email address.\n\nWe share this information with advertisers.\n"
    second = TITLE + "We collect your phone number.\n\nWe share this information with advertisers.\n"
    folder = write_history(tmp_path, dict(zip(STAMPS, (first, second), strict=False)))
    changes = _changes(policy_diff(str(folder), VersionCache(tmp_path / "versions")))
    assert {kind for kind, practice, _ in changes if practice.startswith("share")} == set()
    assert ("practice added", "collect telephone number", "") in changes
    assert ("practice removed", "collect e-mail address", "") in changes


def test_an_unchanged_sentence_under_a_changed_heading_is_still_a_change(tmp_path):
    first = TITLE + "## Information we share\n\nYour email address.\n"
    second = TITLE + "## Information we use\n\nYour email address.\n"
    folder = write_history(tmp_path, dict(zip(STAMPS, (first, second), strict=False)))
    changes = _changes(policy_diff(str(folder), VersionCache(tmp_path / "versions")))
    assert any(kind == "practice removed" and practice.startswith("share") for kind, practice, _ in changes)


def _two_versions(tmp_path, old: str, new: str):
    folder = write_history(tmp_path, {STAMPS[0]: TITLE + old, STAMPS[1]: TITLE + new})
    cache = VersionCache(tmp_path / "versions")
    policy_timeline(str(folder), cache)
    return _changes(policy_diff("Lumen", cache))


@pytest.mark.parametrize(("old", "new"), [
    ("We use your IP address to secure your account.\n", "We collect your IP address to secure your account.\n"),
    ("We share such information with our service providers.\n",
     "We share information with our service providers.\n"),
])
def test_the_same_practice_with_the_other_verb_or_umbrella_word_is_no_change(tmp_path, old, new):
    changes = _two_versions(tmp_path, old, new)
    assert not {c for c in changes if c[0].startswith("practice ")}


def test_a_new_recipient_or_a_newly_named_data_type_is_still_a_change(tmp_path):
    changes = _two_versions(tmp_path, "We share your location data with our service providers.\n",
                            "We share your precise location with advertisers.\n")
    assert any(kind == "practice added" and "precise location" in practice for kind, practice, _ in changes)
    changes = _two_versions(tmp_path / "b", "We share your personal information with our service providers.\n",
                            "We share your location data with our service providers.\n")
    assert any(kind == "practice added" and "location" in practice for kind, practice, _ in changes)
    changes = _two_versions(tmp_path / "c", "We collect your location data to show you local content.\n",
                            "We collect your precise location to show you local content.\n")
    assert any(kind == "practice added" and "precise location" in practice for kind, practice, _ in changes)


def test_personal_information_and_information_are_one_practice(tmp_path):
    changes = _two_versions(tmp_path, "We share information with service providers for analytics.\n"
                            "We share personal information with advertisers.\n",
                            "We share personal information with service providers for analytics.\n"
                            "We share information with advertisers.\n")
    assert changes == set()


def test_a_practice_no_longer_denied_is_reported_though_restated(tmp_path):
    changes = _two_versions(tmp_path, "We collect your IP address. We do not use your IP address.\n",
                            "We use your IP address.\n")
    assert any(kind == "practice no longer denied" for kind, _, _ in changes)


def test_a_purpose_said_of_all_the_users_information_is_no_change_for_one_data_type(tmp_path):
    changes = _two_versions(tmp_path, "We use your information to provide our services.\n"
                            "We use your email address to send you newsletters.\n",
                            "We use your information to provide our services.\n"
                            "We use your email address to provide our services and to send you newsletters.\n")
    assert not any(kind == "purpose added" for kind, _, _ in changes)
    changes = _two_versions(tmp_path / "b", "We use your information to provide our services.\n"
                            "We use your email address to send you newsletters.\n",
                            "We use your information to provide our services.\n"
                            "We use your email address to send you newsletters and for advertising.\n")
    assert any(kind == "purpose added" and value == "advertising" for kind, _, value in changes)
