"""Report files: the format picked by the file's extension, written whole or not at all.

``-o FILE`` on a report (and on ``log``) writes an Excel workbook (``.xlsx``), the report's
finest-grained table as CSV (``.csv``), or the report's JSON (``.json``, the same as
``--json``); ``deadlines`` also writes an iCalendar file (``.ics``). The file is written
whole or not at all through ``io/atomic`` (a temporary file in the same folder, renamed over
the target), so a failure leaves an earlier file whole; files that name clients are
owner-only (0600), the others 0644.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fundtrack.errors import InvalidInput
from fundtrack.io.atomic import atomic_output
from fundtrack.table import Agenda, Table, Workbook

FORMATS = (".xlsx", ".csv", ".json")
#: A report of dates to keep: a calendar file too.
CALENDAR_FORMATS = (".ics", *FORMATS)
_NAMED = {
    ".xlsx": "FILE.xlsx (a workbook)",
    ".csv": "FILE.csv (a table)",
    ".json": "FILE.json",
    ".ics": "FILE.ics (a calendar)",
}


def output_file(path: str | Path, formats: tuple[str, ...] = FORMATS) -> Path:
    """Refuse a file name whose extension is not one of ``formats``, or a folder that is
    missing or cannot be written."""
    target = Path(path).expanduser()
    if target.suffix.lower() not in formats:
        raise InvalidInput(
            f"cannot write {target}: fundtrack writes {_either(formats)} files here; name the "
            f"file {_either([_NAMED[f] for f in formats])}"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(
            f"cannot write {target}: folder {folder} does not exist; create it first"
        )
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InvalidInput(
            f"cannot write {target}: permission denied; choose a file in a folder you can write"
        )
    return target


def _either(names: tuple[str, ...] | list[str]) -> str:
    """``a, b or c``."""
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def write_output(
    target: Path,
    *,
    workbook: Callable[[], Workbook],
    table: Callable[[], Table],
    json: Callable[[], Any] | None = None,
    calendar: Callable[[], Agenda] | None = None,
    private: bool,
) -> Path:
    """Write ``target`` in the format its extension names; only that form is computed."""
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        return save_workbook(workbook(), target)
    if suffix == ".ics":
        from fundtrack.io.ics import write_calendar

        assert calendar is not None, f"{target.suffix} is not one of this command's formats"
        return _replace(target, "wb", lambda out: write_calendar(out, calendar()), private)
    if suffix == ".csv":
        from fundtrack.io.csv_write import write_table_csv

        return _replace(target, "w", lambda out: write_table_csv(out, table()), private)
    from fundtrack.io.json_write import write_json

    assert json is not None, f"{target.suffix} is not one of this command's formats"
    return _replace(target, "w", lambda out: write_json(out, json()), private)


def save_workbook(book: Workbook, path: str | Path) -> Path:
    """Write ``book`` to ``path`` (an ``.xlsx`` file); owner-only when it is private."""
    from fundtrack.io.xlsx import write_workbook

    return _replace(Path(path), "wb", lambda out: write_workbook(book, out), book.private)


def _replace(target: Path, mode: str, write: Callable[[Any], Any], private: bool) -> Path:
    """Write through ``io/atomic``: a temporary file in the same folder, renamed into place."""
    extra: dict[str, Any] = {"newline": ""} if mode == "w" else {}
    try:
        with atomic_output(target, mode, private=private, **extra) as out:
            write(out)
    except OSError as error:
        raise InvalidInput(
            f"cannot write {target}: {error.strerror or error}; choose a file you can write"
        ) from None
    return target
