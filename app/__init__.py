"""kolrisk service: FastAPI app, storage, feature folders, jobs and CLI."""
