"""Reports: each one computed once, by the database, as a plain value.

A report function takes an open ``Session`` and returns a frozen dataclass holding exact
``Decimal`` money, counts and dates. The figures come from SQL aggregation (``GROUP BY``,
``COUNT(DISTINCT ...)``, ``SUM`` over integer cents); no report loops over disbursements in
Python. Next to each value, a ``*_tables`` module offers it as ``fundtrack.table`` tables, one
JSON form and a workbook layout; the writers (the terminal in ``fundtrack.cli.output``, CSV,
JSON and xlsx in ``fundtrack.io``) draw those and never query the database themselves.

Counting rules shared by every report (``sql.counted``): an entry counts its client as served
when its kind does (``ledger.kinds``), it is not itself a reversal, and it has not been voided.
Money figures sum every entry, reversals included, so a voided entry nets to zero.
"""
