"""Payload formats per channel: standard (Standard Webhooks JSON), slack, dingtalk, feishu,
wecom; Chinese by default, English on request."""

from alerts.formats.channels import MAX_EVENTS, render

__all__ = ["MAX_EVENTS", "render"]
