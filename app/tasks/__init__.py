"""Background work as tasks on procrastinate, over the same PostgreSQL (`kolrisk worker`).

`KOLRISK_TASK_QUEUE` picks where background jobs run: inline (the scheduler lease in `serve` or
`scheduler`, SQLite's default) or on workers (PostgreSQL's default). On workers every job of
app.jobs.scheduler's table is a procrastinate periodic task, deferred once per period across all
workers; the ones that fan out (scoring, collection, delivery) defer small keyed tasks that any
worker may take. Each task calls the same functions the inline scheduler runs.
"""
