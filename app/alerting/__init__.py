"""Alert lifecycle: events from risk transitions, grouping, reminders, silences, acks."""
