import pytest

from sentiment.datasets import Example, deduplicate, default_data_dir, load_corpora, split


def test_deduplicate_merges_normalised_duplicates_and_drops_ties():
    rows = [("好！", 1, None), ("好!", 1, None), ("好!", 0, None), ("行", 1, None), ("行", 0, None)]
    assert deduplicate(rows) == [Example("好!", 1, None)]


def test_split_is_seeded_and_disjoint():
    examples = [Example(str(i), i % 2, None) for i in range(100)]
    train, held_out = split(examples)
    assert (train, held_out) == split(list(reversed(examples)))
    assert not {e.text for e in train} & {e.text for e in held_out}
    assert len(held_out) == 20


def test_real_corpora_split_without_leakage():
    data_dir = default_data_dir()
    if not data_dir.exists():
        pytest.skip(f"labelled corpora not found at {data_dir} (../shared/data/sentiment)")
    for corpus in load_corpora(data_dir):
        assert not {e.text for e in corpus.train} & {e.text for e in corpus.held_out}, corpus.name
