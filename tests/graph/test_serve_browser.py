"""``policygraph serve`` in a real browser (Debian's ``chromium`` through ``chromium-driver`` and Selenium): the
query page works under the guard's content security policy, and a page from another origin cannot write.

Marked ``browser``; skipped only where chromium or its driver is not installed (``.ci/run`` installs both)."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from graph_records import make_extraction
from test_serve_guard import start_server, stop_server

from policygraph.config import Settings
from policygraph.graph.build import build
from policygraph.graph.stores import open_store

pytestmark = [pytest.mark.browser, pytest.mark.server]
IDS = "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?id WHERE { ?p dcterms:identifier ?id } ORDER BY ?id"


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    yield session
    session.quit()


@pytest.fixture
def store_dir(tmp_path):
    location = tmp_path / "store"
    with open_store("oxigraph", str(location)) as store:
        build([make_extraction("acme"), make_extraction("globex")], store, Settings())
    return location


def wait(browser, condition, seconds: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds).until(condition)


def run_in_editor(browser, root: str, sparql: str) -> list[str]:
    """Open the query page, type ``sparql`` into its editor, press run; the result table's rows as text."""
    browser.get(root + "editor/")
    wait(browser, lambda b: b.find_elements("css selector", ".CodeMirror"))
    browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", sparql)
    browser.find_element("css selector", ".yasqe_queryButton").click()
    rows = wait(browser, lambda b: b.find_elements("css selector", ".yasr table tbody tr"))
    return [row.text for row in rows]


def test_the_query_page_runs_queries_under_its_content_security_policy(browser, store_dir):
    root, process = start_server(store_dir)
    try:
        browser.get_log("browser")  # start with an empty log
        rows = run_in_editor(browser, root, IDS)
        assert [row.split()[-1] for row in rows] == ["acme", "globex"]
        blocked = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    finally:
        stop_server(process)
    # The page's own scripts, styles and images all load; the only thing the policy blocks is the editor's
    # request to a third-party site (prefix.cc, for prefix completion): nothing leaves 127.0.0.1.
    own = [message for message in blocked if "prefix.cc" not in message]
    assert not own, own


class _CrossSitePage(BaseHTTPRequestHandler):
    """A page on another origin whose script posts ``DROP ALL`` to the served store's update endpoint."""

    target = ""

    def do_GET(self):  # noqa: N802
        page = f"""<!doctype html><title>elsewhere</title><p id="out">waiting</p><script>
fetch({self.target!r}, {{method: "POST", mode: "no-cors",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}}, body: "update=DROP%20ALL"}})
  .then(() => document.getElementById("out").textContent = "sent")
  .catch(error => document.getElementById("out").textContent = "failed: " + error);
</script>""".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args):
        pass


def test_a_page_from_another_origin_cannot_write(browser, store_dir):
    root, process = start_server(store_dir, "--allow-update")
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _CrossSitePage)
    _CrossSitePage.target = root + "update"
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{elsewhere.server_address[1]}/")
        wait(browser, lambda b: b.find_element("id", "out").text != "waiting")
        assert run_in_editor(browser, root, IDS), "the policies are still there after the cross-site POST"
    finally:
        elsewhere.shutdown()
        stop_server(process)
