"""A real ``policygraph serve`` over a real store for the explorer's tests (a uniquely named module, see
``tests/local_http.py``): the five example policies and a hostile one, built once per session with the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from local_http import free_port

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
#: a company name and a text made to break out of HTML and templates
HOSTILE_COMPANY = '<script>alert("c")</script> {{ 7*7 }} \'Corp\''
HOSTILE_TEXT = ("Privacy Policy of Evil <script>alert(1)</script> Inc.\n\n"
                "We collect your e-mail address \"<script>alert('x')</script>\" and {{ 7*7 }} when you register.\n\n"
                "We share your e-mail address with our affiliates for marketing {% if true %}yes{% endif %}.\n\n"
                "We use your e-mail address so that you can reset {{ 7*7 }} your <i>password</i>.\n")


def build_store(folder: Path) -> Path:
    """The store of the examples (absolute paths, so the server finds their text from any folder) and of
    ``hostile.txt`` (built with the hostile company name)."""
    store = folder / "store"
    hostile = folder / "hostile" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    for inputs, extra in (([str(EXAMPLES)], []), ([str(hostile)], ["--company", HOSTILE_COMPANY])):
        done = subprocess.run([sys.executable, "-m", "policygraph.cli", "build", *inputs, "--store", str(store), "-q",
                               *extra], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return store


def start(store: Path, *flags: str, cwd: str | None = None, env: dict | None = None):
    """``policygraph serve`` in a child process (``env``: variables added to this one's): its root URL and the
    process."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--store", str(store), "--port",
                                str(port), *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=cwd, env={**os.environ, **(env or {})})
    line = process.stdout.readline()
    if f":{port}/query" not in line:
        stop(process)
        pytest.fail(f"the server did not start: {line} {process.stderr.read()}")
    return f"http://127.0.0.1:{port}/", process


def stop(process) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def get(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body as text) of a request, HTTP errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")
