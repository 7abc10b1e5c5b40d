"""Notes vs warnings: where an inexact division stops being a fault.

The rule (costcalc/layers/window.py, _Window.notes; README, Conventions): the floor leaves
r = (H + 2p − k_eff) mod s positions of the padded input after the last window; the last p of them
are padding, and a window narrower than its stride skips s − k_eff positions at every step anyway.
The real input pixels the rounding loses are max(0, r − p − max(0, s − k_eff)): none is a NOTE,
some is a WARNING. Ceil mode's last window reaches past the end, so it loses none: a note.
"""

import json

import pytest
from hypothesis import given, settings, strategies as st

import costcalc
from costcalc import Network
from costcalc.engine import analyze
from costcalc.layers import Conv2d, MaxPool2d


def single(layer, size, channels=1):
    net = Network("one", channels=channels, size=size)
    net.add("layer", layer)
    return analyze(net).row("layer")


def test_resnet50_has_no_warnings_and_eight_notes():
    rows = costcalc.analyze("resnet50").rows()
    assert [r.name for r in rows if r.warnings] == []
    noted = [r.name for r in rows if r.notes]
    # conv1 7×7/2 p3 on 224: (224 + 6 − 7) mod 2 = 1 ≤ p = 3; the max pool 3×3/2 p1 on 112:
    # (112 + 2 − 3) mod 2 = 1 ≤ p = 1; each of conv3_x..conv5_x strides a 1×1 conv and its 1×1
    # shortcut by 2 on an even size: r = 1 = s − k_eff, a position the stride skips anyway.
    assert noted == ["conv1/conv", "conv2_x/pool/maxpool",
                     *(f"conv{i}_x/block1/{n}" for i in (3, 4, 5) for n in ("conv1", "downsample"))]
    assert rows[1].notes == ("H and W: (224 + 2·3 − 7)/2 = 223/2 = 111.5, not whole: floor drops 0.5, "
                             "H_out = W_out = 112; what it drops is padding (p = 3), every input pixel is read",)


def test_alexnet_on_224_keeps_its_warning_and_227_has_none():
    conv1 = costcalc.analyze("alexnet", 224).row("conv1")
    # (224 − 11) mod 4 = 1 position after the last window, p = 0: the last row and column are lost
    assert conv1.warnings == ("H and W: (224 − 11)/4 = 213/4 = 53.25, not whole: floor drops 0.25, "
                              "H_out = W_out = 54; the last input row and column are never read",)
    assert conv1.notes == ()
    assert all(not r.warnings and not r.notes for r in costcalc.analyze("alexnet").rows())  # 227: exact


def test_googlenet_ceil_pools_are_notes():
    rows = {r.name: r for r in costcalc.analyze("googlenet").rows()}
    assert not any(r.warnings for r in rows.values())
    pool1 = rows["pool1/3x3_s2"]
    # (112 − 3)/2 = 54.5, ceil: the last window covers 110..112, one past the end; nothing is lost
    assert pool1.notes == ("H and W: (112 − 3)/2 = 109/2 = 54.5, not whole: ceil adds 0.5, H_out = W_out = 56; "
                           "the last window reaches past the edge, every input pixel is read",)
    assert sorted(n for n, r in rows.items() if r.notes) == [
        "conv1/7x7", "pool1/3x3_s2", "pool2/3x3_s2", "pool3/3x3_s2", "pool4/3x3_s2"]


def test_squeezenet_on_224_warns_and_nin_warns_where_alexnet_does():
    stem = costcalc.analyze("squeezenet", 224).row("stem/conv1")
    assert stem.warnings and "(224 − 7)/2 = 217/2 = 108.5" in stem.warnings[0]   # r = 1 > p = 0
    nin = costcalc.analyze("nin").row("mlpconv1/conv1")
    assert nin.warnings and nin.warnings[0].endswith("never read")              # 11×11/4 on 224


