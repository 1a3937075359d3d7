def test_sentiment_endpoint_scores_each_text(api):
    response = api.post("/v1/sentiment", json={"texts": ["太恶心了，脱粉了", "真好用，推荐"]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["text"] for r in results] == ["太恶心了，脱粉了", "真好用，推荐"]
    assert results[0]["polarity"] < 0 < results[1]["polarity"]
    for result in results:
        assert {"label", "confidence", "emotions", "cues", "model"} <= set(result)
        assert {"anger", "disgust", "mockery"} <= set(result["emotions"])


def test_sentiment_needs_texts(api):
    assert api.post("/v1/sentiment", json={"texts": []}).status_code == 422
    assert api.post("/v1/sentiment", json={}).status_code == 422


def test_sentiment_endpoint_gives_the_three_way_probabilities(api):
    texts = ["华为新机几点开售?", "这次的联名真的太恶心了,退钱"]
    results = api.post("/v1/sentiment", json={"texts": texts}).json()["results"]
    for result in results:
        chances = result["probabilities"]
        assert set(chances) == {"negative", "neutral", "positive"}
        assert abs(sum(chances.values()) - 1) < 0.01
        assert max(chances, key=chances.__getitem__) == result["label"]
    assert results[1]["label"] == "negative"
