"""The ``balances``, ``periods`` and ``voids`` checks: the rules of the books, re-checked.

The database does the work over integer cents. "At every date" means the balance as of each
date on which entries are dated (entries dated on or before it, as in every report): entries
are summed per holder and day, and a window function keeps the running sum, so the cost is
one pass over the ledger's index however many entries there are.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, or_, select, text
from sqlalchemy.orm import aliased

from fundtrack.audit.findings import Books, Finding
from fundtrack.ledger import terms
from fundtrack.ledger.kinds import REGISTRY, kinds_adding_to, misfiled_condition
from fundtrack.ledger.rules import LIQUIDATION_DAYS
from fundtrack.models import AWARD, DISBURSEMENT, SUBGRANT, Entry
from fundtrack.money import format_money, from_cents


def _money(cents: int) -> str:
    return format_money(from_cents(cents))


def _rows(books: Books, sql: str, **dates: Any) -> list[Any]:
    """Run ``sql`` with the entry kinds bound; ``dates`` names the columns read as dates."""
    if books.dialect == "sqlite":
        # Without statistics SQLite would pick the narrower kind/date index and look up
        # every row; the covering subgrant index reads the ledger in grouping order.
        sql = sql.replace("/*subgrant-index*/", "INDEXED BY ix_entry_subgrant_kind")
    query = text(sql).columns(**{name: Date for name in dates}) if dates else text(sql)
    kinds = {"award": AWARD, "subgrant": SUBGRANT, "disbursement": DISBURSEMENT}
    wanted = {name: kind for name, kind in kinds.items() if f":{name}" in sql}
    return list(books.session.execute(query, wanted).all())


# Per holder and day: what came in minus what went out; then the running sum per holder.
# The inner GROUP BY follows the order of the ``ix_entry_*_kind`` indexes (kind is fixed or
# one of two), so the database aggregates the ledger in one streaming pass over the index
# instead of sorting it.
_LEFT_BY_DAY = """
WITH by_kind AS (
    SELECT {holder} AS holder, kind, entry_date, SUM(amount_cents) AS cents, MAX(id) AS last_id
    FROM entry {index}
    WHERE kind IN ({plus}, {minus}) AND {holder} IS NOT NULL
    GROUP BY {holder}, kind, {extra} entry_date
), daily AS (
    SELECT holder, entry_date,
           SUM(CASE WHEN kind IN ({plus}) THEN cents ELSE -cents END) AS net,
           MAX(last_id) AS last_id
    FROM by_kind
    GROUP BY holder, entry_date
), running AS (
    SELECT holder, entry_date, last_id,
           SUM(net) OVER (PARTITION BY holder ORDER BY entry_date
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS left_cents
    FROM daily
)
SELECT h.code AS code, r.entry_date AS entry_date, r.last_id AS last_id, r.left_cents AS left_cents
FROM running r JOIN {table} h ON h.id = r.holder
WHERE r.left_cents < 0
ORDER BY h.code, r.entry_date
"""

_BUDGET_BY_DAY = """
WITH daily AS (
    SELECT subgrant_id, category_id, entry_date, SUM(amount_cents) AS spent, MAX(id) AS last_id
    FROM entry /*subgrant-index*/
    WHERE kind = :disbursement AND subgrant_id IS NOT NULL
    GROUP BY subgrant_id, kind, category_id, entry_date
), running AS (
    SELECT subgrant_id, category_id, entry_date, last_id,
           SUM(spent) OVER (PARTITION BY subgrant_id, category_id ORDER BY entry_date
                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
    FROM daily
)
SELECT s.code AS subgrant, c.code AS category, r.entry_date AS entry_date,
       r.last_id AS last_id, r.total AS total, b.amount_cents AS budget
FROM running r
JOIN subgrant_budget b ON b.subgrant_id = r.subgrant_id AND b.category_id = r.category_id
JOIN subgrant s ON s.id = r.subgrant_id
JOIN category c ON c.id = r.category_id
WHERE r.total > b.amount_cents
ORDER BY s.code, c.code, r.entry_date
"""

_UNBUDGETED = """
WITH spent AS (
    SELECT subgrant_id, category_id, SUM(amount_cents) AS cents, MAX(id) AS last_id
    FROM entry /*subgrant-index*/
    WHERE kind = :disbursement AND subgrant_id IS NOT NULL
    GROUP BY subgrant_id, kind, category_id
)
SELECT s.code, c.code, x.cents, x.last_id
FROM spent x JOIN subgrant s ON s.id = x.subgrant_id JOIN category c ON c.id = x.category_id
WHERE x.cents <> 0
  AND EXISTS (SELECT 1 FROM subgrant_budget b WHERE b.subgrant_id = x.subgrant_id)
  AND NOT EXISTS (SELECT 1 FROM subgrant_budget b
                  WHERE b.subgrant_id = x.subgrant_id AND b.category_id = x.category_id)
ORDER BY s.code, c.code
"""

# An entry that names columns its kind forbids, or lacks ones it requires (``ledger.kinds``).
_MISFILED = f"""
SELECT e.id, e.kind FROM entry e LEFT JOIN subgrant s ON s.id = e.subgrant_id
WHERE {misfiled_condition("e")}
   OR s.award_id <> e.award_id
ORDER BY e.id
"""


def _first_per_holder(rows: list[Any]) -> list[Any]:
    seen: set[str] = set()
    first = []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            first.append(row)
    return first


def _kinds(figure: str) -> str:
    """The kinds adding to ``figure`` as a SQL list (the registry's own names)."""
    return ", ".join(f"'{name}'" for name in kinds_adding_to(figure))


#: What each holder must never spend past: (table, figure added, figure spent, the query's
#: extra group column, its index hint, what the finding calls the spending).
_NEVER_PAST = (
    ("award", "awarded", "allocated", "", "", "allocated to subgrants"),
    ("subgrant", "allocated", "disbursed", "category_id,", "/*subgrant-index*/", "disbursed"),
)


def check_balances(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    for table, plus, minus, extra, index, spent in _NEVER_PAST:
        sql = _LEFT_BY_DAY.format(
            holder=f"{table}_id",
            plus=_kinds(plus),
            minus=_kinds(minus),
            table=table,
            extra=extra,
            index=index,
        )
        for code, day, last_id, left in _first_per_holder(_rows(books, sql, entry_date=1)):
            findings.append(_over(f"{table} {code}", spent, day, left, last_id, "its amount"))
    findings.extend(_budgets_overspent(books))
    for sub, cat, total, last_id in _rows(books, _UNBUDGETED):
        findings.append(
            Finding(
                "balances",
                f"subgrant {sub} has budgets but none for {cat}, and "
                f"{_money(total)} was disbursed in {cat}",
                entry_id=int(last_id),
            )
        )
    for entry_id, kind in _rows(books, _MISFILED):
        findings.append(
            Finding(
                "balances",
                f"this {kind} entry names the wrong award, subgrant or "
                "category for its kind, so it is counted in the wrong balance",
                entry_id=int(entry_id),
            )
        )
    return findings


def _budgets_overspent(books: Books) -> list[Finding]:
    """The first day each subgrant category went over its budget."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for sub, cat, day, last_id, total, budget in _rows(books, _BUDGET_BY_DAY, entry_date=1):
        if (sub, cat) not in seen:
            seen.add((sub, cat))
            limit = f"its {cat} budget of {_money(budget)}"
            findings.append(
                _over(f"subgrant {sub}", "disbursed", day, budget - total, last_id, limit)
            )
    return findings


def _over(holder: str, what: str, day: date, left: int, last_id: Any, limit: str) -> Finding:
    """``holder`` had ``-left`` cents more ``what`` than ``limit`` as of ``day``."""
    return Finding(
        "balances",
        f"as of {day.isoformat()} it has {what} {_money(-left)} more than {limit}",
        entry_id=int(last_id) if last_id is not None else None,
        record=holder,
    )


_OUTSIDE_SUBGRANT = """
SELECT e.id, e.kind, e.entry_date, s.code, s.start_date, s.end_date, e.when_incurred
FROM entry e JOIN ({subgrant}) s ON s.id = e.subgrant_id
WHERE e.kind IN ({dated}) AND (e.entry_date < s.start_date OR e.entry_date > s.end_date)
ORDER BY e.id
"""

_OUTSIDE_AWARD = """
SELECT e.id, e.kind, e.entry_date, a.code, a.start_date, a.end_date, NULL
FROM entry e JOIN ({award}) a ON a.id = e.award_id
WHERE e.subgrant_id IS NULL AND e.kind IN ({dated}) AND e.kind <> 'drawdown'
  AND (e.entry_date < a.start_date OR e.entry_date > a.end_date)
ORDER BY e.id
"""

_SUBGRANT_OUTSIDE_AWARD = """
SELECT s.code, s.start_date, s.end_date, a.code, a.start_date, a.end_date
FROM ({subgrant}) s JOIN ({award}) a ON a.id = s.award_id
WHERE s.start_date < a.start_date OR s.end_date > a.end_date OR s.start_date > s.end_date
ORDER BY s.code
"""


def _liquidated(day: date, start: date, end: date, incurred: date | None) -> bool:
    """A payment in the liquidation period for a cost incurred inside the period (drawdowns
    follow the award's spending and are checked against its amount, not its period)."""
    if incurred is None:
        return False
    return start <= incurred <= end and incurred <= day <= end + timedelta(days=LIQUIDATION_DAYS)


def _in_force(books: Books, sql: str) -> str:
    """``sql`` over the awards' and subgrants' periods in force (``ledger.terms``), checking
    the entries dated in a period (an amendment is dated when it takes effect)."""
    dialect = books.session.get_bind().dialect

    def compiled(name: str) -> str:
        query = select(terms.now(name))
        return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    dated = ", ".join(f"'{k.name}'" for k in REGISTRY.values() if not k.needs_reason)
    return sql.format(subgrant=compiled("subgrant"), award=compiled("award"), dated=dated)


def check_periods(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    days = {"entry_date": 1, "start_date": 1, "end_date": 1, "when_incurred": 1}
    for sql, holder in ((_OUTSIDE_SUBGRANT, "subgrant"), (_OUTSIDE_AWARD, "award")):
        for entry_id, kind, day, code, start, end, incurred in _rows(
            books, _in_force(books, sql), **days
        ):
            if _liquidated(day, start, end, incurred):
                continue
            findings.append(
                Finding(
                    "periods",
                    f"this {kind} is dated {day.isoformat()}, outside {holder} {code}'s period "
                    f"of performance {start.isoformat()}..{end.isoformat()}",
                    entry_id=int(entry_id),
                )
            )
    for code, start, end, award, a_start, a_end in _rows(
        books, _in_force(books, _SUBGRANT_OUTSIDE_AWARD), start_date=1, end_date=1
    ):
        findings.append(
            Finding(
                "periods",
                f"its period {start.isoformat()}..{end.isoformat()} is not inside award "
                f"{award}'s period {a_start.isoformat()}..{a_end.isoformat()}",
                record=f"subgrant {code}",
            )
        )
    return findings


_MATCHED = ("kind", "award_id", "subgrant_id", "category_id", "client_id", "entry_date")


def check_voids(books: Books) -> list[Finding]:
    findings: list[Finding] = []
    table: Any = Entry.__table__  # type: ignore[attr-defined]
    rev, orig = aliased(table, name="rev"), aliased(table, name="orig")
    differs = [rev.c[name].is_distinct_from(orig.c[name]) for name in _MATCHED]
    query = (
        select(
            rev,
            orig.c.id.label("o_id"),
            *(orig.c[n].label(f"o_{n}") for n in _MATCHED),
            orig.c.amount_cents.label("o_amount_cents"),
            orig.c.reverses_id.label("o_reverses_id"),
        )
        .select_from(rev.outerjoin(orig, orig.c.id == rev.c.reverses_id))
        .where(rev.c.reverses_id.is_not(None))
        .where(
            or_(
                orig.c.id.is_(None),
                orig.c.id >= rev.c.id,
                orig.c.reverses_id.is_not(None),
                rev.c.amount_cents != -orig.c.amount_cents,
                rev.c.reason.is_(None),
                *differs,
            )
        )
        .order_by(rev.c.id)
    )
    for row in books.session.execute(query).mappings():
        findings.append(Finding("voids", _void_problem(row), entry_id=int(row["id"])))
    twice = (
        select(table.c.reverses_id, table.c.id)
        .where(
            table.c.reverses_id.in_(
                select(table.c.reverses_id)
                .where(table.c.reverses_id.is_not(None))
                .group_by(table.c.reverses_id)
                .having(and_(text("COUNT(*) > 1")))
            )
        )
        .order_by(table.c.reverses_id, table.c.id)
    )
    for original, reversal in books.session.execute(twice).all():
        findings.append(
            Finding(
                "voids",
                f"it voids entry {original}, which is voided more than once",
                entry_id=int(reversal),
            )
        )
    return findings


def _void_problem(row: Any) -> str:
    original = row["reverses_id"]
    if row["o_id"] is None:
        return f"it voids entry {original}, which does not exist"
    if row["o_id"] >= row["id"]:
        return f"it voids entry {original}, which was recorded after it"
    if row["o_reverses_id"] is not None:
        return f"it voids entry {original}, which is itself a reversal"
    wrong = [name for name in _MATCHED if row[name] != row[f"o_{name}"]]
    if row["amount_cents"] != -row["o_amount_cents"]:
        wrong.insert(0, "amount")
    if not wrong:
        return f"it voids entry {original} without a reason"
    names = ", ".join(w.removesuffix("_id").replace("_", " ") for w in wrong)
    verb = "differs" if len(wrong) == 1 else "differ"
    return f"it does not match entry {original}, the entry it voids: {names} {verb}"
