from sentiment.bench import MEMORY_LIMIT_MB, peak_rss_mb


def test_scorer_peak_memory_comes_from_a_fresh_process_and_is_within_the_limit():
    ballast = b"\x01" * (400 * 1024 * 1024)  # resident here; it must not count for the child
    texts = ["脱粉了，再也不买", "这次联名太好看了[心]", "转发微博"] * 2000
    peak = peak_rss_mb("fantalk", texts)
    assert 30 < peak <= MEMORY_LIMIT_MB
    del ballast
