"""iCalendar files (RFC 5545) a clerk loads into Outlook, Google Calendar or Thunderbird.

Built with the ``icalendar`` library, which writes the VCALENDAR/VEVENT structure and takes
care of escaping text and folding long lines. Each event is all day: ``DTSTART`` is the day
(``VALUE=DATE``) and ``DTEND`` the day after, as the standard has it for a one-day event; it
is marked free time (``TRANSP:TRANSPARENT``), since a deadline blocks no hours. Its ``UID``
comes from the agenda, the same for the same event in every file, so a calendar that loads
a newer file updates its events instead of adding them twice; ``DTSTAMP`` is when the file
was made (UTC).
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import IO

from fundtrack.table import Agenda

#: Who made the file, as RFC 5545 asks every calendar to say.
PRODUCT = "-//fundtrack//fundtrack deadlines//EN"


def calendar_bytes(agenda: Agenda) -> bytes:
    """The agenda as an iCalendar file's bytes (UTF-8, CRLF line ends)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", agenda.name)
    stamp = agenda.made_at.replace(tzinfo=UTC)
    for item in agenda.events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        if item.category:
            event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_calendar(out: IO[bytes], agenda: Agenda) -> None:
    out.write(calendar_bytes(agenda))
