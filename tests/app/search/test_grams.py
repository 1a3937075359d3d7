"""Bigrams as stored integers: exact, distinct per pair, none across white space."""

from app.search.grams import gram_code, query_terms, term_grams, text_grams


def test_a_bigram_is_its_two_code_points_exactly():
    assert gram_code("翻车") != gram_code("车翻")
    assert gram_code("翻车") == (ord("翻") << 21) | ord("车")
    # The largest code points still fit a signed 64-bit integer.
    assert gram_code("\U0010ffff\U0010ffff") < 2**63


def test_text_grams_are_distinct_pairs_within_words():
    assert text_grams("翻车了 翻车") == {gram_code("翻车"), gram_code("车了")}
    assert text_grams("a") == set()
    assert gram_code("了翻") not in text_grams("翻车了 翻车")


def test_query_terms_are_normalised_and_deduplicated():
    # Full-width letters and capitals read as the stored text does (sentiment.normalize).
    assert query_terms("  ＩＰＨＯＮＥ  翻车 翻车 ") == ["iphone", "翻车"]
    assert query_terms("   ") == []


def test_a_one_character_term_has_no_bigram():
    assert term_grams("翻") == []
    assert term_grams("翻车车") == [gram_code("翻车"), gram_code("车车")]


def test_pairs_with_punctuation_or_emoji_are_not_indexed():
    assert text_grams("翻车!!😂") == {gram_code("翻车")}
    assert term_grams("翻车!") == [gram_code("翻车")]
    assert term_grams("!!") == []