@pytest.mark.parametrize("size, k, s, p, lost", [
    (10, 3, 4, 1, 0),    # r = (10 + 2 − 3) mod 4 = 1 ≤ p = 1: padding only
    (8, 3, 2, 0, 1),     # r = 1, p = 0, k ≥ s: the last row is never read
    (12, 3, 4, 0, 0),    # r = (12 − 3) mod 4 = 1 = s − k: the stride skips it anyway
    (9, 2, 3, 0, 0),     # windows [0,1] [3,4] [6,7]: row 8 is in the stride's gap
    (10, 2, 3, 0, 1),    # rows 8 and 9 left; the next window would have read row 9
    (13, 5, 4, 0, 0),    # (13 − 5) mod 4 = 0: exact, nothing to say
])
def test_both_sides_of_the_line(size, k, s, p, lost):
    row = single(Conv2d(1, k, stride=s, padding=p), size)
    inexact = (size + 2 * p - k) % s != 0
    if not inexact:
        assert row.warnings == () and row.notes == ()
    elif lost:
        assert row.notes == () and len(row.warnings) == 1 and row.warnings[0].endswith("never read")
    else:
        assert row.warnings == () and len(row.notes) == 1


def _unread_by_brute_force(size, k, s, p, ceil_mode):
    """Real pixels (padded coordinates p .. p + size − 1) that the extended window pattern (windows
    at 0, s, 2s, ... forever) reads but the layer's own windows do not."""
    out = MaxPool2d(k, stride=s, padding=p, ceil_mode=ceil_mode)._axis(size, 0)[0]
    read = {o * s + i for o in range(out) for i in range(k)}
    pattern = {o * s + i for o in range(size + 2 * p + k) for i in range(k)}
    real = set(range(p, p + size))
    return len((pattern & real) - read)


@settings(max_examples=300, deadline=None)
@given(size=st.integers(4, 40), k=st.integers(1, 7), s=st.integers(2, 5), p=st.integers(0, 3),
       ceil_mode=st.booleans())
def test_the_rule_agrees_with_counting_the_pixels(size, k, s, p, ceil_mode):
    if 2 * p > k or k > size + 2 * p:   # PyTorch's pool padding rule; an empty output
        return
    row = single(MaxPool2d(k, stride=s, padding=p, ceil_mode=ceil_mode), size)
    lost = _unread_by_brute_force(size, k, s, p, ceil_mode)
    inexact = (size + 2 * p - k) % s != 0
    assert bool(row.warnings) == (inexact and lost > 0)
    assert bool(row.notes) == (inexact and lost == 0)
    if row.warnings and lost > 1:
        assert f"the last {lost} input rows and columns are never read" in row.warnings[0]


def test_json_keeps_notes_apart_from_warnings(run):
    data = json.loads(run("report", "resnet50", "--format", "json").stdout)
    assert all(layer["warnings"] == [] for layer in data["layers"])
    assert sum(len(layer["notes"]) for layer in data["layers"]) == 8
    conv1 = next(layer for layer in data["layers"] if layer["name"] == "conv1/conv")
    assert conv1["notes"][0].startswith("H and W: (224 + 2·3 − 7)/2 = 223/2 = 111.5")
    grouped = json.loads(run("report", "resnet50", "--format", "json", "--group-by", "stage").stdout)
    assert [g["notes"] for g in grouped["groups"]][0][0].startswith("conv1/conv: H and W")


def test_text_counts_notes_and_explain_lists_them(run):
    out = run("report", "resnet50", "--brief").stdout
    assert "8 layer notes (worth knowing, no fault" in out and "--explain lists them" in out
    assert "warnings:" not in out and "layer notes:" not in out
    explained = run("report", "resnet50", "--brief", "--explain").stdout
    assert "layer notes:\n  conv1/conv: H and W: (224 + 2·3 − 7)/2" in explained
    assert "--explain lists them" not in explained
    md = run("report", "resnet50", "--format", "markdown", "--explain").stdout
    assert "Layer notes:" in md and "conv5_x/block1/downsample" in md


def test_handout_shows_notes(run, tmp_path):
    path = tmp_path / "resnet50.md"
    assert run("handout", "resnet50", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "Notes (no fault" in text
    assert "> Note: H and W: (224 + 2·3 − 7)/2 = 223/2 = 111.5" in text   # under conv1's derivation
