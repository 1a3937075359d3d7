"""Platform collectors: a DB-free library (one adapter per platform, importers of other tools' exports)."""
