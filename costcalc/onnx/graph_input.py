"""The input node of an imported ONNX graph."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ShapeError
from ..layers import Input
from ..tensor import any_true, at, first_true


@dataclass(frozen=True)
class OnnxInput(Input):
    """``Input`` (C, H, W) of an ONNX graph, which may fix H and W (dims with a value) or leave
    them symbolic (``dim_param``). A fixed graph analysed at another size is an error naming the
    graph's input: its shapes, Reshape targets and pools were computed for its own size.
    No params, MACs or ops (as Input)."""

    onnx_name: str = "input"
    fixed_height: bool = True
    fixed_width: bool = True

    def validate(self, v):
        super().validate(v)
        v.flag("fixed_height")
        v.flag("fixed_width")
        v.skip("onnx_name")  # the graph input's name, for messages only
        if not isinstance(self.onnx_name, str):
            v.fail("onnx_name", "the ONNX input's name is text", "a str", self.onnx_name)

    def shape_at(self, h, w):
        want_h, want_w = self.size
        wrong = (self.fixed_height & (h != want_h)) | (self.fixed_width & (w != want_w))
        if any_true(wrong):
            v = first_true(wrong)
            axes = (("height", self.fixed_height), ("width", self.fixed_width))
            fixed = " and ".join(name for name, on in axes if on)
            raise ShapeError(f"input {self.onnx_name!r}", f"the ONNX graph fixes the input's {fixed} "
                             "(export it with dynamic axes to count other sizes)",
                             f"{want_h}×{want_w}", f"{at(h, v)}×{at(w, v)}")
        return super().shape_at(h, w)
