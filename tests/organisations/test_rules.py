from organisations.rules import dutch_sort_key


def test_sort_key_ignores_case_and_diacritics():
    assert dutch_sort_key("Fryslân") == dutch_sort_key("fryslan")
    assert dutch_sort_key("Súdwest-Fryslân") == "sudwestfryslan"


def test_sort_key_ignores_apostrophes_hyphens_and_spaces():
    assert dutch_sort_key("'s-Gravenhage") == "sgravenhage"
    assert dutch_sort_key("Bergen (NH)") == "bergennh"


def test_dutch_names_sort_as_a_reader_expects():
    names = ["Utrecht", "'s-Hertogenbosch", "Ede", "Åmsterdam-test", "amersfoort", "IJsselstein"]
    assert sorted(names, key=dutch_sort_key) == [
        "amersfoort",
        "Åmsterdam-test",
        "Ede",
        "IJsselstein",
        "'s-Hertogenbosch",
        "Utrecht",
    ]
