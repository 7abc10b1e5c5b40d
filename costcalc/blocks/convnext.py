"""The ConvNeXt block (Liu et al., "A ConvNet for the 2020s", CVPR 2022, Fig. 4; torchvision's
``models.convnext.CNBlock``)."""

from __future__ import annotations

from ..graph import Network
from ..layers import GELU, Add, Conv2d, LayerNorm2d, LayerScale, Linear, StochasticDepth


def convnext_block(net: Network, name: str, dim: int, layer_scale: float = 1e-6,
                   stochastic_depth: float = 0.0, eps: float = 1e-6, kind: str | None = "block",
                   inputs=None, **meta) -> str:
    """A depthwise 7×7 conv (padding 3, with bias), layer norm over the channels, a Linear to
    4·dim at every position, GELU, a Linear back to dim at every position, a learned per-channel
    layer scale, stochastic depth (the identity at inference), and the input added back.

    Params: 49·dim + dim (dwconv) + 2·dim (norm) + 4·dim² + 4·dim (pwconv1) + 4·dim² + dim
    (pwconv2) + dim (layer scale) = 8·dim² + 58·dim.
    MACs on H×W: 49·dim·H·W + 8·dim²·H·W.
    Nodes ``dwconv``, ``norm``, ``pwconv1``, ``act``, ``pwconv2``, ``layer_scale``,
    ``stochastic_depth``, ``add`` (the names of the paper's reference code); returns ``name/add``.
    """
    with net.scope(name, kind=kind, **meta):
        x = net.last if inputs is None else net.resolve(inputs)
        net.add("dwconv", Conv2d(dim, 7, padding=3, groups=dim), inputs=x)
        net.add("norm", LayerNorm2d(eps=eps))
        net.add("pwconv1", Linear(4 * dim, per_position=True))
        net.add("act", GELU())
        net.add("pwconv2", Linear(dim, per_position=True))
        net.add("layer_scale", LayerScale(layer_scale))
        net.add("stochastic_depth", StochasticDepth(stochastic_depth, "row"))
        return net.add("add", Add(), inputs=[net.last, x])


__all__ = ["convnext_block"]
