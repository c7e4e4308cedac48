"""Our phrase scorer gives BudouX's own phrases for any text (it only looks them up faster)."""

from __future__ import annotations

import random

import budoux
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.japanese import phrases

_BUDOUX = budoux.load_default_japanese_parser()
_ALPHABET = (
    "あいうえおかがきくけこ漢字日本語会社保険補償テストカタカナabcXYZ019 、。「」（）!?・ー〜\t"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60) | st.text(max_size=30))
def test_the_scorer_cuts_any_text_as_budoux_does(text: str) -> None:
    assert phrases._parser()(text) == _BUDOUX.parse(text)


def test_the_scorer_cuts_japanese_prose_as_budoux_does() -> None:
    rng = random.Random(7)
    words = [
        "サイバー攻撃",
        "情報漏えい",
        "損害賠償",
        "が",
        "を",
        "について",
        "しました。",
        "1億7,200万円",
    ]
    for _ in range(300):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert phrases._parser()(text) == _BUDOUX.parse(text)


def test_a_model_with_other_features_is_cut_by_budoux_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = {**_BUDOUX.model, "UW7": {"保": 5000}}
    monkeypatch.setattr(budoux, "load_default_japanese_parser", lambda: budoux.Parser(model))
    phrases._parser.cache_clear()
    try:
        cut = phrases._parser()
        # Our scorer reads the thirteen features it knows: another model is BudouX's to read.
        assert not isinstance(getattr(cut, "__self__", None), phrases._Scorer)
        text = "サイバーリスク保険のご案内"
        assert cut(text) == budoux.Parser(model).parse(text)
    finally:
        phrases._parser.cache_clear()
