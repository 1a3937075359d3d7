"""The dashboard under /ui: server-rendered pages, no scripts, no build step."""
