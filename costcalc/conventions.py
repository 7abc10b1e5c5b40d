"""The counting conventions, stated once; every report prints them."""

CONVENTIONS = {
    "shape": "(C, H, W) per sample; batch N multiplies activations, MACs and other ops, never params",
    "output_size": "floor((H + 2p - d(k-1) - 1)/s) + 1 (ceil where a layer sets ceil_mode); an inexact "
                   "division is a warning when its rounding leaves real input pixels unread, else a note "
                   "(it drops only padding, or a position the stride skips anyway)",
    "macs": "multiply-accumulates of conv and fully-connected layers (the papers' mult-adds; "
            "ResNet's and ShuffleNet's FLOPs; GoogLeNet's ops)",
    "flops": "2 x MACs (as PyTorch's FlopCounterMode counts)",
    "other_ops": "bias adds, batch norm, activations, pooling, LRN, softmax and residual adds, "
                 "counted apart from MACs",
    "params": "weights + biases + batch-norm gamma/beta; running mean/var are buffers, reported apart",
    "activations": "the input plus every layer output; in-place layers (ReLU, Dropout) and views "
                   "(Flatten, Identity) add none",
    "peak_activations": "largest sum of live tensors at inference, a tensor freed after its last consumer",
    "units": "decimal K/M/G (1000) unless binary is asked for (1024 for counts too, KiB/MiB for bytes)",
}
