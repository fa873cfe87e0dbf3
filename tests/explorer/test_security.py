"""The explorer's security: hostile text renders as text, static routes stay in their folder, the store is read-only
unless --allow-update (the server's flags: test_server_flags.py). Every test runs the real server."""

from __future__ import annotations

import http.client
import re
import urllib.parse

import pytest
from explorer_server import HOSTILE_COMPANY, get

pytestmark = pytest.mark.server
PAGES = ("", "company?policy=hostile", "questions/collection?company=hostile", "questions/sharing?company=hostile",
         "questions/profile?company=hostile", "compare?a=hostile&b=000_473cca7521ebc7d6", "?sort=id")


@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_and_text_render_as_text(explorer, page):
    status, headers, body = get(explorer + page)
    assert status == 200, body
    assert "<script>alert" not in body and "{{ 7*7 }}" in body and "49" not in body.split("<main>", 1)[1]
    assert "&lt;script&gt;alert(&#34;c&#34;)&lt;/script&gt;" in body
    assert "script-src 'self';" in headers["Content-Security-Policy"], "no inline script is allowed"


def test_the_hostile_sentence_is_highlighted_as_text(explorer):
    body = get(explorer + "company?policy=hostile")[2]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34; and {{ 7*7 }} when you register.</mark>" in body
    assert "{% if true %}yes{% endif %}" in body
    # a purpose in the sentence's own words is shown beside the terms, as text
    assert re.search(r"purpose, as worded: “so that you can reset \{\{ 7\*7 \}\} your &lt;i&gt;", body)
    assert "<i>password" not in body


def test_completion_answers_json_not_html(explorer):
    status, headers, body = get(explorer + "complete/company?q=" + urllib.parse.quote("<script>"))
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert HOSTILE_COMPANY.replace('"', '\\"') in body


def raw_get(root: str, path: str) -> tuple[int, bytes]:
    """A GET of ``path`` exactly as written (no client normalises it)."""
    host, port = urllib.parse.urlsplit(root).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fgraph/serve.py",
    "/static/..%5capp.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/../../../../etc/passwd",
    "/editor/../../etc/passwd", "/editor/%2e%2e/%2e%2e/etc/passwd"])
def test_no_path_traversal_through_static_routes(explorer, path):
    status, body = raw_get(explorer, path)
    assert status in (400, 404), (path, status)
    assert b"root:" not in body and b"def create_app" not in body and b"import" not in body


def test_the_static_files_are_served(explorer):
    status, body = raw_get(explorer, "/static/style.css")
    assert status == 200 and b"policygraph explorer" in body


def test_updates_are_refused_without_allow_update(explorer):
    insert = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    status, _h, _body = get(explorer + "update", insert, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status >= 400
    ask = explorer + "query?" + urllib.parse.urlencode({"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert get(ask, headers={"Accept": "application/sparql-results+json"})[2].count("false") == 1
    assert get(explorer, b"x=1", method="POST")[0] == 405  # the explorer's pages only read
    assert "read-only" in get(explorer)[2]
