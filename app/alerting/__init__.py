"""Alerts: events from risk transitions, grouping, reminders, silences, acks, and their
delivery (claims, dispatcher, ledger) through the `alerts` library."""
