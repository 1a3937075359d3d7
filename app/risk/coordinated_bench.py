"""How long coordinated-activity detection takes: `python -m app.risk.coordinated_bench
[--posts 20000] [--days 30] [--smears 10]`.

A watch's pairing posts as the engine reads them: `--posts` fans writing in their own words
(sentences of two-character words drawn from a vocabulary of 300, so no two are alike but many
share phrases) over `--days`, and `--smears` paid bursts of 30 accounts pasting three
templates within ten minutes. Times find_coordination (pure, in memory) and checks it flags
the smears only.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from app.risk.coordinated import find_coordination
from app.risk.inputs import PostFacts
from app.risk.rules import DEFAULT_RULES

AS_OF = datetime(2026, 12, 1, tzinfo=UTC)
_CHARS = [chr(code) for code in range(0x4E00, 0x4E00 + 1500)]
_VOCABULARY = random.Random(3)
WORDS = tuple("".join(_VOCABULARY.sample(_CHARS, 2)) for _ in range(300))


def _post(n: int, text: str, author: str, followers: int, at: datetime) -> PostFacts:
    return PostFacts(
        post_id=f"p{n}", platform="weibo", platform_id=str(n), url=None, author_uid=author,
        author_name=author, author_followers=followers, created_at=at, kind="comment",
        text=text, text_norm=text, engagement=1, kol_via="name",
        brand_roles=frozenset({"brand"}), cues=("collab:合作",), in_venue=False,
        tombstone_reason=None, label="negative", polarity=-0.8,
    )  # fmt: skip


def posts(organic: int, days: float, smears: int, rng: random.Random) -> list[PostFacts]:
    made = []
    for n in range(organic):
        text = "，".join("".join(rng.sample(WORDS, 3)) for _ in range(rng.randint(2, 4)))
        at = AS_OF - timedelta(minutes=rng.uniform(0, days * 24 * 60))
        made.append(_post(n, text, f"fan{n}", rng.randint(20, 5000), at))
    for s in range(smears):
        start = AS_OF - timedelta(hours=rng.uniform(1, days * 20))
        templates = ["".join(rng.sample(WORDS, 12)) for _ in range(3)]
        for k in range(30):
            n = len(made)
            text = templates[k % 3] + "！" * (k % 4)
            made.append(_post(n, text, f"bot{s}-{k}", k % 9, start + timedelta(seconds=20 * k)))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--smears", type=int, default=10)
    args = parser.parse_args()
    made = posts(args.posts, args.days, args.smears, random.Random(20))
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        found = find_coordination(made, DEFAULT_RULES)
        runs.append(time.perf_counter() - started)
    print(  # noqa: T201 (a command's output)
        f"{len(made):,} posts: find_coordination best of 3 {min(runs) * 1000:.0f} ms; "
        f"flagged {len(found.flagged)} bursts (of {args.smears} smears), "
        f"{found.bought} bought accounts, {len(found.discounted)} posts discounted, "
        f"{len(found.templated)} templated bursts by real-looking accounts"
    )


if __name__ == "__main__":
    main()
