"""Every table, imported here so Alembic and the app see one metadata."""

from app.models.alert import (
    EVENT_TYPES,
    Alert,
    AlertEvent,
    AlertMessage,
    AlertSilence,
    DeliveryAttempt,
    WebhookEndpoint,
)
from app.models.analyst import DecisionOverride, ExcludedAlias, IrrelevantPost
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.brand import Brand
from app.models.changes import EntityChange, EntityStamp, RollupChange, ScoreQueue
from app.models.collection import CollectionCursor, PlatformAccess, WatchCollection
from app.models.derived import DerivedState
from app.models.kol import Kol
from app.models.post import PLATFORMS, POST_KINDS, TIME_PRECISIONS, Mention, Post, PostScore
from app.models.privacy import ErasedPost, Erasure
from app.models.ratelimit import RateLimitBucket
from app.models.risk import (
    DECISIONS,
    LEVELS,
    Assessment,
    Coverage,
    Rollup,
    RollupState,
    Transition,
)
from app.models.scheduler import JobState, PlatformPace, SchedulerLease
from app.models.search import PostSearch
from app.models.share import ReportShare, ReportShareUse
from app.models.tenant import ApiKey, Tenant, User
from app.models.usage import TenantNotice, UsageCount
from app.models.watch import WATCH_STAGES, Watch

__all__ = [
    "EVENT_TYPES",
    "Alert",
    "AlertEvent",
    "AlertMessage",
    "AlertSilence",
    "DeliveryAttempt",
    "DerivedState",
    "EntityChange",
    "EntityStamp",
    "RollupChange",
    "ScoreQueue",
    "WebhookEndpoint",
    "DECISIONS",
    "LEVELS",
    "PLATFORMS",
    "POST_KINDS",
    "TIME_PRECISIONS",
    "WATCH_STAGES",
    "ApiKey",
    "Assessment",
    "AuditEntry",
    "Base",
    "Brand",
    "CollectionCursor",
    "Coverage",
    "DecisionOverride",
    "ErasedPost",
    "Erasure",
    "ExcludedAlias",
    "IrrelevantPost",
    "JobState",
    "PlatformAccess",
    "PlatformPace",
    "Kol",
    "Mention",
    "Post",
    "PostSearch",
    "PostScore",
    "RateLimitBucket",
    "ReportShare",
    "ReportShareUse",
    "Rollup",
    "RollupState",
    "SchedulerLease",
    "Tenant",
    "TenantNotice",
    "Transition",
    "UsageCount",
    "User",
    "Watch",
    "WatchCollection",
]
