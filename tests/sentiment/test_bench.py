from sentiment.bench import MEMORY_LIMIT_MB, peak_rss_mb


def test_scorer_peak_memory_comes_from_a_fresh_process_and_is_within_the_limit():
    ballast = b"\x01" * (400 * 1024 * 1024)  # resident here; it must not count for the child
    texts = ["脱粉了，再也不买", "这次联名太好看了[心]", "转发微博"] * 2000
    peak = peak_rss_mb("fantalk", texts)
    assert 30 < peak <= MEMORY_LIMIT_MB
    del ballast


def test_difference_lines_name_both_naive_references():
    from sentiment.bench import Row, differences

    def row(dataset, scorer, accuracy):
        return Row(dataset, scorer, accuracy, 0.0, None, None, None)

    rows = [
        row("weibo", "fantalk", 0.82), row("weibo", "naive", 0.80), row("weibo", "naive-rc", 0.79),
        row("smp", "fantalk", 0.80), row("smp", "naive", 0.75), row("smp", "naive-rc", 0.75),
    ]  # fmt: skip
    lines = differences(rows)
    assert "  weibo      fantalk - naive:    +2.0 points" in lines
    assert "  weibo      fantalk - naive-rc: +3.0 points" in lines
    assert "  smp        fantalk - naive-rc: +5.0 points" in lines
    assert lines[-1] == (
        "  mean accuracy over left-out corpora: fantalk 0.810, naive 0.775, naive-rc 0.770"
    )
    assert not any("mean" in line for line in differences(rows[:3]))
