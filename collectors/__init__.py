"""Platform collectors: a DB-free library.

One adapter per platform behind one interface (collectors.base.Collector): keyword search, a
user's posts, a post's comments with replies, a user's profile; each returns CollectedPost /
CollectedProfile data (collectors.types) one page at a time with a resumable cursor. Refusals
are a small error set (collectors.errors); HTTP politeness lives in collectors.http; adapters
are built by collectors.registry. Importers of other tools' exports are in
collectors.importers. Settings (base URLs, cookies, providers) arrive as arguments.
"""
