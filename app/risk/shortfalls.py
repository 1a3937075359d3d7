"""What keeps a call from being firm, and what to collect (pure: data in, messages out).

Each shortfall mirrors a factor of app.risk.engine.confidence_of: too few posts, one platform,
posts not scored yet, platforms the collectors could not reach, listings still being filled.
The engine attaches them to every assessment, so a provisional decision always says what
would make it firm.
"""

from __future__ import annotations

from app.risk.inputs import RiskInputs
from app.risk.messages import Message, Params

# About this many posts make a firm call on volume alone (the volume factor reaches 0.8).
FIRM_POSTS = 50
# What an operator does about a platform the collectors could not reach, by error kind.
REMEDY_BY_KIND = {
    "login_required": "login",
    "captcha_required": "captcha",
    "signature_rejected": "login",
    "unreachable": "unreachable",
    "not_found": "not_found",
    "unsupported": "unsupported",
}


def shortfalls(inputs: RiskInputs) -> tuple[Message, ...]:
    counts = inputs.counts
    if counts.posts == 0:
        return (Message("shortfall.no_posts", {"kol": inputs.kol_name}),)
    found: list[Message] = []
    if counts.posts < FIRM_POSTS:
        params: Params = {"posts": counts.posts, "target": FIRM_POSTS, "kol": inputs.kol_name}
        found.append(Message("shortfall.few_posts", params))
    if len(counts.platforms) == 1:
        platform = next(iter(counts.platforms))
        found.append(Message("shortfall.one_platform", {"platform": platform}))
    if inputs.pending_posts:
        found.append(Message("shortfall.pending", {"posts": inputs.pending_posts}))
    for platform, kind in sorted(inputs.collection_gaps.items()):
        remedy = REMEDY_BY_KIND.get(kind, "retrying")
        found.append(Message(f"shortfall.{remedy}", {"platform": platform, "kind": kind}))
    for platform, kind in sorted(inputs.open_gaps.items()):
        found.append(Message("shortfall.still_collecting", {"platform": platform, "kind": kind}))
    return tuple(found)
