"""The versions page over a real server (``serve --versions-dir``): a policy's versions, its timeline and the changes
between two versions with the sentence from each, links to and from the company page, bad input as 4xx pages and
hostile names as text. The versions are hand-written (our own words), built once for the module with the CLI."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from explorer_server import get, start, stop

from policygraph.cli import main
from policygraph.explorer.versions import Versions, history
from policygraph.versions.cache import VersionCache

pytestmark = pytest.mark.server
TITLE = "Orchard Recipes Privacy Policy\n\n"
KEPT = ("We collect your email address when you create an account.\n"
        "We use your email address to send you weekly recipes.\n")
RETAINED = "We retain your saved recipes for 12 months after your last visit."
SHARED = "We share your email address with advertisers."
WIDER = "We share your email address with advertisers and our affiliates."
#: version 2 drops the retention sentence and starts sharing with advertisers, version 3 adds
#: affiliates, version 4 is a fetch of the same text as version 3
ORCHARD = {"2023-02-01T08-00-00+00-00": TITLE + KEPT + RETAINED, "2023-09-15T08-00-00+00-00": TITLE + KEPT + SHARED,
           "2024-04-01T08-00-00+00-00": TITLE + KEPT + WIDER, "2024-06-01T08-00-00+00-00": TITLE + KEPT + WIDER}
HOSTILE = 'Evil <img src=x onerror=alert(1)> {{ 7*7 }}'
HOSTILE_SHARED = 'We share your email address "<script>alert(1)</script>" {{ 7*7 }} with advertisers.'
EVIL = {"2023-01-01": "Evil Privacy Policy\n\nWe collect your email address when you register.\n",
        "2023-06-01": "Evil Privacy Policy\n\nWe collect your email address when you register.\n" + HOSTILE_SHARED}
SOLO = {"2023-03-01": "Solo Privacy Policy\n\nWe collect your email address when you subscribe.\n"}


def write_history(root, policy: str, versions: dict[str, str]) -> None:
    folder = root / policy
    folder.mkdir(parents=True)
    for stamp, text in versions.items():
        (folder / f"{stamp}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The versions directory and a store holding the versions' graphs and one policy without versions."""
    root = tmp_path_factory.mktemp("versions-page")
    for policy, versions in (("Orchard", ORCHARD), (HOSTILE, EVIL), ("Solo", SOLO)):
        write_history(root / "history", policy, versions)
    (root / "Plain.txt").write_text("Plain Privacy Policy\n\nWe collect your phone number.\n", encoding="utf-8")
    folder, store = root / "versions", root / "store"
    assert main(["versions", str(root / "history"), "--versions-dir", str(folder), "--store", str(store)]) == 0
    assert main(["build", str(root / "Plain.txt"), "--store", str(store), "-q"]) == 0
    return folder, store


@pytest.fixture(scope="module")
def site(built):
    """The root URL of ``policygraph serve --versions-dir`` over the built store."""
    folder, store = built
    root, process = start(store, "--versions-dir", str(folder))
    yield root
    stop(process)


def page_of(site: str, **params) -> tuple[int, str]:
    status, _headers, body = get(site + "versions?" + urllib.parse.urlencode(params))
    return status, body


