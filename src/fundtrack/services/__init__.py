"""The service layer: records things and enforces the rules of the books.

Services take an open ``Session`` (from ``Database.write`` or ``Database.read``), flush but
never commit, never print, and raise ``FundtrackError`` subclasses with messages that say
what to do. They return plain values, not ORM objects.
"""
