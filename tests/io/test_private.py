"""``fundtrack.io.private``: files that name clients are readable by their owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from fundtrack.io.atomic import write_private_bytes, write_private_text
from fundtrack.io.private import open_private


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A careless umask (0000) that would make ordinary files world-readable."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_are_0600_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    with open_private(tmp_path / "register.csv") as out:
        out.write("client,amount\nLP-0001,850.00\n")
    with open_private(tmp_path / "register.xlsx", "wb") as out:
        out.write(b"PK\x03\x04")
    assert mode(tmp_path / "register.csv") == 0o600
    assert mode(tmp_path / "register.xlsx") == 0o600
    assert (tmp_path / "register.csv").read_text() == "client,amount\nLP-0001,850.00\n"


def test_an_existing_readable_file_is_narrowed_before_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("old")
    path.chmod(0o644)
    with open_private(path) as out:
        out.write("new")
    assert mode(path) == 0o600
    assert path.read_text() == "new"
    with open_private(path, "a") as out:
        out.write("er")
    assert path.read_text() == "newer"


def test_exclusive_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("keep")
    with pytest.raises(FileExistsError):
        open_private(path, "w", exclusive=True)
    assert path.read_text() == "keep"


def test_read_modes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="open_private writes files"):
        open_private(tmp_path / "x", "r")


def test_whole_files_are_replaced_atomically_and_privately(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "log.json"
    path.write_text("[]")
    path.chmod(0o666)
    write_private_bytes(path, b'[{"client": "LP-0001"}]')
    assert path.read_bytes() == b'[{"client": "LP-0001"}]'
    assert mode(path) == 0o600
    write_private_text(tmp_path / "notes.txt", "LP-0001")
    assert mode(tmp_path / "notes.txt") == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.json", "notes.txt"]
