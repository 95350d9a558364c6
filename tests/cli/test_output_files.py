"""No command writes onto the books or onto the file it reads; outputs are whole or absent.

A clerk who types the database's own name after ``-o`` or ``--errors-out`` (or a name that
leads to it: ``./books.db``, a symlink, its ``-wal`` file) is refused before anything is
done, and the database and every file named stay byte-identical.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import Cli, snapshot

GOOD = "date,subgrant,client,category,amount,reference,memo\n2019-11-01,A-FY20,LP-0001,rent,10,,\n"
BAD = GOOD.replace(",10,", ",-10,")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def clerk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """SQLite books in the clerk's working folder, with a payment and a CSV file to import."""
    folder = tmp_path / "office"
    folder.mkdir(mode=0o700)
    books = Cli(str(folder / "books.db"), CliRunner(env={"COLUMNS": "120"}))
    books.ok("init")
    books.ok("award", "add", "A-FY20", "--source", "CVRC-HT", "--fy", "FY20", "--amount", "9000")
    books.ok("subgrantee", "add", "LAPINON", "--name", "La Pinon")
    books.ok("subgrant", "add", "A-FY20", "--award", "A-FY20", "--subgrantee", "LAPINON",
             "--amount", "9000")  # fmt: skip
    books.ok("client", "add", "LP-0001")
    (folder / "aug.csv").write_text(BAD)
    (folder / "link.db").symlink_to(folder / "books.db")
    monkeypatch.chdir(folder)
    return books


def refused_line(name: str, what: str, option: str, real: str = "") -> str:
    also = f" ({real})" if real else ""
    return (
        f"Error: {name} is {what}{also}; writing there would destroy it — choose another "
        f"file{option}; nothing was changed\n"
    )


@pytest.mark.parametrize(
    ("command", "name", "what", "option"),
    [
        (["export", "ledger", "-o"], "books.db", "the database itself", " for -o"),
        (["export", "disbursements", "-o"], "./books.db", "the database itself", " for -o"),
        (["export", "clients", "-o"], "books.db-wal", "the database's -wal file", " for -o"),
        (["import", "disbursements", "aug.csv", "--errors-out"], "books.db",
         "the database itself", " for --errors-out"),
        (["backup", "--force"], "books.db-shm", "the database's -shm file", " for the backup"),
    ],
    ids=["export ledger", "export disbursements", "export onto -wal", "errors-out", "backup"],
)  # fmt: skip
def test_an_output_onto_the_database_is_refused_and_nothing_changes(
    clerk: Cli, command: list[str], name: str, what: str, option: str
) -> None:
    office = Path(clerk.url).parent
    before, rows = files(office), snapshot(clerk.url)
    args = [*command, name] if command[0] != "backup" else ["backup", name, "--force"]
    result = clerk.run(*args)
    if command[0] == "backup":  # the backup names its target in full
        expected = refused_line(str(office / name), what, option)
    else:  # a relative name is shown with the file it leads to
        expected = refused_line(str(Path(name)), what, option, real=str(office / name))
    assert (result.exit_code, result.stderr) == (1, expected)
    assert result.stdout == ""
    assert files(office) == before
    assert snapshot(clerk.url) == rows


def test_a_symlink_to_the_database_is_the_database(clerk: Cli) -> None:
    office = Path(clerk.url).parent
    before = files(office)
    result = clerk.run("export", "ledger", "-o", "link.db")
    assert (result.exit_code, result.stderr) == (
        1,
        refused_line("link.db", "the database itself", " for -o", real=clerk.url),
    )
    assert files(office) == before


def test_a_good_import_is_not_recorded_when_its_errors_out_is_the_database(clerk: Cli) -> None:
    """Before, the rows were recorded and then the books overwritten by the errors file."""
    Path("aug.csv").write_text(GOOD)
    before, rows = files(Path(clerk.url).parent), snapshot(clerk.url)
    result = clerk.run("import", "disbursements", "aug.csv", "--errors-out", clerk.url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {clerk.url} is the database itself;")
    assert files(Path(clerk.url).parent) == before
    assert snapshot(clerk.url) == rows


@pytest.mark.parametrize("content", [GOOD, BAD], ids=["good rows", "a refused row"])
def test_errors_out_onto_the_file_being_imported_is_refused(
    books: Cli, tmp_path: Path, content: str
) -> None:
    """Before, the clerk's file was left holding only its header."""
    file = tmp_path / "e.csv"
    file.write_text(content.replace("A-FY20", "LP-FY20"))
    before, rows = file.read_bytes(), snapshot(books.url)
    result = books.run("import", "disbursements", str(file), "--errors-out", str(file))
    assert (result.exit_code, result.stderr) == (
        1,
        refused_line(str(file), "the file this command reads", " for --errors-out"),
    )
    assert file.read_bytes() == before
    assert snapshot(books.url) == rows
    assert os.listdir(tmp_path) == ["e.csv"]


def test_a_report_workbook_never_replaces_the_database(tmp_path: Path) -> None:
    """Even a database named like a workbook (and, as reports learn more formats, any name)."""
    database = tmp_path / "books.xlsx"
    books = Cli(str(database), CliRunner(env={"COLUMNS": "120"}))
    books.ok("init")
    before = database.read_bytes()
    result = books.run("report", "balances", "-o", str(database))
    assert (result.exit_code, result.stderr) == (
        1,
        refused_line(str(database), "the database itself", " for -o"),
    )
    assert database.read_bytes() == before


def test_an_export_that_fails_halfway_leaves_the_earlier_file_whole(
    books: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "disbursements.csv"
    books.ok("export", "disbursements", "-o", str(target))
    before = target.read_bytes()

    def fails_halfway(session: object, kind: str, out: object) -> int:
        out.write("date,subgrant\n")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fundtrack.transfer.exporter.export", fails_halfway)
    result = books.run("export", "disbursements", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: cannot use: No space left on device\n",
    )
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["disbursements.csv"]


def test_errors_out_into_a_missing_folder_is_refused_before_the_import(
    books: Cli, tmp_path: Path
) -> None:
    """Before, the rows were recorded and only then was the errors file found unwritable."""
    file = tmp_path / "aug.csv"
    file.write_text(GOOD.replace("A-FY20", "LP-FY20"))
    rows = snapshot(books.url)
    errors = tmp_path / "no-such-folder" / "e.csv"
    result = books.run("import", "disbursements", str(file), "--errors-out", str(errors))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {errors}: there is no folder {errors.parent}; create it first\n",
    )
    assert snapshot(books.url) == rows
    assert os.listdir(tmp_path) == ["aug.csv"]


@pytest.mark.parametrize(
    ("name", "command"),
    [("trail.json", ["log"]), ("victims.csv", ["report", "victims-served"])],
)
def test_log_and_report_files_never_replace_the_database(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    """A database whose name has a report file's extension is still the database."""
    database = tmp_path / name
    books = Cli(str(database), CliRunner(env={"COLUMNS": "120"}))
    books.ok("init")
    before = database.read_bytes()
    result = books.run(*command, "-o", str(database))
    assert (result.exit_code, result.stderr) == (
        1,
        refused_line(str(database), "the database itself", " for -o"),
    )
    assert result.stdout == ""
    assert database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
