import pytest

from sentiment.datasets import Example, deduplicate, default_data_dir, load_corpora, split


def test_deduplicate_merges_normalised_duplicates_and_drops_ties():
    rows = [("好！", 1, None), ("好!", 1, None), ("好!", 0, None), ("行", 1, None), ("行", 0, None)]
    assert deduplicate(rows) == [Example("好!", 1, None)]


def test_split_is_seeded_and_disjoint():
    examples = [Example(str(i), i % 2, None) for i in range(2000)]
    train, dev, test = split(examples)
    assert (train, dev, test) == split(list(reversed(examples)))
    texts = [{e.text for e in part} for part in (train, dev, test)]
    assert not texts[0] & texts[1]
    assert not texts[0] & texts[2]
    assert not texts[1] & texts[2]
    assert 140 < len(dev) < 260
    assert 140 < len(test) < 260


def test_same_text_same_part_in_every_corpus():
    shared = [Example(f"共享{i}", 1, None) for i in range(300)]
    first = split(shared + [Example(f"甲{i}", 0, None) for i in range(300)])
    second = split(shared + [Example(f"乙{i}", 0, None) for i in range(300)])
    for part_a, part_b in zip(first, second, strict=True):
        in_a = {e.text for e in part_a if e.text.startswith("共享")}
        assert in_a == {e.text for e in part_b if e.text.startswith("共享")}


def test_real_corpora_split_without_leakage():
    data_dir = default_data_dir()
    if not data_dir.exists():
        pytest.skip(f"labelled corpora not found at {data_dir} (../shared/data/sentiment)")
    corpora = load_corpora(data_dir)
    all_train = {e.text for corpus in corpora for e in corpus.train}
    for corpus in corpora:
        assert not all_train & {e.text for e in corpus.dev + corpus.test}, corpus.name
        train = {e.text for e in corpus.train}
        dev = {e.text for e in corpus.dev}
        test = {e.text for e in corpus.test}
        assert not train & dev, corpus.name
        assert not train & test, corpus.name
        assert not dev & test, corpus.name


def test_smp_lost_emoji_are_blanked_and_labels_mapped(tmp_path):
    import json

    from sentiment.datasets import blank_lost_emoji

    assert blank_lost_emoji("会好起来的???还想去武汉旅游呢！") == "会好起来的 还想去武汉旅游呢！"
    rows = [
        {"id": 1, "content": "致敬[心]??", "label": "happy"},
        {"id": 2, "content": "#新增确诊# ?", "label": "neutral"},
        {"id": 3, "content": "太气人了", "label": "angry"},
        {"id": 4, "content": "居然这样", "label": "surprise"},
    ]
    (tmp_path / "smp2020_virus_train.json").write_text(json.dumps(rows), encoding="utf-8")
    (corpus,) = load_corpora(tmp_path)
    assert corpus.name == "smp"
    examples = {e.text: e for e in corpus.train + corpus.dev + corpus.test}
    assert set(examples) == {"致敬[心]", "#新增确诊#", "太气人了", "居然这样"}
    assert examples["#新增确诊#"] == Example("#新增确诊#", 1, "neutral")
    assert examples["太气人了"] == Example("太气人了", 0, "anger")
    assert examples["居然这样"].polarity is None
