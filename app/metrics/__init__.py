"""Prometheus metrics: HTTP requests measured in this process, background work read from the
database at each scrape (app.metrics.gauges), served at GET /metrics."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, ProcessCollector, disable_created_metrics

from app.clock import Clock
from app.db import Database
from app.metrics.gauges import DatabaseGauges
from app.metrics.http import HttpMetrics, RequestTelemetry
from app.metrics.queue import TaskQueueProbe, task_queue_stats


def install_metrics(
    app: FastAPI, database: Database, clock: Clock, task_queue: TaskQueueProbe = task_queue_stats
) -> None:
    """A registry of the app's own (not prometheus_client's global one), so every app, in
    tests too, counts only its own requests."""
    # No `_created` series beside each counter and histogram: twice the series for a value
    # Prometheus does not need (it detects counter resets itself).
    disable_created_metrics()  # type: ignore[no-untyped-call]
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    registry.register(DatabaseGauges(database, clock, task_queue))
    app.state.metrics_registry = registry
    app.add_middleware(RequestTelemetry, metrics=HttpMetrics(registry))
