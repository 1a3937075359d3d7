"""Alert delivery as a library free of the database: the channel registry, payloads per
channel, signing, the SSRF guard, transport, retry policy and what an answer means. What
claims, records and dispatches deliveries lives in app.alerting."""
