"""Files only their owner can read: for anything that carries client references.

The disbursement register, client exports and ledger logs name clients by reference; such
files are created mode 0600 (owner read/write only) whatever the umask, and an existing
file is narrowed to 0600 before anything is written into it. See docs/privacy.md.

    with open_private(path, "wb") as out:
        workbook.save(out)

Whole files that replace an earlier one in one step are written through ``io/atomic.py``
(``atomic_output(path, private=True)``), which uses ``open_private`` for its temporary file.
"""

from __future__ import annotations

import os
import stat
from typing import IO, Any

PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR  # 0600
PRIVATE_FOLDER = stat.S_IRWXU  # 0700


def open_private(
    path: str | os.PathLike[str], mode: str = "w", *, exclusive: bool = False, **kwargs: Any
) -> IO[Any]:
    """Open ``path`` for writing as a 0600 file, like ``open(path, mode)``.

    ``mode`` is ``"w"``, ``"wb"``, ``"a"`` or ``"ab"``; text modes take ``encoding`` and
    ``newline`` as keyword arguments (UTF-8 by default). With ``exclusive=True`` an existing
    file is refused (``FileExistsError``) instead of replaced.
    """
    if mode not in {"w", "wb", "a", "ab"}:
        raise ValueError(f"open_private writes files; mode {mode!r} is not one of w, wb, a, ab")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    if exclusive:
        flags |= os.O_EXCL
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # an existing file keeps its mode otherwise
        if "b" not in mode:
            kwargs.setdefault("encoding", "utf-8")
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise
