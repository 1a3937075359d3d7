"""Bigrams as stored integers: exact, distinct per pair, none across white space."""

from app.search.grams import (
    document,
    gram_code,
    gram_token,
    query_terms,
    tenant_token,
    term_grams,
    text_document,
    text_grams,
)


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


def test_gram_tokens_are_hexadecimal_and_never_a_tenant_token():
    largest = gram_code("\U0010ffff\U0010ffff")
    for code in (0, 35, 36, gram_code("翻车"), largest):
        assert int(gram_token(code), 16) == code
    assert len(gram_token(largest)) < len(tenant_token("tnt_a"))
    assert tenant_token("tnt_a") != tenant_token("tnt_b")


def test_a_document_is_its_tenant_and_bigram_tokens_sorted():
    codes = text_grams("翻车了")
    tokens = document("tnt_a", codes).split()
    assert tokens == sorted(tokens)
    assert set(tokens) == {tenant_token("tnt_a"), *map(gram_token, codes)}
    assert all(token.isascii() and token.isalnum() for token in tokens)


def test_a_text_document_is_the_document_of_the_texts_grams():
    texts = [
        "", "a", "翻车了 翻车", "翻车!!😂", "  ab\tcd\nef  ", "星河手机yyds真的不行[微笑]",
        "a b", "１２ab", "x\u3000y", "\x1c翻车\x1f车了", "🙂🙂 ab🙂cd",
        "a_b__cd", "x²½٣y", "ⅫⅩ翻", "é̃ab",  # underscore, numerics, combining marks
    ]  # fmt: skip
    for text in texts:
        assert text_document("tnt_a", text) == document("tnt_a", text_grams(text)), text
