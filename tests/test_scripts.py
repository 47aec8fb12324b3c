"""Scripts of a word's letters: lookalikes mix them, real names and domains do not."""

from __future__ import annotations

import pytest

from followup._scripts import mixed_scripts, scripts


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [
        ("n\u043erthwind.example", "n\u043erthwind", {"Latin", "Cyrillic"}),
        ("Dana \u03a1ivera", "\u03a1ivera", {"Latin", "Greek"}),  # Greek capital rho
        ("pay-p\u0430l", "p\u0430l", {"Latin", "Cyrillic"}),
        ("\u0561pple", "\u0561pple", {"Latin", "Armenian"}),
    ],
)
def test_a_word_mixing_scripts_is_found(text: str, word: str, found: set[str]) -> None:
    assert mixed_scripts(text) == (word, frozenset(found))


@pytest.mark.parametrize(
    "text",
    [
        "Dana Rivera",
        "Nguyễn Văn Anh",
        "Ελένη Παπαδοπούλου",
        "Иван Smith",  # two scripts, one per word
        "東京タワー",  # Han and Katakana, written together
        "ソニー株式会社 Sony",
        "서울 Studio",
        "\u05e9\u05dc\u05d5\u05dd",
        "\uff58.example",  # fullwidth Latin is Latin (the address check refuses it)
        "\u02bbOkina 42",
    ],
)
def test_words_in_one_script_or_scripts_written_together_pass(text: str) -> None:
    assert mixed_scripts(text) is None


def test_digits_and_signs_belong_to_no_script() -> None:
    assert scripts("a1-+2") == {"Latin"}
