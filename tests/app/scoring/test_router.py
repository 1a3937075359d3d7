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
