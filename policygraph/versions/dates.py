"""Version dates: parsed from file names, JSON Lines fields, commit dates and command-line flags.

Every date is an aware ``datetime`` in UTC, so versions from different sources sort together.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

# A file name such as 2022-07-11T14-59-29+00-00 (colons are not allowed in file names everywhere, so the time
# and the offset use dashes), or the same with colons, or a plain date.
_STAMP = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<h>\d{2})[-:](?P<m>\d{2})(?:[-:](?P<s>\d{2})(?:\.\d+)?)?"
                    r"(?P<tz>Z|[+-]\d{2}(?:[-:]?\d{2})?)?)?")


def parse_date(text: str) -> tuple[datetime, bool] | None:
    """``(moment in UTC, whether a time was given)`` for a date stamp, or None when it is not one.

    A stamp without an offset is read as UTC."""
    match = _STAMP.fullmatch(text.strip())
    if not match:
        return None
    h, m, s = (int(match.group(k) or 0) for k in ("h", "m", "s"))
    try:
        moment = datetime.fromisoformat(match.group("date")).replace(hour=h, minute=m, second=s, tzinfo=UTC)
    except ValueError:
        return None
    tz = match.group("tz")
    if tz and tz != "Z":
        digits = tz[1:].replace("-", "").replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        moment = moment - offset if tz[0] == "+" else moment + offset
    return moment, match.group("h") is not None


def version_date(text: str) -> datetime | None:
    """The moment a version's stamp names (a plain date is its midnight, UTC), or None."""
    parsed = parse_date(text)
    return parsed[0] if parsed else None


def as_of(text: str) -> datetime | None:
    """The moment a person means by ``--from``/``--to``/``--as-of``: a plain date means the end of that day, so
    that a version published that day counts as in force on it."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    moment, timed = parsed
    return moment if timed else moment + timedelta(days=1, microseconds=-1)


def show(moment: datetime) -> str:
    """A moment as people read it: ``2022-07-11T14:59:29Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
