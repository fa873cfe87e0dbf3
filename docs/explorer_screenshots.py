"""The README's screenshots of the explorer, made by the headless chromium the browser tests drive:

    python docs/explorer_screenshots.py            # builds the five examples in a temp folder, writes docs/*.png

The overview (heatmap), the ``sharing`` question answered for affiliates and marketing, a company page with a
sentence clicked (highlighted in the policy's text), the compare page of two examples, and the versions page of
LinkedIn's policy (its versions in ``../shared/corpora/pga-v2/history``, extracted in the temp folder: a minute).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs"
KCON, JESP = "000_473cca7521ebc7d6", "001_1cc416990f708708"
HISTORY = ROOT.parent / "shared" / "corpora" / "pga-v2" / "history" / "LinkedIn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        raise SystemExit("chromium and chromium-driver are needed (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1360,900", "--hide-scrollbars"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(driver))


def main() -> int:
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as folder:
        store, versions = Path(folder) / "store", Path(folder) / "versions"
        subprocess.run([sys.executable, "-m", "policygraph.cli", "build", str(ROOT / "examples" / "policies"),
                        "--store", str(store), "-q"], check=True)
        subprocess.run([sys.executable, "-m", "policygraph.cli", "versions", str(HISTORY), "--versions-dir",
                        str(versions)], check=True)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--store", str(store),
                                   "--port", str(port), "--versions-dir", str(versions)], stdout=subprocess.PIPE,
                                  text=True, cwd=ROOT)
        server.stdout.readline()
        browser = chromium()
        root = f"http://127.0.0.1:{port}/"
        try:
            browser.get(root)
            browser.save_screenshot(str(OUT / "explorer-overview.png"))
            browser.get(root + "questions/sharing?recipient=affiliate&purpose=marketing&run=1")
            browser.save_screenshot(str(OUT / "explorer-question.png"))
            browser.get(root + f"company?policy={KCON}")
            links = browser.find_elements(By.CSS_SELECTOR, '#statements blockquote a[href^="#at-"]')
            sharing = next(link for link in links if "parent, affiliate and subsidiary" in link.text)
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", sharing)
            sharing.click()
            browser.save_screenshot(str(OUT / "explorer-company.png"))
            browser.get(root + f"compare?a={KCON}&b={JESP}")
            browser.save_screenshot(str(OUT / "explorer-compare.png"))
            browser.get(root + "versions?policy=LinkedIn")
            browser.save_screenshot(str(OUT / "explorer-versions.png"))
        finally:
            browser.quit()
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("explorer-*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
