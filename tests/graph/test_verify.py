"""`policygraph verify` reports missing, stale, outdated and orphaned policies and exits non-zero for them."""

import shutil
from pathlib import Path

from policygraph.cli import main
from policygraph.extract.pipeline import EXTRACTOR_VERSION

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"


def test_verify_reports_missing_stale_and_orphaned(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in sorted(p.name for p in EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(EXAMPLES / name, inputs / name)
    store = str(tmp_path / "store")
    assert main(["build", str(inputs), "--store", store, "-q"]) == 0
    assert main(["verify", str(inputs), "--store", store]) == 0
    assert "3 present, 0 missing, 0 stale, 0 outdated, 0 orphaned" in capsys.readouterr().out

    first, second, third = sorted(inputs.iterdir())
    first.write_text(first.read_text() + "\nWe also sell your e-mail address.\n")
    second.unlink()
    shutil.copy(EXAMPLES / sorted(p.name for p in EXAMPLES.glob("*.txt"))[4], inputs / "new.txt")
    assert main(["verify", str(inputs), "--store", store]) == 3
    out = capsys.readouterr().out
    assert f"stale: {first.stem}" in out and f"orphaned: {second.stem}" in out and "missing: new" in out

    assert main(["build", str(inputs), "--store", store, "-q", "--prune"]) == 0
    assert main(["verify", str(inputs), "--store", store]) == 0


def test_verify_reports_graphs_written_by_another_extractor_version(tmp_path, capsys, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    name = sorted(p.name for p in EXAMPLES.glob("*.txt"))[0]
    shutil.copy(EXAMPLES / name, inputs / name)
    store = str(tmp_path / "store")
    assert main(["build", str(inputs), "--store", store, "-q"]) == 0
    capsys.readouterr()
    # the same extractor with another confidence threshold writes other readings: the stored graph is outdated
    monkeypatch.setenv("POLICYGRAPH_MIN_CONFIDENCE", "0.5")
    assert main(["verify", str(inputs), "--store", store]) == 3
    out = capsys.readouterr().out
    assert "0 present, 0 missing, 0 stale, 1 outdated" in out
    version = EXTRACTOR_VERSION
    assert (f"outdated: {Path(name).stem} (written by extractor {version}, this is {version}+confidence0.5; "
            "run build again)") in out
    assert main(["build", str(inputs), "--store", store, "-q"]) == 0  # rebuilt with the threshold
    assert main(["verify", str(inputs), "--store", store]) == 0
