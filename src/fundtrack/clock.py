"""Time: when entries are recorded (UTC, to the second), and what day it is for the user.

``today`` is the user's local date; it decides what is "in the future". Tests set it with
``today_is`` so that their dates do not depend on the day they run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

_today: Callable[[], date] = date.today


def utc_now() -> datetime:
    """Naive UTC datetime without microseconds, as stored in ``recorded_at``."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def today() -> date:
    """The local date: nothing recorded may be dated after it."""
    return _today()


@contextmanager
def today_is(day: date) -> Iterator[None]:
    """Within the block, ``today()`` is ``day``."""
    global _today
    before = _today
    _today = lambda: day  # noqa: E731
    try:
        yield
    finally:
        _today = before
