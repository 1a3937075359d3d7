"""Fit: whether a KOL is right for a brand (category, tone, audience, past work), kept apart
from risk, which says whether the pairing would backfire."""
