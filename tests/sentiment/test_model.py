import time
from importlib import resources

from sentiment.model import ARTIFACT_NAME, LinearModel


def test_artifact_ships_inside_the_package_and_is_small():
    artifact = resources.files("sentiment").joinpath("model", ARTIFACT_NAME)
    assert artifact.is_file()
    with artifact.open("rb") as handle:
        size = len(handle.read())
    assert size < 20_000_000


def test_model_loads_fast_and_predicts():
    started = time.perf_counter()
    model = LinearModel.load()
    assert time.perf_counter() - started < 3  # target < 1 s; slack for slow CI
    assert model.version.startswith("1.")
    good, bad = model.predict_many(["非常好用,很满意", "太差了,垃圾"])
    assert good.margin > 0 > bad.margin
    assert 0 <= bad.anger <= 1
    assert 0 <= bad.disgust <= 1


def _tiny_model(meta_extra):
    import numpy as np

    meta = {"domains": ["weibo"], "version": "1.test", **meta_extra}
    weights = np.array([[1.0, 0.0, 0.0, 0.0]], dtype=np.float32)
    return LinearModel(["非常好用"], np.ones(1, np.float32), weights, np.zeros(4, np.float32), meta)


def test_ngram_sizes_are_read_from_the_artifact(tmp_path):
    path = tmp_path / "tiny.npz"
    _tiny_model({"ngram_sizes": [1, 2, 3, 4]}).save(path)
    model = LinearModel.load(path)
    assert model.ngram_sizes == (1, 2, 3, 4)
    assert model.predict_many(["非常好用"])[0].margin > 0


def test_artifacts_without_ngram_sizes_read_one_to_three_grams():
    model = _tiny_model({})
    assert model.ngram_sizes == (1, 2, 3)
    assert model.predict_many(["非常好用"])[0].margin == 0.0  # the 4-gram is never looked up


def _sorted_pairs(rows, columns):
    return sorted(zip(rows.tolist(), columns.tolist(), strict=True))


def test_the_gram_table_finds_what_the_dictionary_finds():
    import random

    from sentiment.model import GramTable

    model = LinearModel.load()
    assert model.table is not None
    chooser = random.Random(7)
    pieces = [*model.vocabulary[:2000:7], " ", "\n", "😀", "\ud800", "a b", "好 用"]
    texts = [
        "",
        "好",
        *("".join(chooser.choices(pieces, k=chooser.randint(0, 12))) for _ in range(300)),
    ]
    texts += ["", "\n"]
    by_table = model.table.lookup(texts, model.ngram_sizes)
    by_dictionary = model._lookup_each(texts)
    assert len(by_table[0]) > 1000
    assert _sorted_pairs(*by_table) == _sorted_pairs(*by_dictionary)
    # Only the sizes asked for, and entries the table cannot pack are simply never found.
    table = GramTable(["好", "好用", "非常好用", "😀", " ", "a b"])
    rows, columns = table.lookup(["非常好用😀", "a b c"], (2, 3))
    assert _sorted_pairs(rows, columns) == [(0, 1), (1, 5)]


def test_scores_do_not_depend_on_how_the_batch_is_cut():
    model = LinearModel.load()
    texts = ["非常好用,很满意", "", "太差了,垃圾", "\n", "一般般吧 还行"]
    together = model.predict_many(texts)
    alone = [model.predict_many([text])[0] for text in texts]
    assert together == alone
