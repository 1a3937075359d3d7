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
