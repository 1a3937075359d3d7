"""Webhook endpoints: where a tenant's alerts are delivered (/v1/webhooks)."""
