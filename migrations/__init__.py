"""Alembic migrations (schema only; data fixes are CLI commands)."""
