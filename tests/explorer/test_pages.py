"""The explorer's pages over a real server and store: the overview and heatmap, every question as a form with its
answer, downloads and permalink, the company and compare pages, and error pages without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import urllib.parse

import pytest
from explorer_server import EXAMPLES, get

from policygraph.queries import catalogue

pytestmark = pytest.mark.server
KCON = "000_473cca7521ebc7d6"


def rows_of(page: str) -> list[str]:
    """The body rows of the page's results table, as text."""
    body = page.split('<table class="results" id="results">', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_the_overview_counts_the_corpus_and_maps_every_policy(explorer):
    status, headers, page = get(explorer)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<strong id="policy-count">6</strong>' in page
    assert page.count('<th class="company">') == 6
    assert f'/company?policy={KCON}&amp;action=Share&amp;data=PersonalData#statements' in page
    assert 'class="cell stated"' in page and 'class="cell none"' in page


def test_the_overview_sorts_and_pages(explorer):
    by_statements = get(explorer + "?sort=statements")[2]
    counts = [int(n) for n in re.findall(r"· (\d+) statements</small>", by_statements)]
    assert counts == sorted(counts, reverse=True) and len(counts) == 6
    status, _h, page = get(explorer + "?page=2")
    assert status == 200 and "No policies on this page." in page


def test_the_heatmap_sorts_by_a_column(explorer):
    page = get(explorer + "?sort=Sell.PersonalData")[2]
    companies = re.findall(r'<th class="company"><a href="/company\?policy=([^"]+)"', page)
    assert companies[0] == KCON, "the one policy that states selling personal data comes first"
    assert 'class="col sorted"' in page and "(stated first, then denied)" in page
    assert "(stated first" not in get(explorer + "?sort=nonsense")[2]


def test_every_question_has_a_form(explorer):
    for spec in catalogue():
        status, _h, page = get(explorer + f"questions/{spec.name}")
        assert status == 200, spec.name
        for param in spec.params:
            assert f'name="{param.name}"' in page, (spec.name, param.name)


def test_a_concept_field_completes_from_labels_and_altlabels_with_the_hierarchy(explorer):
    page = get(explorer + "questions/sharing")[2]
    data = page.split('<datalist id="list-data">', 1)[1].split("</datalist>", 1)[0]
    assert re.search(r'<option value="contact information">[^<]*contact information \(covers \d+ narrower\)', data)
    assert re.search(r'<option value="[^"]+">= e-mail address</option>', data), "altLabels point at their label"
    assert "<code>pg:EmailAddress</code>" in page  # the tree of concepts


def test_a_question_answers_with_labels_and_whole_sentences(explorer):
    status, _h, page = get(explorer + "questions/sharing?" + urllib.parse.urlencode({"recipient": "affiliate"}))
    assert status == 200
    rows = rows_of(page)
    assert rows and all("affiliate" in row for row in rows)
    assert "We may share the Personal Information you provide us with our parent, affiliate and subsidiary " \
           "companies." in page
    assert "pg:" not in "".join(rows) and "https://w3id.org" not in "".join(rows)


def test_a_hierarchy_concept_finds_narrower_ones(explorer):
    page = get(explorer + "questions/collection?data=contact+information")[2]
    assert "e-mail address" in " ".join(rows_of(page))


def test_downloads_and_permalink_carry_the_question(explorer):
    query = urllib.parse.urlencode({"recipient": "affiliate"})
    page = get(explorer + "questions/sharing?" + query)[2]
    assert 'href="/questions/sharing?recipient=affiliate&amp;run=1" id="permalink"' in page
    status, headers, text = get(explorer + "questions/sharing?" + query + "&format=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert 'filename="sharing.csv"' in headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows_of(page)) and all("affiliate" in row["recipient"] for row in table)
    status, headers, text = get(explorer + "questions/sharing?" + query + "&format=json")
    rows = json.loads(text)
    assert status == 200 and rows and all(row["recipient_label"] for row in rows)


def test_the_page_answers_as_the_cli_does(explorer, explorer_store):
    """The page's rows are the CLI's rows (one per statement, labels)."""
    cli = subprocess.run([sys.executable, "-m", "policygraph.cli", "query", "sharing", "--param", "recipient=affiliate",
                          "--format", "csv", "--store", str(explorer_store)], capture_output=True, text=True)
    assert cli.returncode == 6 and "is served by policygraph serve" in cli.stderr  # the store is served: ask it
    cli = subprocess.run([sys.executable, "-m", "policygraph.cli", "query", "sharing", "--param", "recipient=affiliate",
                          "--format", "csv", "--endpoint", explorer + "query"], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    page_csv = get(explorer + "questions/sharing?recipient=affiliate&format=csv")[2]
    assert page_csv.replace("\r\n", "\n") == cli.stdout


@pytest.mark.parametrize("query, message", [
    ("questions/sharing?recipient=afiliate", "unknown recipient &#39;afiliate&#39;; closest: affiliate"),
    ("questions/profile?run=1", "profile needs company"),
    ("questions/profile?company=no-such-company", "no policy has the id"),
    ("questions/nothing", "unknown query &#39;nothing&#39;"),
    ("company?policy=nothing", "no policy has the id &#39;nothing&#39;"),
    ("compare?a=nothing&b=" + KCON, "no policy has the id"),
    ("compare?a=.com&b=" + KCON, "a: &#39;.com&#39; names 2 policies; give one id: 000_473cca7521ebc7d6, 003_"),
])
def test_bad_values_give_a_message_and_a_status_not_a_traceback(explorer, query, message):
    status, _h, page = get(explorer + query)
    assert status == 400 and message in page, page
    assert "Traceback" not in page and 'class="error"' in page


def test_an_unknown_page_is_a_404_page(explorer):
    status, _h, page = get(explorer + "no/such/page")
    assert status == 404 and 'class="error"' in page


def test_without_a_versions_dir_there_are_no_versions_pages(explorer):
    status, _h, page = get(explorer + f"versions?policy={KCON}")
    assert status == 404 and "start it with --versions-dir DIR" in page
    assert 'href="/versions' not in get(explorer + f"company?policy={KCON}")[2]


def test_the_company_page_groups_statements_and_highlights_them_in_the_text(explorer):
    status, _h, page = get(explorer + f"company?policy={KCON}")
    assert status == 200
    titles = re.findall(r"<h2>([^<]+) <small>", page)
    assert titles[:2] == ["Collection", "Sharing and selling"] and "Tracking" in titles
    text = (EXAMPLES / f"{KCON}.txt").read_text(encoding="utf-8")
    marks = re.findall(r'<mark id="at-(\d+)"[^>]*>(?:<span id="at-\d+"></span>)*([^<]*)</mark>', page)
    assert marks
    for start, marked in marks:
        assert marked.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"') in text
        assert f'href="#at-{start}"' in page or re.search(rf'<span id="at-{start}">', page)


def test_a_heatmap_cell_opens_the_statements_behind_it(explorer):
    page = get(explorer + f"company?policy={KCON}&action=Share&data=PersonalData")[2]
    assert 'id="cell-filter"' in page
    sections = re.findall(r"<h2>([^<]+) <small>", page)
    assert sections and set(sections) <= {"Sharing and selling", "Children"}
    assert "Collection" not in sections


def test_compare_groups_what_the_compare_question_pairs(explorer):
    a, b = KCON, "001_1cc416990f708708"
    page = get(explorer + f"compare?a={a}&b={b}")[2]
    counts = dict(re.findall(r'<section class="compare-group" id="group-(\w+)">\s*<h2>[^<]+<small>(\d+)', page))
    rows = json.loads(get(explorer + f"questions/compare?a={a}&b={b}&format=json")[2])
    both = sum(1 for r in rows if r["a_evidence"] and r["b_evidence"])
    only_a = sum(1 for r in rows if r["a_evidence"] and not r["b_evidence"])
    only_b = sum(1 for r in rows if r["b_evidence"] and not r["a_evidence"])
    assert (int(counts["both"]), int(counts["only_a"]), int(counts["only_b"])) == (both, only_a, only_b)


def test_company_names_complete_from_the_corpus(explorer):
    found = json.loads(get(explorer + "complete/company?q=konz")[2])
    assert [f["company"] for f in found] == ["Konzen"]
