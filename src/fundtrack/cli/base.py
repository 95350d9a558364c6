"""The Typer app class every command group uses, the shared state, and error reporting."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from fundtrack.cli.options import By, Db
from fundtrack.errors import FundtrackError, InvalidInput

if TYPE_CHECKING:
    from pathlib import Path

    from fundtrack.db import Database
    from fundtrack.io.atomic import Protected


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

    def protected(self, *reading: Path) -> list[Protected]:
        """The files an output must never replace: the SQLite database with its companion
        files, and the files the command reads."""
        from fundtrack.db.location import sqlite_path
        from fundtrack.io.atomic import Protected, database_files

        database = sqlite_path(self.db.url)
        kept = database_files(database) if database is not None else []
        return kept + [Protected(path, "the file this command reads") for path in reading]


def guard_output(ctx: typer.Context, output: Path, *reading: Path, option: str = "-o") -> None:
    """Refuse, before any work is done, an output file that is the database or an input,
    or that cannot be a file (no such folder, or a folder itself)."""
    from fundtrack.io.atomic import check_target, refuse_protected

    refuse_protected(output, state(ctx).protected(*reading), option)
    check_target(output)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def take_root_options(ctx: typer.Context, location: str | None, by: str | None) -> None:
    """Add ``--db`` and ``--by`` given after the command to those given before it.

    Either place means the same; given in both places they must agree.
    """
    st = state(ctx)
    st.location = _once("--db", st.location, location)
    st.by = _once("--by", st.by, by)


def _once(option: str, before: str | None, after: str | None) -> str | None:
    if after is None or after == before:
        return before if after is None else after
    if before is not None:
        raise InvalidInput(
            f"{option} is given twice, {before!r} before the command and {after!r} after it; "
            "give it once"
        )
    return after


def with_root_options(function: Callable[..., Any]) -> tuple[inspect.Signature, str, bool]:
    """``function``'s signature with ``--db`` and ``--by`` added, and its context parameter.

    Returns the signature, the name of the parameter typer fills with the context, and
    whether that parameter was added (``function`` takes none of its own).
    """
    signature = inspect.signature(function, eval_str=True)
    params = list(signature.parameters.values())
    context = next((p.name for p in params if p.annotation is typer.Context), None)
    keyword = inspect.Parameter.KEYWORD_ONLY
    params += [
        inspect.Parameter("db_after_command", keyword, default=None, annotation=Db),
        inspect.Parameter("by_after_command", keyword, default=None, annotation=By),
    ]
    if context is None:
        params.append(inspect.Parameter("root_context", keyword, annotation=typer.Context))
    return signature.replace(parameters=params), context or "root_context", context is None


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
            from fundtrack.db.connection_errors import damaged, is_damage

            if is_damage(detail):
                raise fail(damaged("the database", detail, "nothing was changed"), 2) from None
            raise fail(f"the database refused the change: {detail}", 2) from None
        raise


def say_notices(ctx: typer.Context) -> None:
    """Warn, once the command's work is committed, about what it recorded late (entries
    dated in fiscal years that have ended but are not closed)."""
    database = state(ctx)._db
    if database is None:
        return
    from fundtrack.cli.output import warn

    for message in database.notices:
        warn(message)
    database.notices.clear()


def _take_values_as_typed() -> None:
    """Hand ``str`` and ``bool`` parameter values through as they are.

    Typer converts every parameter value through a pydantic ``TypeAdapter`` that it builds
    the first time the parameter is used. For text, flags and repeated text options (a
    ``list[str]``, which arrives as a tuple of text) that means importing pydantic
    and building a validator per option on every command — tens of milliseconds a clerk
    waits for on each `disburse` — only to get back the value it was given. A value of any
    other type, and every other parameter, still goes through typer's conversion; with a
    typer whose internals differ, nothing changes.
    """
    try:
        from typer._coercion import PassThroughRuntimeParam, build_runtime_param
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another typer version
        return

    class AsTyped(PassThroughRuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is self.annotation:
                return value
            if self.annotation == list[str] and all(type(v) is str for v in value):
                return list(value)
            converted = build_runtime_param(param.type_descriptor)
            return converted._coerce_value(value, param=param, ctx=ctx)

    convert = _TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        try:
            described = self.type_descriptor
            if (
                self._runtime_param is None
                and described.annotation in (str, bool, list[str])
                and described.file_annotation is None
            ):
                self._runtime_param = AsTyped(
                    parameter_info=described.parameter_info, annotation=described.annotation
                )
        except AttributeError:  # a typer whose internals moved: convert as typer does
            pass
        return convert(self)

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


_take_values_as_typed()
# fundtrack uses no pydantic plugins; looking for them reads every installed package's
# metadata when the first model class is built, on every command.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class App(typer.Typer):
    """A Typer app whose commands report ``FundtrackError`` as one line and exit non-zero.

    Every command also takes ``--db`` and ``--by`` after its name, meaning what they mean
    before it (``fundtrack report balances --db books.db``).
    """

    def __init__(self, *, example: str | None = None, **kwargs: Any) -> None:
        if example:
            lines = "\n".join(f"  {line}" for line in example.splitlines())
            kwargs["help"] = f"{kwargs.get('help', '')}\n\n\b\nExample:\n{lines}"
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
            signature, context, added = with_root_options(function)

            @functools.wraps(function)
            def run(*a: Any, **kw: Any) -> Any:
                with reported_errors():
                    ctx = kw.pop(context) if added else kw[context]
                    take_root_options(ctx, kw.pop("db_after_command"), kw.pop("by_after_command"))
                    result = function(*a, **kw)
                    say_notices(ctx)
                    return result

            run.__signature__ = signature  # type: ignore[attr-defined]
            register(run)
            return run

        return decorate
