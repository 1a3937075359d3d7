"""Retention: what is deleted or thinned out, and when (the daily `prune` job). The defaults
and why are in app/config.py (retention_*)."""
