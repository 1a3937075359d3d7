"""Payload formats per channel: standard (Standard Webhooks JSON), slack, dingtalk, feishu,
wecom; Chinese by default, English on request. alerts.registry says which builder is whose."""
