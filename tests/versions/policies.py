"""Small hand-written policy versions (our own words) and a helper that writes them as a history directory."""

from __future__ import annotations

from pathlib import Path

TITLE = "Lumen Notes Privacy Policy\n\n"

#: the first version
ORIGINAL = TITLE + """We collect your name and email address when you create an account.
We use your email address to send you service announcements.
We share your usage data with analytics providers to improve the app.
We do not sell your personal information.
We retain account data for 30 days once you close your account.
"""

#: the same practices in other words and another order
REWORDED = TITLE + """To improve the app, we share usage data with analytics providers.
When you create an account, we collect your email address and name.
We do not sell your personal information.
Your email address is used by us to send you service announcements.
Once you close your account, we retain account data for 30 days.
"""

#: advertisers become recipients, the retention period grows, precise location is collected; the denial of
#: selling goes and a tentative sale (below the 0.7 threshold) comes
CHANGED = TITLE + """We collect your name and email address when you create an account.
We use your email address to send you service announcements.
We share your usage data with analytics providers and advertisers to improve the app.
We may sell your personal information.
We retain account data for 90 days once you close your account.
We collect your precise location.
"""


def write_history(root: Path, versions: dict[str, str], policy: str = "Lumen") -> Path:
    """A history directory ``root/policy`` with one file per version, named by its date stamp."""
    folder = root / policy
    folder.mkdir(parents=True, exist_ok=True)
    for stamp, text in versions.items():
        (folder / f"{stamp}.txt").write_text(text, encoding="utf-8")
    return folder
