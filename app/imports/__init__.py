"""Imports of other tools' exports (MediaCrawler, weibo-crawler) and of our own JSONL / CSV."""
