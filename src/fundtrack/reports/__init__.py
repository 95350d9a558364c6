"""Reports: each one computed once, by the database, as a plain value.

A report function takes an open ``Session`` and returns a frozen dataclass holding exact
``Decimal`` money, counts and dates. The figures come from SQL aggregation (``GROUP BY``,
``COUNT(DISTINCT ...)``, ``SUM`` over integer cents); no report loops over disbursements in
Python. Renderers draw the value as a terminal table or JSON (``fundtrack.cli.report``) or as
an Excel workbook (``fundtrack.io.workbook_*``) and never query the database themselves.

Counting rules shared by every report (see ``counted``): a disbursement counts for victims
served when it is of kind ``disbursement``, is not itself a reversal, and has not been voided.
Money figures sum every entry, reversals included, so a voided entry nets to zero.
"""
