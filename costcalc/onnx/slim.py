"""Read an ONNX file without reading its weights.

``onnx.load`` parses the whole protobuf, so a 500 MB file with its weights inline costs 500 MB of
memory before anything is counted. costcalc only needs each initializer's dims (and the values of
the few small ones that hold shapes, axes or scales), so this module walks the protobuf wire format
over a memory map and copies everything except the data of large initializers. Skipped bytes are
never read: a length-delimited field is stepped over by its length, so only the pages holding
field keys are touched. The result, a few hundred KB, is what ``onnx`` then parses.

Wire format (protobuf's encoding): each field is a varint key ``field_number << 3 | wire_type``
followed by a varint (type 0), 8 bytes (1), a varint length and that many bytes (2), or 4 bytes (5).
Field numbers are those of onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5;
TensorProto.dims = 1 and its data fields float_data 4, int32_data 5, string_data 6, int64_data 7,
raw_data 9, double_data 10, uint64_data 11.
"""

from __future__ import annotations

import mmap
from pathlib import Path

from ..errors import SpecError

MODEL_GRAPH, GRAPH_INITIALIZER, TENSOR_DIMS = 7, 5, 1
TENSOR_DATA_FIELDS = frozenset({4, 5, 6, 7, 9, 10, 11})
#: Initializers with at most this many elements keep their data (shapes, axes, scales, small biases).
KEEP_ELEMENTS = 4096


class _Malformed(Exception):
    pass


def _varint(buf, pos: int, end: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= end or shift > 63:
            raise _Malformed
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _fields(buf, start: int, end: int):
    """(field number, wire type, field start, value start, value end) of each field in buf[start:end]."""
    pos = start
    while pos < end:
        key, value_start = _varint(buf, pos, end)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, value_end = _varint(buf, value_start, end)
        elif wire == 1:
            value_end = value_start + 8
        elif wire == 2:
            length, value_start = _varint(buf, value_start, end)
            value_end = value_start + length
        elif wire == 5:
            value_end = value_start + 4
        else:  # groups (3, 4) are not used by onnx.proto
            raise _Malformed
        if value_end > end or field == 0:
            raise _Malformed
        yield field, wire, pos, value_start, value_end
        pos = value_end


def _length_field(field: int, payload: bytes) -> bytes:
    return _encode_varint(field << 3 | 2) + _encode_varint(len(payload)) + payload


def _elements(buf, start: int, end: int) -> int:
    """The element count of a TensorProto: the product of its dims (packed or not)."""
    count = 1
    for field, wire, _, vstart, vend in _fields(buf, start, end):
        if field != TENSOR_DIMS:
            continue
        if wire == 0:
            dim, _ = _varint(buf, vstart, vend)
            count *= dim
        elif wire == 2:
            pos = vstart
            while pos < vend:
                dim, pos = _varint(buf, pos, vend)
                count *= dim
    return count


def _slim_tensor(buf, start: int, end: int) -> bytes:
    if _elements(buf, start, end) <= KEEP_ELEMENTS:
        return bytes(buf[start:end])
    return b"".join(bytes(buf[fstart:vend]) for field, _, fstart, _, vend in _fields(buf, start, end)
                    if field not in TENSOR_DATA_FIELDS)


def _slim_graph(buf, start: int, end: int) -> bytes:
    parts = []
    for field, wire, fstart, vstart, vend in _fields(buf, start, end):
        if field == GRAPH_INITIALIZER and wire == 2:
            parts.append(_length_field(field, _slim_tensor(buf, vstart, vend)))
        else:
            parts.append(bytes(buf[fstart:vend]))
    return b"".join(parts)


def slim_model_bytes(path: Path) -> bytes:
    """The serialized ModelProto of ``path`` without the data of initializers larger than
    KEEP_ELEMENTS elements (their dims, names and types stay)."""
    try:
        with open(path, "rb") as f:
            if path.stat().st_size == 0:
                raise _Malformed
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                parts = []
                for field, wire, fstart, vstart, vend in _fields(buf, 0, len(buf)):
                    if field == MODEL_GRAPH and wire == 2:
                        parts.append(_length_field(field, _slim_graph(buf, vstart, vend)))
                    else:
                        parts.append(bytes(buf[fstart:vend]))
                return b"".join(parts)
    except _Malformed:
        raise SpecError(str(path), "not an ONNX model file (the protobuf does not parse)",
                        "a .onnx file written by an ONNX exporter", "unreadable bytes") from None
    except OSError as exc:
        raise SpecError(str(path), "cannot read the ONNX file", "a readable .onnx file",
                        exc.strerror or type(exc).__name__) from None
