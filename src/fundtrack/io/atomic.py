"""Every file fundtrack writes: whole or not at all, and never onto the books or their input.

A file is written to a temporary file in the same folder and renamed over the target only
once it is complete, so a failure halfway (a full disk, an interrupted command, a writer that
raises) leaves the earlier file as it was and no temporary file behind. Private files (they
name clients) are owner-only, 0600, from the first byte; the others are 0644.

Before anything is written the target is compared with the files the command must never
replace: the database with its ``-wal``, ``-shm`` and ``-journal`` files, and the file the
command is reading. The comparison follows symlinks and ``./`` spellings, so every name of the
same file is caught.

    protected = [Protected(Path("books.db"), "the database"), ...]
    with atomic_output(path, private=True, protected=protected) as out:
        write_csv(out, columns, rows)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fundtrack.errors import InvalidInput
from fundtrack.io.private import open_private

PUBLIC_FILE = stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH  # 0644
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Protected:
    """A file no output may replace, and what it is, in the user's words."""

    path: Path
    what: str


def database_files(path: Path) -> list[Protected]:
    """A SQLite database and the files SQLite keeps beside it."""
    return [Protected(path, "the database itself")] + [
        Protected(path.with_name(path.name + suffix), f"the database's {suffix} file")
        for suffix in SQLITE_COMPANIONS
    ]


def same_file(one: Path, other: Path) -> bool:
    """True when both names lead to the same file (or would, once it exists)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one.expanduser()) == os.path.realpath(other.expanduser())


def refuse_protected(target: Path, protected: Sequence[Protected], option: str = "") -> None:
    """Raise ``InvalidInput`` when ``target`` is one of the ``protected`` files.

    ``option`` names what the file was meant for (``--errors-out``, ``the backup``).
    """
    for kept in protected:
        if same_file(target, kept.path):
            also = "" if str(target) == str(kept.path) else f" ({kept.path})"
            named = f" for {option}" if option else ""
            raise InvalidInput(
                f"{target} is {kept.what}{also}; writing there would destroy it — choose "
                f"another file{named}; nothing was changed"
            )


def check_target(target: Path) -> None:
    """Raise ``InvalidInput`` when ``target`` cannot be written as a file: its folder is
    missing, or it is a folder itself."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"cannot write {target}: there is no folder {folder}; create it first")
    if target.is_dir():
        raise InvalidInput(f"cannot write {target}: it is a folder; give a file name")


@contextmanager
def atomic_path(
    path: str | os.PathLike[str], *, private: bool, protected: Sequence[Protected] = ()
) -> Iterator[Path]:
    """A fresh temporary path beside ``path``, renamed onto it when the block succeeds.

    The temporary file exists (empty, 0600) when the block starts, for writers that need a
    name rather than a stream (SQLite's backup). When the block raises, it is removed and
    ``path`` is untouched.
    """
    target = Path(path).expanduser()
    refuse_protected(target, protected)
    check_target(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        open_private(temporary, "wb", exclusive=True).close()
        yield temporary
        if not private:
            os.chmod(temporary, PUBLIC_FILE)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    private: bool,
    protected: Sequence[Protected] = (),
    **kwargs: Any,
) -> Iterator[IO[Any]]:
    """An open stream (``"w"`` text, UTF-8 unless told; ``"wb"`` bytes) whose bytes replace
    ``path`` only when the block succeeds; on an error ``path`` stays as it was."""
    if mode not in {"w", "wb"}:
        raise ValueError(f"atomic_output replaces whole files; mode {mode!r} is not w or wb")
    with (
        atomic_path(path, private=private, protected=protected) as temporary,
        open_private(temporary, mode, **kwargs) as out,
    ):
        yield out
        out.flush()
        os.fsync(out.fileno())


def write_atomically(path: str | os.PathLike[str], data: bytes, *, private: bool) -> Path:
    """Replace ``path`` with ``data`` in one step."""
    with atomic_output(path, "wb", private=private) as out:
        out.write(data)
    return Path(path)


def write_private_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``path`` with ``data`` as an owner-only (0600) file, in one step."""
    return write_atomically(path, data, private=True)


def write_private_text(path: str | os.PathLike[str], text: str) -> Path:
    """``write_private_bytes`` for text, encoded as UTF-8."""
    return write_private_bytes(path, text.encode("utf-8"))
