"""``import_file`` as other services call it: the summary, the problems, the batch record."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from fundtrack.db import Database
from fundtrack.ledger import append
from fundtrack.transfer.importer import ImportRefused, import_file
from support import Cli, backend, snapshot


def test_summary_and_batch_of_a_disbursement_file(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "march.csv"
    lines = ["date,subgrant,client,category,amount,reference"]
    lines += [
        f"2020-03-{1 + n % 28:02d},LP-FY20,LP-{n % 3:04d},rent,10.01,V-{n}" for n in range(3000)
    ]
    lines += ["2020-03-02,NMILC-FY20,NEW-1,civil-legal,1,"]
    file.write_text("\n".join(lines) + "\n")
    seen: list[tuple[str, int, int]] = []
    db = Database(books.url)
    summary = db.write(
        lambda s: import_file(
            s,
            "disbursements",
            file,
            by="importer",
            new_clients=True,
            progress=lambda what, done, total: seen.append((what, done, total)),
        )
    )
    assert (summary.kind, summary.file_name, summary.rows, summary.clients_added) == (
        "disbursements",
        "march.csv",
        3001,
        3,  # LP-0000, LP-0002 and NEW-1; LP-0001 is already registered
    )
    assert [(t.subgrant, t.category, t.rows, str(t.amount)) for t in summary.totals] == [
        ("LP-FY20", "rent", 3000, "30030.00"),
        ("NMILC-FY20", "civil-legal", 1, "1.00"),
    ]
    # One pass over the file, reported by the bytes read so far.
    assert {what for what, _, _ in seen} == {"Importing"}
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and 0 < done[0] < file.stat().st_size
    assert {total for _, _, total in seen} == {file.stat().st_size}
    with db.engine.connect() as connection:
        batch = connection.execute(
            text("SELECT id, kind, file_name, rows, recorded_by FROM import_batch")
        ).one()
        assert tuple(batch) == (summary.batch_id, "disbursements", "march.csv", 3001, "importer")
        tagged = connection.execute(
            text("SELECT count(*) FROM entry WHERE batch_id = :b"), {"b": summary.batch_id}
        ).scalar_one()
        assert tagged == 3001 + 1  # and the one client entry registering the three new ones
        new = connection.execute(
            text("SELECT ref FROM client WHERE batch_id = :b ORDER BY ref"),
            {"b": summary.batch_id},
        ).scalars()
        assert list(new) == ["LP-0000", "LP-0002", "NEW-1"]
    db.dispose()


def test_refusal_carries_every_problem(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "awards.csv"
    file.write_text(
        "code,source,fy,amount,start,end\n"
        "OK-1,CVRC-HT,2021,100,,\n"
        "BAD-1,NOPE,FY2O,100,,\n"
        "OK-1,CVRC-HT,2021,100,2021-06-01,2020-07-01\n"
    )
    before = snapshot(books.url)
    db = Database(books.url)
    with pytest.raises(ImportRefused) as refused:
        db.write(lambda s: import_file(s, "awards", file, by="x"))
    assert [str(p) for p in refused.value.problems] == [
        "awards.csv:3: fy: fiscal year 'FY2O' is not one I can read; write 2020, FY2020, FY20 "
        "or fy20 (a range: 2016..2020 or FY16-FY20)",
        "awards.csv:4: code: award 'OK-1' already exists; choose another code",
    ]
    assert refused.value.problems[0].values == ("BAD-1", "NOPE", "FY2O", "100", "", "")
    assert refused.value.count == 2
    assert snapshot(books.url) == before
    db.dispose()


def test_a_dry_run_of_a_small_kind_writes_nothing(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "sg.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["# names from the 2019 fact sheet"])
    book.active.append(["name", "code"])
    book.active.append(["The Life Link", "LIFELINK"])
    book.active.append(["Street Safe", "STREETSAFE"])
    book.save(file)
    before = snapshot(books.url)
    db = Database(books.url)
    summary = db.write(lambda s: import_file(s, "subgrantees", file, by="x", dry_run=True))
    assert (summary.rows, summary.batch_id, summary.dry_run) == (2, None, True)
    assert snapshot(books.url) == before
    db.write(lambda s: import_file(s, "subgrantees", file, by="x"))
    assert [g["code"] for g in books.json("subgrantee", "list")] == [
        "LAPINON",
        "LIFELINK",
        "NMILC",
        "STREETSAFE",
    ]
    db.dispose()


def _entry_indexes(url: str) -> list[tuple[str, str]]:
    with Database(url).engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'entry'"
        else:
            query = (
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry'"
            )
        return sorted((str(a), str(b)) for a, b in connection.execute(text(query)))


def _many_rows(tmp_path: Path, count: int, last: str = "") -> Path:
    file = tmp_path / f"history-{count}.csv"
    lines = ["date,subgrant,client,category,amount"]
    lines += [
        f"2020-03-{1 + n % 28:02d},LP-FY20,LP-{n % 5:04d},rent,1.{n % 100:02d}"
        for n in range(count)
    ]
    file.write_text("\n".join([*lines, *([last] if last else [])]) + "\n")
    return file


def test_a_batch_larger_than_the_ledger_rebuilds_the_indexes_it_set_aside(
    books: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(append, "CHUNK", 10)
    monkeypatch.setattr(append, "REBUILD_AT", 20)
    set_aside: list[int] = []
    original = append.BulkAppender._set_indexes_aside

    def spy(appender: append.BulkAppender) -> None:
        set_aside.append(appender.count + len(appender.chunk))
        original(appender)

    monkeypatch.setattr(append.BulkAppender, "_set_indexes_aside", spy)
    indexes = _entry_indexes(books.url)
    assert len(indexes) >= 5
    books.ok("import", "disbursements", str(_many_rows(tmp_path, 95)), "--new-clients")
    assert _entry_indexes(books.url) == indexes
    assert len(set_aside) == (1 if backend() == "sqlite" else 0)
    assert books.json("subgrant", "show", "LP-FY20")["disbursed"] == "139.65"  # 95 x $1 + $44.65
    assert books.ok("check").stdout.startswith("Fingerprint: entry ")


def test_a_refused_batch_keeps_the_indexes_it_had_set_aside(
    books: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(append, "CHUNK", 10)
    monkeypatch.setattr(append, "REBUILD_AT", 20)
    before = snapshot(books.url)
    indexes = _entry_indexes(books.url)
    file = _many_rows(tmp_path, 95, last="2020-03-03,LP-FY20,LP-0001,rent,1.005")
    result = books.run("import", "disbursements", str(file), "--new-clients")
    assert result.exit_code == 1
    assert "history-95.csv:97: amount: '1.005' has more than two decimals" in result.stderr
    assert _entry_indexes(books.url) == indexes
    assert snapshot(books.url) == before


SERVICES = (
    "date,subgrant,client,category,reference,memo\n"
    "2019-11-01,LP-FY20,LP-0001,,CASE-1,\n"
    "2019-11-02,LP-FY20,LP-0050,travel,,court\n"
    "2019-11-03,NMILC-FY20,LP-0050,,,\n"
)


def test_a_services_file_is_recorded_as_services(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "services.csv"
    file.write_text(SERVICES)
    money = books.json("report", "balances")
    last = books.json("log")[-1]["id"]

    result = books.ok("import", "services", str(file), "--new-clients")

    assert result.stdout == "Imported 3 services from services.csv as batch 1; 1 new clients.\n"
    log = [e for e in books.json("log") if e["id"] > last]
    assert [(e["kind"], e["award"], e["client"], e["category"]) for e in log] == [
        ("client", "LP-0050", None, None),  # one entry registers the file's new clients
        ("service", "CVRC-HT-FY20", "LP-0001", None),
        ("service", "CVRC-HT-FY20", "LP-0050", "travel"),
        ("service", "CVRC-HT-FY20", "LP-0050", None),
    ]
    assert [e["subgrant"] for e in log] == [None, "LP-FY20", "LP-FY20", "NMILC-FY20"]
    log = log[1:]
    assert [e["amount"] for e in log] == ["0.00"] * 3
    rows = books.json("report", "victims-served", "--fy", "2020")["rows"]
    assert [r["victims_served"] for r in rows if r["source"] in {"CVRC-HT", None}] == [2, 2]
    after = books.json("report", "balances")
    # three services and the one client entry that registers the file's new clients
    assert after["as_recorded"]["entry"] == money["as_recorded"]["entry"] + 4
    assert after["awards"] == money["awards"]  # services move no money


def test_a_services_dry_run_writes_nothing(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "services.csv"
    file.write_text(SERVICES)
    before = snapshot(books.url)

    result = books.ok("import", "services", str(file), "--new-clients", "--dry-run")

    assert result.stdout == (
        "Checked 3 services in services.csv; 1 new clients: all can be recorded; nothing was "
        "written (--dry-run).\n"
    )
    assert snapshot(books.url) == before


def test_a_services_file_with_a_bad_row_records_nothing(books: Cli, tmp_path: Path) -> None:
    file = tmp_path / "services.csv"
    file.write_text(SERVICES + "2020-07-01,LP-FY20,LP-0001,,,\n2019-12-01,LP-FY20,LP-0051,,,\n")
    errors = tmp_path / "problems.csv"
    before = snapshot(books.url)

    result = books.run("import", "services", str(file), "--errors-out", str(errors))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "services.csv:3: client: no client 'LP-0050'; check the reference, or pass --new-client "
        "if this is a client's first disbursement",
        "services.csv:4: client: no client 'LP-0050'; check the reference, or pass --new-client "
        "if this is a client's first disbursement",
        "services.csv:5: date: service date 2020-07-01 is after subgrant LP-FY20's period of "
        "performance 2019-07-01..2020-06-30; use a date inside it or a subgrant whose period "
        "covers it",
    ]
    assert snapshot(books.url) == before
    assert "LP-0051" in errors.read_text(encoding="utf-8")
