"""Where the database is: ``--db``, then ``FUNDTRACK_DB``, then the user's data folder.

A value containing ``://`` is a URL: ``postgresql+psycopg://clerk@db.example.org/fundtrack``
(``postgresql://`` and ``postgres://`` mean the same), or ``sqlite:///path``. Anything else is
the path of a SQLite file. A URL is never shown with its password: ``redact`` is applied
wherever one is printed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fundtrack.errors import DatabaseProblem

ENV_VAR = "FUNDTRACK_DB"
POSTGRES_SCHEME = "postgresql+psycopg"

_PASSWORD_IN_QUERY = re.compile(r"((?:^|&)password=)[^&#]*", re.IGNORECASE)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("fundtrack", appauthor=False) / "fundtrack.db"


def resolve_url(value: str | None) -> str:
    """The SQLAlchemy URL for ``value`` (an option), the environment, or the default file."""
    chosen = value or os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in chosen:
        return "sqlite:///" + str(Path(chosen).expanduser().resolve())
    scheme, rest = chosen.split("://", 1)
    if scheme.lower() in {"postgresql", "postgres", POSTGRES_SCHEME}:
        return f"{POSTGRES_SCHEME}://{rest}"
    if scheme.lower().startswith("postgresql+"):
        raise DatabaseProblem(
            f"fundtrack talks to PostgreSQL through psycopg 3, not {scheme.split('+', 1)[1]!r}; "
            f"write the URL as {POSTGRES_SCHEME}://USER@HOST/DATABASE"
        )
    return chosen


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for any other backend."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None


def redact(url: str) -> str:
    """The URL as it may be shown: never with its password.

    The credentials run from ``://`` to the last ``@`` that is not inside the query, so even
    a password with a bare ``@``, ``/`` or ``?`` in it is hidden whole; a ``password=``
    query parameter is hidden too.
    """
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    at = rest.rfind("@")
    question = rest.find("?")
    if 0 <= question < at and "=" in rest[question:at]:  # the last "@" is in the query
        at = rest.rfind("@", 0, question)
    if at >= 0:
        user, has_password, _ = rest[:at].partition(":")
        rest = f"{user}:***{rest[at:]}" if has_password else rest
    head, mark, query = rest.partition("?")
    return f"{scheme}://{head}{mark}{_PASSWORD_IN_QUERY.sub(_hide, query)}"


def _hide(match: re.Match[str]) -> str:
    return match.group(1) + "***"
