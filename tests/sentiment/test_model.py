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
