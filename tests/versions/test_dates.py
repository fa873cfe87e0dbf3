"""Version dates from file names, records and flags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from policygraph.versions.dates import as_of, show, version_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-07-11T14-59-29+00-00", datetime(2022, 7, 11, 14, 59, 29, tzinfo=UTC)),
    ("2022-07-11T14:59:29Z", datetime(2022, 7, 11, 14, 59, 29, tzinfo=UTC)),
    ("2022-07-11T16-59-29+02-00", datetime(2022, 7, 11, 14, 59, 29, tzinfo=UTC)),
    ("2022-07-11T09:59:29-05:00", datetime(2022, 7, 11, 14, 59, 29, tzinfo=UTC)),
    ("2022-07-11", datetime(2022, 7, 11, tzinfo=UTC)),
])
def test_stamps_are_read_as_utc(text, expected):
    assert version_date(text) == expected


@pytest.mark.parametrize("text", ["README", "2022-13-01", "2022-02-30T00-00-00", "July 2022", "", "2022-07-11x"])
def test_what_is_not_a_date_is_none(text):
    assert version_date(text) is None and as_of(text) is None


def test_a_plain_date_as_a_flag_means_the_end_of_that_day():
    assert show(as_of("2024-03-01")) == "2024-03-01T23:59:59Z"
    assert show(as_of("2024-03-01T08:00:00Z")) == "2024-03-01T08:00:00Z"
