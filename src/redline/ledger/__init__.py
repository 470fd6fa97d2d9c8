"""The tamper-evident ledger: every create, update and state change, hash-chained."""
