"""The time entries are recorded at: UTC, to the second."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Naive UTC datetime without microseconds, as stored in ``recorded_at``."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
