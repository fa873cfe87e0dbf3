"""Write the bad-input test corpus: small files are committed in tests/data/bad/, large ones are generated.

    python tests/data/make_bad_corpus.py tests/data/bad          # rewrite the committed small files
    make_large(directory)                                        # the 50 MB file and the 1 MB line, in tests
"""

from __future__ import annotations

import codecs
import io
import sys
import zipfile
from pathlib import Path

POLICY = "We collect your e-mail address and share it with our service providers to send you our newsletter.\n"

#: file name -> a word of the reason the reader must give for rejecting it
REJECTED = {"empty.txt": "empty", "whitespace.txt": "empty", "image.html": "binary", "archive.txt": "binary",
            "german.txt": "not English"}
#: files that are odd but readable, by policy id
READABLE = ["latin1", "utf16", "utf8bom", "invalid-utf8", "controls", "hostile", "no-practice"]
LARGE = {"big.txt": "limit"}


def small_files() -> dict[str, bytes]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(zipfile.ZipInfo("a.txt", date_time=(2020, 1, 1, 0, 0, 0)), POLICY * 20)
    nested = "<div>" * 500 + POLICY + "</div>" * 500
    return {
        "empty.txt": b"",
        "whitespace.txt": b"   \n\t\n  \n",
        "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "archive.txt": archive.getvalue(),
        "german.txt": ("Wir erheben Ihre Daten nur mit Ihrer Einwilligung und geben sie nicht weiter. "
                       "Die Speicherung erfolgt auf Servern in Deutschland. " * 3).encode(),
        "latin1.txt": ("Café policy. " + POLICY).encode("latin-1"),
        "utf16.txt": codecs.BOM_UTF16_LE + POLICY.encode("utf-16-le"),
        "utf8bom.md": codecs.BOM_UTF8 + ("# Privacy\n\n" + POLICY).encode(),
        "invalid-utf8.txt": POLICY.encode() + b"\xff\xfe\xfa broken bytes\n",
        "controls.txt": POLICY.replace(" ", " \x07", 2).encode(),
        "hostile.html": (f"<html><head><style>p {{}}</style><script>alert('x')</script></head>"
                         f"<body><nav>Home | About</nav>{nested}</body></html>").encode(),
        "no-practice.txt": b"This page describes our company history and our office hours.\n",
    }


def make_small(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in small_files().items():
        (directory / name).write_bytes(data)


def make_large(directory: Path) -> None:
    """A 50 MB policy (over the default 5 MB limit) and a readable policy on one 1 MB line."""
    directory.mkdir(parents=True, exist_ok=True)
    line = POLICY.encode()
    with open(directory / "big.txt", "wb") as out:
        for _ in range(50_000_000 // (len(line) * 1000) + 1):
            out.write(line * 1000)
    (directory / "one-line.txt").write_text(POLICY.strip() * (1_000_000 // len(POLICY)))


if __name__ == "__main__":
    make_small(Path(sys.argv[1]))
