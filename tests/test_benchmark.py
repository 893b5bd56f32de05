"""The load harness itself runs (benchmarks/README.md): the CI-size scenario on two processes sharing Redis,
the export downloaded from the live server. Figures are not judged here, only that the run counts right."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .server import ROOT


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (.ci/run installs it)")
def test_the_small_scenario_runs_on_two_processes_with_the_export_from_the_server(tmp_path):
    out = tmp_path / "small.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/load.py", "benchmarks/scenarios/small.json", "--processes", "2",
         "--export-via", "web", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert figures["server"]["processes"] == 2 and figures["server"]["redis"]
    assert figures["join"]["joined"] == figures["scenario"]["participants"]
    for phase in ("burst", "during_export"):
        check = figures[phase]["check"]
        assert check["lost"] == check["double"] == 0
        assert check["rows"] == check["acked"] == check["presenter_final"]
    assert figures["export"]["via"] == "web" and figures["export"]["slides"] > 0
    assert figures["page_weight"]["served_compressed"]
