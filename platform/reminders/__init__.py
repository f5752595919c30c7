"""Reminders by e-mail, each sent once: recorded in a ledger a rerun cannot pass twice."""
