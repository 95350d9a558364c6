"""The ledger: the only code that writes entries, the hash chain, its rules and its sums."""