def diff_rows(body: str) -> list[list[str]]:
    """The change table's rows as cell texts."""
    table = body.split('id="diff"', 1)[1].split("</table>", 1)[0]
    return [[html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr class=[^>]*>(.*?)</tr>", table, re.S)]


def test_the_default_diff_is_the_latest_two_texts_with_both_sentences(site):
    status, body = page_of(site, policy="Orchard")
    assert status == 200
    assert "Orchard: 2023-09-15T08:00:00Z -&gt; 2024-06-01T08:00:00Z: 1 change" in body  # not the same-text fetch
    assert diff_rows(body) == [["recipient added", "share e-mail address", "affiliate", SHARED, WIDER]]


def test_a_chosen_pair_shows_the_added_and_removed_practices(site):
    status, body = page_of(site, policy="Orchard", **{"from": "2023-02-01T08:00:00Z", "to": "2023-09-15"})
    assert status == 200
    rows = diff_rows(body)
    assert ["practice added", "share e-mail address", "", "", SHARED] in rows
    assert ["fact removed", "retention period: stated period", "", RETAINED, ""] in rows
    assert '<option value="2023-02-01T08:00:00Z" selected>' in body


def test_the_timeline_gives_each_practice_its_periods_and_bars(site):
    body = page_of(site, policy="Orchard")[1]
    lines = dict(re.findall(r"<tr(?: class=\"denied\")?><td>([^<]+)</td>.*?<td class=\"periods\">([^<]+)</td>",
                            body))
    assert lines["share e-mail address"] == "2023-09-15 - now"
    assert lines["retention period: stated period"] == "2023-02-01 - 2023-09-15"
    assert lines["collect e-mail address"] == "2023-02-01 - now"
    assert 'title="2023-09-15 - now"' in body and "https://w3id.org" not in body


def test_bars_meet_where_one_period_ends_and_the_next_begins(built):
    found = history(Versions(VersionCache(built[0])), "Orchard")
    bars = {line.subject: line.bars for line in found.lines}
    (retained,), (shared,) = bars["retention period: stated period"], bars["share e-mail address"]
    assert retained.left == 0 and shared.left == pytest.approx(retained.width, abs=0.02)
    assert shared.left + shared.width == pytest.approx(100)
    assert [(v.text, v.changed) for v in found.listed] == [(1, False), (2, True), (3, True), (3, False)]
    assert [tick.label for tick in found.ticks] == ["2024"]


def test_the_version_list_links_each_new_text_to_its_changes(site):
    body = page_of(site, policy="Orchard")[1]
    versions = body.split('id="version-list"', 1)[1]
    assert versions.count("changes from the version before") == 2 and versions.count("(unchanged)") == 1
    link = "/versions?policy=Orchard&amp;from=2023-09-15T08%3A00%3A00Z&amp;to=2024-04-01T08%3A00%3A00Z#changes"
    assert link in versions


def test_company_and_versions_pages_link_each_other(site):
    company = get(site + "company?policy=Orchard")[2]
    assert 'href="/versions?policy=Orchard" id="versions-link">4 versions' in company
    assert 'href="/company?policy=Orchard" id="company-link"' in page_of(site, policy="Orchard")[1]
    assert 'id="versions-link"' not in get(site + "company?policy=Plain")[2]
    index = page_of(site)[1]
    assert ('<a href="/versions?policy=Orchard">Orchard</a></td><td>4</td><td>2023-02-01</td><td>2024-06-01</td>'
            in index)
    assert '<a href="/versions">Versions</a>' in index


def test_a_policy_with_one_version_has_its_timeline_and_nothing_to_compare(site):
    status, body = page_of(site, policy="Solo")
    assert status == 200 and "One version: nothing to compare it with." in body
    assert "2023-03-01 - now" in body and "<form" not in body.split("<main>", 1)[1]


@pytest.mark.parametrize("params, status, message", [
    ({"policy": "Nobody"}, 404, "unknown policy &#39;Nobody&#39;"),
    ({"policy": "Plain"}, 404, "unknown policy &#39;Plain&#39;"),  # in the store, without versions
    ({"policy": "Orchard", "from": "yesterday"}, 400, "from &#39;yesterday&#39; is not a date"),
    ({"policy": "Orchard", "from": "2024-01-01", "to": "2023-06-01"}, 400, "is after --to"),
    ({"policy": "Orchard", "to": "2020-01-01"}, 400, "Orchard has no version on or before 2020-01-01"),
])
def test_bad_input_is_a_4xx_page_without_a_traceback(site, params, status, message):
    found, body = page_of(site, **params)
    assert found == status and message in body, body
    assert "Traceback" not in body and 'class="error"' in body


def test_a_path_names_no_policy_and_reads_no_directory(site, built):
    history_folder = built[0].parent / "history" / "Orchard"
    status, body = page_of(site, policy=str(history_folder))
    assert status == 404 and "unknown policy" in body
    assert VersionCache(built[0]).policies() == sorted([HOSTILE, "Orchard", "Solo"])


def test_hostile_names_and_sentences_render_as_text(site):
    status, headers, body = get(site + "versions?" + urllib.parse.urlencode({"policy": HOSTILE}))
    assert status == 200
    assert "<script>alert" not in body and "<img" not in body
    assert "&#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; {{ 7*7 }} with advertisers." in body
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in body
    assert "script-src 'self';" in headers["Content-Security-Policy"]


def test_serve_refuses_a_versions_dir_without_versions(built, tmp_path, capsys):
    assert main(["serve", "--store", str(built[1]), "--versions-dir", str(tmp_path)]) == 2
    assert "no policy versions there" in capsys.readouterr().err


@pytest.mark.browser
def test_the_versions_page_renders_in_a_browser(browser, site):
    from selenium.webdriver.common.by import By

    browser.get_log("browser")
    browser.get(site + "versions?policy=Orchard")
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline .track .bar")
    assert bars and all(bar.size["width"] >= 3 and bar.size["height"] > 0 for bar in bars)
    link = browser.find_elements(By.LINK_TEXT, "changes from the version before")[0]
    link.click()
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#diff tbody td")]
    assert "practice added" in cells and SHARED in cells and RETAINED in cells
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
