"""A new SQLite database is private from the start: ``fundtrack init`` as a clerk runs it.

These tests make their own SQLite files whichever backend the suite runs on, and run
fundtrack as a real process with the usual umask (022), under which an ordinary new file
would be 0644 and an ordinary new folder 0755.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from fundtrack.db.schema import HEAD

UMASK = 0o022


def fundtrack(
    db: Path | str | None,
    *args: str,
    cwd: Path | None = None,
    merged: bool = False,
    data_home: Path | None = None,
) -> Any:
    """Run fundtrack on ``db`` (None: the default database in the user's data folder, which
    is under ``data_home``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDTRACK_")}
    env["FUNDTRACK_USER"] = "clerk"
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    chosen = ["--db", str(db)] if db is not None else []
    return subprocess.run(
        [sys.executable, "-m", "fundtrack", *chosen, *args],
        env=env,
        cwd=cwd,
        umask=UMASK,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        text=True,
        timeout=120,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def created(db: Path) -> str:
    return (
        f"Created a fundtrack database at {db} (schema {HEAD}) with 3 funding sources and "
        "7 categories; see `fundtrack source list`.\n"
    )


def test_init_makes_the_file_0600_in_a_new_0700_folder(tmp_path: Path) -> None:
    """The default data folder is made when missing, private; the file in it too."""
    data_home = tmp_path / "NEW" / "NESTED"
    db = data_home / "fundtrack" / "fundtrack.db"
    done = fundtrack(None, "init", data_home=data_home)
    assert (done.returncode, done.stdout, done.stderr) == (0, created(db), "")
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    check = fundtrack(None, "check", "permissions", data_home=data_home)
    assert (check.returncode, check.stderr) == (0, ""), check.stdout
    assert check.stdout.startswith("Fingerprint: entry 2 ")  # the seeds: sources, categories
    # Whatever SQLite keeps next to the database is as private as the database.
    assert {path.name: mode(path) for path in db.parent.iterdir()} == {
        name: 0o600 for name in os.listdir(db.parent)
    }


def test_init_into_an_open_folder_warns_at_once_and_says_how_to_fix_it(tmp_path: Path) -> None:
    folder = tmp_path / "shared books"
    folder.mkdir()
    folder.chmod(0o755)
    db = folder / "books.db"
    done = fundtrack(db, "init")
    assert done.returncode == 0
    assert done.stdout == created(db)
    assert done.stderr == (
        f"Warning: the folder {folder} is mode 0755, open to other users of this computer; "
        f"run `chmod 700 '{folder}'`, or keep the books in a private folder\n"
    )
    assert mode(db) == 0o600
    assert mode(folder) == 0o755  # a folder fundtrack did not make is left as it is
    # `check` reports the same folder until the advice is followed.
    check = fundtrack(db, "check", "permissions")
    assert check.returncode == 1
    assert check.stdout.startswith(f"permissions: {folder}: the folder is mode 0755")
    subprocess.run(["chmod", "700", str(folder)], check=True)
    assert fundtrack(db, "check", "permissions").returncode == 0


def test_the_warning_follows_the_success_line_for_a_database_in_the_current_folder(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o750)  # readable by the group is open too
    done = fundtrack("books.db", "init", cwd=tmp_path, merged=True)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        created(tmp_path / "books.db").rstrip("\n"),
        f"Warning: the folder {tmp_path} is mode 0750, open to other users of this computer; "
        f"run `chmod 700 {tmp_path}`, or keep the books in a private folder",
    ]


def test_init_into_a_private_folder_says_nothing_more(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    db = tmp_path / "books.db"
    done = fundtrack(db, "init")
    assert (done.returncode, done.stdout, done.stderr) == (0, created(db), "")
    again = fundtrack(db, "init")
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == f"{db} is up to date (schema {HEAD}).\n"


def test_init_refuses_a_folder_named_with_db_that_does_not_exist(tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "dir" / "x.db"
    done = fundtrack(db, "init")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"Error: the folder {db.parent} does not exist; create it first "
        f"(`mkdir -p {db.parent}`) or check the path in --db or FUNDTRACK_DB\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_a_sqlite_file_of_another_program(tmp_path: Path) -> None:
    import sqlite3

    tmp_path.chmod(0o700)
    db = tmp_path / "inventory.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customer (name) VALUES ('a customer')")
    connection.close()
    before = db.read_bytes()
    done = fundtrack(db, "init")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"Error: {db} holds tables that are not fundtrack's (customer); `fundtrack init` will "
        "not mix the books into another program's database: give --db a new file\n"
    )
    assert db.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inventory.db"]


def test_init_on_fundtrack_books_with_a_table_added_by_hand_is_refused(tmp_path: Path) -> None:
    import sqlite3

    tmp_path.chmod(0o700)
    db = tmp_path / "books.db"
    assert fundtrack(db, "init").returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    before = db.read_bytes()
    done = fundtrack(db, "init")
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: {db} holds tables that are not fundtrack's (notes);")
    assert db.read_bytes() == before
