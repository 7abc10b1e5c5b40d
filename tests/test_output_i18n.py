"""Handouts in Korean (`costcalc handout MODEL --lang ko`): every heading and explanation comes
from the one English→Korean table (costcalc/i18n.py), the formulas and numbers are the English
sheet's, and English stays the default."""

import re

import pytest
from conftest import analysis_of

from costcalc import i18n
from costcalc.handout import HANDOUT_MODELS, plot_svg, render_html, render_markdown, sheet
from costcalc.registry import builtin_models

HEADINGS = {"en": ["Architecture", "Worked derivations", "Totals", "Paper figures", "Conventions"],
            "ko": ["구조", "계산 과정", "합계", "논문 수치", "규약"]}


@pytest.fixture
def strict(monkeypatch):
    """A text the sheets print without a Korean entry is an error, not English left behind."""
    monkeypatch.setattr(i18n, "STRICT", True)


@pytest.mark.parametrize("model", [m for m in HANDOUT_MODELS if m in builtin_models()])
def test_every_text_of_every_handout_has_its_korean(strict, model):
    s = sheet(analysis_of(model), lang="ko")
    markdown = render_markdown(s, "x.svg")
    page = render_html(s)
    for heading in HEADINGS["ko"]:
        assert f"## {heading}\n" in markdown and f"<h2>{heading}</h2>" in page
    for heading in HEADINGS["en"]:
        assert f"## {heading}" not in markdown and f"<h2>{heading}</h2>" not in page
    assert '<html lang="ko">' in page


def test_a_missing_translation_is_caught_in_strict_mode(strict):
    with pytest.raises(KeyError, match="no Korean for 'a sentence nobody translated'"):
        i18n.tr("a sentence nobody translated", "ko")
    assert i18n.label("#3×3 reduce", "ko") == "#3×3 reduce"  # a paper's column name stays as printed


def test_formulas_and_numbers_are_the_english_ones():
    a = analysis_of("alexnet")
    english, korean = (render_markdown(sheet(a, "conv1", lang=lang)) for lang in ("en", "ko"))

    def derivation_rows(text):  # the rows of the conv1 table: quantity, rule, numbers, result
        block = text.split("### conv1")[1].split("\n\n")[2]
        return [line for line in block.splitlines()[2:]]
    assert derivation_rows(korean) == derivation_rows(english)
    assert "| H_out = W_out | ⌊(H − (k − 1) − 1)/s⌋ + 1 | ⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1 | 55 |" in korean
    assert "| 항목 | 규칙 | 수 대입 | 결과 |" in korean
    assert "입력 3×227×227 → 출력 96×55×55. 여기서 C_in = 3" in korean
    assert "규칙: costcalc/layers/window.py의 Conv2d." in korean


def test_english_stays_the_default(run):
    out = run("handout", "alexnet", "--layers", "conv1").stdout
    assert all(f"## {h}" in out for h in HEADINGS["en"]) and not re.search("[가-힣]", out.split("## Paper")[0])


def test_cli_lang_ko_and_its_plot(run, tmp_path):
    out = tmp_path / "alexnet.ko.md"
    result = run("handout", "alexnet", "--lang", "ko", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "## 계산 과정" in out.read_text(encoding="utf-8")
    svg = (tmp_path / "alexnet.ko-layers.svg").read_text(encoding="utf-8")
    assert "alexnet: 층별 파라미터와 MAC, 입력 227×227" in svg and "이미지당 MAC (개수, 로그 눈금)" in svg
    bad = run("handout", "alexnet", "--lang", "fr")
    assert bad.exit_code == 2 and "Invalid value for '--lang'" in bad.stderr


def test_the_plot_of_an_english_sheet_stays_english():
    svg = plot_svg(analysis_of("alexnet")).decode("utf-8")
    assert "alexnet: parameters and MACs per layer" in svg and "층" not in svg


def test_an_unknown_language_is_one_line():
    from costcalc.errors import OptionError
    with pytest.raises(OptionError, match=r"^--lang: unknown language; expected en \| ko; received 'fr'$"):
        sheet(analysis_of("alexnet"), lang="fr")
