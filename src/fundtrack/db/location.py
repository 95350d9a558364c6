"""Where the database is: ``--db``, then ``FUNDTRACK_DB``, then the user's data folder.

A value containing ``://`` is a SQLAlchemy URL (``postgresql+psycopg://clerk@db/fundtrack``);
anything else is the path of a SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FUNDTRACK_DB"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("fundtrack", appauthor=False) / "fundtrack.db"


def resolve_url(value: str | None) -> str:
    """The SQLAlchemy URL for ``value`` (an option), the environment, or the default file."""
    chosen = value or os.environ.get(ENV_VAR) or str(default_path())
    if "://" in chosen:
        if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    return "sqlite:///" + str(Path(chosen).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for any other backend."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None


def redact(url: str) -> str:
    """The URL as it may be shown: never with its password."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else f"{scheme}://{user}@{host}"
