"""Moving the books in and out: imports, exports and the hledger/ledger journal."""
