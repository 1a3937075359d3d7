"""Alert delivery: payloads per channel, signing, SSRF guard, retry policy, dispatcher."""
