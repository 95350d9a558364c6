"""The example scripts in examples/ run as a clerk would run them: bash, real processes.

Each one is run alone with FUNDTRACK_DB unset (it must then make a throwaway database and
never touch the user's own), and all three in order against one database (SQLite or, when
the suite runs on PostgreSQL, a PostgreSQL URL in FUNDTRACK_DB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
pytestmark = pytest.mark.slow  # each script starts fundtrack a dozen times

SCRIPTS = ("01-new-fiscal-year.sh", "02-record-a-week.sh", "03-fiscal-year-package.sh")


def environment(tmp_path: Path, database: str | None) -> dict[str, str]:
    """PATH finds this fundtrack; HOME, XDG and TMPDIR point into tmp_path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FUNDTRACK_", "XDG_"))
    }
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        TMPDIR=str(scratch),
        COLUMNS="120",
        FUNDTRACK_USER="clerk",
    )
    if database is not None:
        env["FUNDTRACK_DB"] = database
    return env


def run(script: str, env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["bash", str(EXAMPLES / script), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def fundtrack_json(env: dict[str, str], *args: str) -> object:
    done = subprocess.run(
        ["fundtrack", *args, "--json"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_example_tries_itself_out_on_a_throwaway_database(script: str, tmp_path: Path) -> None:
    env = environment(tmp_path, None)
    done = run(script, env, tmp_path)
    assert "FUNDTRACK_DB is not set: trying this out on a new database" in done.stdout
    throwaway = list((tmp_path / "tmp").glob("*/try-out.db"))
    assert len(throwaway) == 1
    assert not (tmp_path / "home" / "data" / "fundtrack").exists(), "used the default database"


def test_the_examples_in_order_set_up_a_year_record_a_week_and_write_the_package(
    db_url: str, tmp_path: Path
) -> None:
    env = environment(tmp_path, db_url)

    year = run(SCRIPTS[0], env, tmp_path)
    assert "Recorded award CVRC-HT-FY25: $150,000.00 from CVRC-HT" in year.stdout
    assert "Recorded subgrant LP-FY25: $100,000.00" in year.stdout
    assert "Recorded subgrant NMILC-FY25: $50,000.00" in year.stdout
    assert "trying this out" not in year.stdout

    week = run(SCRIPTS[1], env, tmp_path)
    assert "LP-FY25" in week.stdout and "NMILC-FY25" in week.stdout
    award = fundtrack_json(env, "award", "show", "CVRC-HT-FY25")
    assert isinstance(award, dict)
    assert (award["allocated"], award["disbursed"]) == ("150000.00", "6651.40")
    clients = fundtrack_json(env, "client", "list")
    assert isinstance(clients, list)
    assert {row["client"] for row in clients} == {"LP-0101", "LP-0102", "LP-0103"}

    package = run(SCRIPTS[2], env, tmp_path, "FY2025", "package")
    assert "CVRC-HT-FY25" in package.stdout
    written = sorted(path.name for path in (tmp_path / "package").iterdir())
    assert written == ["balances-FY2025.xlsx", "fiscal-year-FY2025.xlsx", "victims-served.xlsx"]
    from openpyxl import load_workbook

    for name in written:
        assert load_workbook(tmp_path / "package" / name).sheetnames
