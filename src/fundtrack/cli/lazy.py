"""Commands loaded only when they run: the root command table names each command's module.

A command's module (and what it imports) is imported when that command is run or asked for
its own help; ``fundtrack --help`` lists every command from the table's one-line help without
importing any of them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class Lazy:
    """Where a command lives (``"module:attribute"``, a command function or a ``typer.Typer``
    group) and the one line ``fundtrack --help`` shows for it."""

    where: str
    summary: str


def load(name: str, lazy: Lazy) -> Any:
    """The click command ``name`` made from the function or group ``lazy`` names."""
    from fundtrack.cli.base import App

    module, _, attribute = lazy.where.partition(":")
    found = getattr(importlib.import_module(module), attribute)
    holder = App()
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    else:
        holder.command(name)(found)
    made = typer.main.get_command(holder)
    return made.commands[name] if isinstance(made, TyperGroup) else made


def lazy_group(table: dict[str, Lazy]) -> type[TyperGroup]:
    """A group class whose commands are those of ``table``, each imported on first use."""

    class LazyGroup(TyperGroup):
        def list_commands(self, ctx: Any) -> list[str]:
            return [*table, *(n for n in super().list_commands(ctx) if n not in table)]

        def get_command(self, ctx: Any, cmd_name: str) -> Any:
            held = self.commands.get(cmd_name)
            if cmd_name in table and (held is None or isinstance(held, _Unloaded)):
                self.commands[cmd_name] = load(cmd_name, table[cmd_name])
            return super().get_command(ctx, cmd_name)

        def format_commands(self, ctx: Any, formatter: Any) -> None:
            names = self.list_commands(ctx)
            if not names:
                return
            limit = formatter.width - 6 - max(len(n) for n in names)
            rows = [(name, self._summary(ctx, name, limit)) for name in names]
            with formatter.section("Commands"):
                formatter.write_dl(rows)

        def _summary(self, ctx: Any, name: str, limit: int) -> str:
            if name in table and isinstance(self.commands.get(name, _Unloaded(name)), _Unloaded):
                stand_in = typer.core.TyperCommand(name, help=table[name].summary)
                return str(stand_in.get_short_help_str(limit))
            return str(self.get_command(ctx, name).get_short_help_str(limit))

        def resolve_command(self, ctx: Any, args: list[str]) -> Any:
            for name in table:  # so that a misspelt command's suggestions name every command
                self.commands.setdefault(name, _Unloaded(name))
            try:
                return super().resolve_command(ctx, args)
            finally:
                for name in [n for n, c in self.commands.items() if isinstance(c, _Unloaded)]:
                    del self.commands[name]

    return LazyGroup


class _Unloaded(typer.core.TyperCommand):
    """A name held in place while a command is looked up; never run."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
