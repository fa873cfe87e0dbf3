"""The explorer's tests share one store (built once per session) and one read-only server over it."""

from __future__ import annotations

import pytest
from explorer_server import build_store, start, stop


@pytest.fixture(scope="session")
def explorer_store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("explorer"))


@pytest.fixture(scope="module")
def explorer(explorer_store, tmp_path_factory):
    """The root URL of a read-only ``policygraph serve`` over the shared store (started in an unrelated folder)."""
    root, process = start(explorer_store, cwd=str(tmp_path_factory.mktemp("elsewhere")))
    yield root
    stop(process)


@pytest.fixture(scope="module")
def browser():
    """A headless Debian chromium through chromium-driver and Selenium (skipped only where they are missing)."""
    import shutil

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    yield session
    session.quit()
