"""Platform collectors: a DB-free library.

One adapter per platform (later), and importers of other tools' exports (collectors.importers).
"""
