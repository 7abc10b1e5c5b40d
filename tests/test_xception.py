"""Xception (Chollet 2017): Table 3's parameter count exactly, Figure 5's feature-map sizes, the
MACs written out; options; reports."""

from conftest import analysis_of, assert_option_error


def test_params_equal_table_3():
    totals = analysis_of("xception").totals()
    assert totals["params"] == 22_855_952     # Chollet 2017, Table 3, Xception "Parameter count"
    # keras.applications.Xception().summary(): "Non-trainable params: 54,528" (BN moving stats)
    assert totals["buffers"] == 54_528


def test_flows_end_in_figure_5s_feature_maps():
    last = {}
    for row in analysis_of("xception").rows():
        last[row.scope[0] if row.scope else ""] = row.output_shape
    # Figure 5: "19x19x728 feature maps" out of the entry and middle flows; the exit flow's
    # "2048-dimensional vectors" (then the fc) after a 10×10 map
    assert last["entry_flow"] == last["middle_flow"] == (728, 19, 19)
    rows = {r.name: r.output_shape for r in analysis_of("xception").rows()}
    assert rows["exit_flow/block14/sepconv2_act"] == (2048, 10, 10)
    assert rows["exit_flow/head/avgpool"] == (2048, 1, 1)


def sep(c_in: int, c_out: int, side: int) -> int:
    """MACs of a SeparableConv 3×3 at side×side: depthwise 9·C_in, pointwise C_in·C_out per position."""
    return (9 * c_in + c_in * c_out) * side * side


def test_macs_written_out_from_figure_5():
    macs = 3 * 3 * 3 * 32 * 149**2 + 3 * 3 * 32 * 64 * 147**2                  # the two stem convs
    for c_in, w, side, out in ((64, 128, 147, 74), (128, 256, 74, 37), (256, 728, 37, 19)):
        macs += c_in * w * out**2 + sep(c_in, w, side) + sep(w, w, side)      # shortcut + 2 sepconvs
    macs += 8 * 3 * sep(728, 728, 19)                                          # middle flow
    macs += 728 * 1024 * 10**2 + sep(728, 728, 19) + sep(728, 1024, 19)        # exit module
    macs += sep(1024, 1536, 10) + sep(1536, 2048, 10) + 2048 * 1000            # exit convs, fc
    assert analysis_of("xception").totals()["macs"] == macs


def test_no_non_linearity_between_depthwise_and_pointwise():
    graph = analysis_of("xception").network.graph
    for node in graph:
        if node.endswith("_pw"):
            (source,) = graph.pred[node]
            assert source.endswith("_dw"), node


def test_bad_num_classes_is_a_one_line_error(run):
    assert_option_error(run("report", "xception", "-O", "num_classes=0"), "xception", "num_classes", "class")


def test_handout_and_grouping_run(run):
    result = run("handout", "xception")
    assert result.exit_code == 0 and "middle_flow" in result.stdout
    result = run("report", "xception", "--group-by", "stage")
    assert result.exit_code == 0 and "exit_flow" in result.stdout
