"""The Typer app class every command group uses, the shared state, and error reporting."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from fundtrack.errors import FundtrackError

if TYPE_CHECKING:
    from fundtrack.db import Database


@dataclass
class State:
    """What the root options decide for every command: which database, and who records."""

    location: str | None = None
    by: str | None = None
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            from fundtrack.db import Database

            self._db = Database(self.location)
        return self._db

    @property
    def user(self) -> str:
        from fundtrack.identifiers import check_user

        if self.by:
            return check_user(self.by)
        from fundtrack.db import current_user

        return check_user(current_user())


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` as one line on stderr and return the exit to raise."""
    sys.stderr.write(f"Error: {' '.join(message.split())}\n")
    sys.stderr.flush()
    return typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn everything a user can cause into one line on stderr and a non-zero exit."""
    try:
        yield
    except FundtrackError as error:
        raise fail(str(error), error.exit_code) from None
    except KeyboardInterrupt:
        raise fail("interrupted; the command's changes were rolled back", 130) from None
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        raise fail(f"cannot use{where}: {error.strerror or error}", 1) from None
    except Exception as error:
        if type(error).__module__.split(".")[0] in {"sqlalchemy", "psycopg", "sqlite3"}:
            detail = str(getattr(error, "orig", error)).strip().splitlines()[0]
            raise fail(f"the database refused the change: {detail}", 2) from None
        raise


class App(typer.Typer):
    """A Typer app whose commands report ``FundtrackError`` as one line and exit non-zero."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(function)
            def run(*a: Any, **kw: Any) -> Any:
                with reported_errors():
                    return function(*a, **kw)

            register(run)
            return run

        return decorate
