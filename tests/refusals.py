"""Asserting that a command was refused: exit code, the exact one-line message, nothing written."""

from __future__ import annotations

from typing import Any

from support import Cli, snapshot


def assert_refused(
    cli: Cli, args: tuple[str, ...] | list[str], message: str, *, code: int = 1, **kwargs: Any
) -> None:
    """Run ``fundtrack ARGS``; it must exit ``code`` with ``Error: message`` and change nothing."""
    before = snapshot(cli.url)
    result = cli.run(*args, **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    got, wanted = (result.exit_code, result.stderr), (code, f"Error: {message}\n")
    assert got == wanted, f"\n got: {got!r}\nwant: {wanted!r}"
    assert result.stdout == "", result.stdout
    assert snapshot(cli.url) == before, "the refused command changed the database"
