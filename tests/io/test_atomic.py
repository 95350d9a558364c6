"""Every file fundtrack writes replaces the earlier one whole, or leaves it as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fundtrack.errors import InvalidInput
from fundtrack.io.atomic import (
    Protected,
    atomic_output,
    atomic_path,
    database_files,
    refuse_protected,
    write_atomically,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_writer_that_fails_halfway_leaves_the_earlier_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "disbursements.csv"
    target.write_text("date,subgrant\n2020-01-10,LP-FY20\n")
    before = target.read_bytes()
    with pytest.raises(OSError, match="No space left"), atomic_output(target, private=True) as out:
        out.write("date,subgrant\n")
        out.flush()
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disbursements.csv"]


def test_a_finished_file_replaces_the_old_one_with_the_mode_asked_for(tmp_path: Path) -> None:
    private, public = tmp_path / "e.csv", tmp_path / "balances.csv"
    for path in (private, public):
        path.write_text("old\n")
        path.chmod(0o666)
    with atomic_output(private, private=True, newline="") as out:
        out.write("new\n")
    write_atomically(public, b"new\n", private=False)
    assert (private.read_text(), mode(private)) == ("new\n", 0o600)
    assert (public.read_text(), mode(public)) == ("new\n", 0o644)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["balances.csv", "e.csv"]


def test_a_path_writer_gets_an_empty_private_file_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    with atomic_path(target, private=True) as temporary:
        assert (temporary.parent, temporary.stat().st_size, mode(temporary)) == (tmp_path, 0, 0o600)
        assert not target.exists()
        temporary.write_bytes(b"SQLite format 3\x00")
    assert target.read_bytes() == b"SQLite format 3\x00"
    assert not temporary.exists()


@pytest.mark.parametrize("name", ["books.db", "books.db-wal", "books.db-shm", "books.db-journal"])
def test_the_database_and_its_companion_files_are_refused(tmp_path: Path, name: str) -> None:
    database = tmp_path / "books.db"
    database.write_bytes(b"the books")
    kept = database_files(database)
    with (
        pytest.raises(InvalidInput) as refused,
        atomic_output(tmp_path / name, private=True, protected=kept),
    ):
        raise AssertionError("nothing may be written")  # pragma: no cover
    assert str(refused.value).startswith(f"{tmp_path / name} is the database")
    assert database.read_bytes() == b"the books"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.db"]


def test_other_spellings_and_symlinks_of_a_protected_file_are_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = tmp_path / "clerk"
    clerk.mkdir()
    read = clerk / "e.csv"
    read.write_text("date\n")
    (tmp_path / "link.csv").symlink_to(read)
    kept = [Protected(read, "the file this command reads")]
    monkeypatch.chdir(clerk)
    for spelling in ("e.csv", "./e.csv", "../clerk/e.csv", str(tmp_path / "link.csv")):
        with pytest.raises(InvalidInput) as refused:
            refuse_protected(Path(spelling), kept, "--errors-out")
        assert str(refused.value) == (
            f"{Path(spelling)} is the file this command reads ({read}); writing there would "
            "destroy it — choose another file for --errors-out; nothing was changed"
        )
    refuse_protected(Path("e-errors.csv"), kept)  # another file is fine
    assert os.listdir(clerk) == ["e.csv"]


def test_a_missing_folder_or_a_folder_as_target_is_named(tmp_path: Path) -> None:
    for target, problem in (
        (tmp_path / "no" / "e.csv", f"there is no folder {tmp_path / 'no'}; create it first"),
        (tmp_path, "it is a folder; give a file name"),
    ):
        with pytest.raises(InvalidInput) as refused, atomic_output(target, private=True):
            raise AssertionError("nothing may be written")  # pragma: no cover
        assert str(refused.value) == f"cannot write {target}: {problem}"
    assert list(tmp_path.iterdir()) == []
