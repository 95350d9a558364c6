"""The one exception family fundtrack raises for things a user can fix.

Every message says what is wrong and what to do about it. The command line prints it as a
single ``Error: ...`` line on stderr and exits non-zero; nothing else is ever shown to the
user for these errors.
"""


class FundtrackError(Exception):
    """Base class: a problem the user can act on. ``str(error)`` is the whole message."""

    exit_code = 1


class InvalidInput(FundtrackError):
    """A value could not be read: money, a date, a fiscal year, a code, a client reference."""


class NotFound(FundtrackError):
    """A code or id names nothing that is recorded."""


class AlreadyExists(FundtrackError):
    """A code that must be unique is already taken."""


class RuleViolation(FundtrackError):
    """The books refuse an entry: overspending, a date outside a period, a double void."""


class DatabaseProblem(FundtrackError):
    """The database is missing, not initialised, out of date, busy or unreachable."""

    exit_code = 2
