"""A first end-to-end pass: the fixture's books, one disbursement, one void."""

from support import Cli, entry_of, snapshot


def test_disburse_and_void_move_the_balance(books: Cli) -> None:
    result = books.ok(
        "disburse",
        "--subgrant",
        "LP-FY20",
        "--client",
        "LP-0001",
        "--category",
        "rent",
        "--amount",
        "850",
        "--date",
        "2019-11-01",
    )
    paid = entry_of(result)
    assert result.stdout.startswith(f"Entry {paid}: $850.00 rent for LP-0001 from LP-FY20;")
    assert books.json("subgrant", "show", "LP-FY20")["remaining"] == "98961.69"
    books.ok("void", str(paid), "--reason", "wrong client")
    assert books.json("subgrant", "show", "LP-FY20")["remaining"] == "99811.69"


def test_overspending_is_refused_and_changes_nothing(books: Cli) -> None:
    before = snapshot(books.url)
    result = books.run(
        "disburse",
        "--subgrant",
        "NMILC-FY20",
        "--client",
        "LP-0001",
        "--category",
        "civil-legal",
        "--amount",
        "50188.32",
        "--date",
        "2019-11-01",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: subgrant NMILC-FY20 has $50,188.31 left; this disbursement is $50,188.32 — "
        "record a smaller amount or draw on another subgrant\n"
    )
    assert snapshot(books.url) == before
