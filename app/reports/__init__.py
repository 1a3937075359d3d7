"""Pre-contract go / no-go reports: one model, rendered as HTML, Markdown, JSON and PDF."""
