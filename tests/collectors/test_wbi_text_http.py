from __future__ import annotations

import httpx
import pytest

from collectors.errors import Blocked, CircuitOpen, RateLimited, TransientError, Unreachable
from collectors.http import Fetcher, Gate, Politeness, Timing, new_client
from collectors.text import html_to_text, xhs_text
from collectors.wbi import encode_query, mixin_key, signed_query

IMG, SUB = "7cd084941338484aae1ad9425b84077c", "4932caff0ff746eab6f01bf08b70ac45"


def test_wbi_documented_example():
    assert mixin_key(IMG, SUB) == "ea1db124af3c7062474693fa704f4ff8"
    query = signed_query({"foo": "114", "bar": "514", "zab": 1919810}, IMG, SUB, 1702204169)
    assert (
        query == "bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4"
    )


def test_wbi_encoding_upper_hex_and_percent20():
    query = encode_query({"foo": "one one four", "bar": "五一四", "baz": 1919810})
    assert query == "bar=%E4%BA%94%E4%B8%80%E5%9B%9B&baz=1919810&foo=one%20one%20four"
    assert encode_query({"k": "a!b'c(d)e*"}) == "k=abcde"


def test_text_keeps_emoji_codes_and_drops_markup():
    emoji = '<span class="url-icon"><img alt=[怒] src="a.png"/></span>'
    html = f'回复<a href="/n/x">@x</a>:好{emoji}<br/>&amp;'
    assert html_to_text(html) == "回复@x:好[怒]\n&"
    assert html_to_text("<script>x()</script><em class='keyword'>词</em>") == "词"
    assert xhs_text("私[偷笑R] #话题[话题]#") == "私[偷笑] #话题#"


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def fetcher(answers, politeness=None, failure=None):
    """A fetcher over a mock transport answering `answers` in turn (or raising `failure`)."""
    clock = FakeTime()
    calls = []

    def handle(request):
        calls.append(clock.now)
        if failure is not None:
            raise failure
        return answers.pop(0) if answers else httpx.Response(200, json={"ok": 1})

    timing = Timing(clock.monotonic, clock.sleep)
    timing.uniform = lambda low, high: high  # type: ignore[method-assign]
    gate = Gate(politeness or Politeness(min_interval=2, jitter=1, backoff_base=1), timing)
    client = new_client(5, httpx.MockTransport(handle))
    return Fetcher("weibo", client, gate, wall_clock=lambda: 0.0), clock, calls


def test_pages_are_spaced_by_interval_plus_jitter():
    fetch, clock, calls = fetcher([])
    for _ in range(3):
        fetch.get_json("https://x.test/a")
    assert calls == [1000.0, 1003.0, 1006.0]


def test_retry_after_is_honoured_then_backoff_grows():
    answers = [
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503),
        httpx.Response(200, json={"ok": 1}),
    ]
    fetch, clock, _ = fetcher(answers)
    assert fetch.get_json("https://x.test/a") == {"ok": 1}
    assert clock.slept[0] == 7
    assert clock.slept[1] == 2


def test_long_retry_after_ends_the_pass():
    fetch, _, _ = fetcher([httpx.Response(429, headers={"Retry-After": "3600"})])
    with pytest.raises(RateLimited) as caught:
        fetch.get_json("https://x.test/a")
    assert caught.value.retry_after == 3600


def test_breaker_opens_after_repeated_refusals_and_recovers():
    rules = Politeness(
        min_interval=0, jitter=0, max_retries=0, breaker_threshold=2, breaker_cooldown=60
    )
    fetch, clock, calls = fetcher([httpx.Response(502), httpx.Response(502)], rules)
    for _ in range(2):
        with pytest.raises(TransientError):
            fetch.get_json("https://x.test/a")
    with pytest.raises(CircuitOpen):
        fetch.get_json("https://x.test/a")
    assert len(calls) == 2  # the open breaker sent nothing
    clock.now += 61
    assert fetch.get_json("https://x.test/a") == {"ok": 1}


def test_an_unreachable_host_is_said_so_at_once_and_never_opens_the_breaker():
    """A name that does not resolve (offline) is not the platform refusing us: no retries
    within the pass, no "paused after 5 refusals", and the message names the host."""
    rules = Politeness(min_interval=0, jitter=0, breaker_threshold=2)
    refusal = httpx.ConnectError("[Errno -3] Temporary failure in name resolution")
    fetch, clock, calls = fetcher([], rules, failure=refusal)
    for _ in range(4):
        with pytest.raises(Unreachable, match=r"cannot reach m\.weibo\.cn: its name did not"):
            fetch.get_json("https://m.weibo.cn/api/container/getIndex")
    assert len(calls) == 4  # one request each time: no retries, and the breaker stayed shut
    assert clock.slept == []


@pytest.mark.parametrize(
    "body",
    [b'{"count": ' + b"9" * 5000 + b"}", b"[" * 3000 + b"]" * 3000],
    ids=["a 5,000-digit number", "3,000 nested arrays"],
)
def test_a_response_json_cannot_read_is_refused_not_a_crash(body):
    """Before, the ValueError or RecursionError escaped the collector and ended the pass."""
    fetch, _, _ = fetcher([httpx.Response(200, content=body)])
    with pytest.raises(Blocked, match="not JSON"):
        fetch.get_json("https://x.test/a")
