"""Finding records by code, with a "did you mean" when a code is close to a real one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from fundtrack.errors import AlreadyExists, InvalidInput, NotFound
from fundtrack.identifiers import check_free_text, normalize_code

M = TypeVar("M", bound=SQLModel)


def closest(wanted: str, known: list[str]) -> str | None:
    """The known code most like ``wanted``, when one is close enough to be a typo."""
    close = difflib.get_close_matches(wanted.upper(), [k.upper() for k in known], n=1, cutoff=0.6)
    if not close:
        return None
    return next(k for k in known if k.upper() == close[0])


def suggestion(wanted: str, known: list[str]) -> str:
    close = closest(wanted, known)
    return f"; did you mean {close}?" if close else ""


def by_code(session: Session, model: type[M], code: str, *, what: str, listing: str) -> M:
    """The record of ``model`` whose code is ``code``, or ``NotFound`` with a suggestion."""
    column: Any = model.code  # type: ignore[attr-defined]
    found = session.exec(select(model).where(column == code)).first()
    if found is not None:
        return found
    known = list(session.exec(select(column)).all())
    hint = suggestion(code, known) or f"; `{listing}` shows them"
    raise NotFound(f"no {what} {code!r}{hint}")


def find(session: Session, model: type[M], code: str, *, what: str, typed_as: str = "") -> M:
    """The ``what`` (source, award, ...) with this code in any case, or ``NotFound`` with a
    "did you mean" or a pointer to ``fundtrack WHAT list``; ``typed_as`` names the code in the
    message when it is not even a code (default: ``what``)."""
    wanted = normalize_code(code, what=typed_as or what)
    return by_code(session, model, wanted, what=what, listing=f"fundtrack {what} list")


def require_new(
    session: Session, model: type[SQLModel], column: Any, value: str, what: str
) -> None:
    """Refuse a code that is already taken by another ``model`` record."""
    found = session.execute(select(model.id).where(column == value)).first()  # type: ignore[attr-defined]
    if found is not None:
        raise AlreadyExists(f"{what} {value!r} already exists; choose another code")


@dataclass(frozen=True)
class Named:
    """A source, category or subgrantee as listed."""

    code: str
    name: str
    calendar: str | None = None
    extra_years: int | None = None
    service_area: str | None = None


def name_of(text: str, what: str) -> str:
    """A record's name on one line, refused when empty, too long or not plain text."""
    name = " ".join(str(text).split())
    if not name:
        raise InvalidInput(f"{what} name is empty; give it a name with --name")
    if len(name) > 200:
        raise InvalidInput(f"{what} name is {len(name)} characters; keep it under 200")
    if not name.isprintable():
        raise InvalidInput(f"{what} name contains control characters; type plain text")
    return name


def require_reason(reason: str) -> str:
    """An amendment's reason: free text that must say something."""
    why = check_free_text(reason, what="reason")
    if not why:
        raise InvalidInput("an amendment needs a reason; pass --reason 'what changed and why'")
    return why
