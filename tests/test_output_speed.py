"""The rendering shortcuts taken for speed (benchmarks/bench_engine.py prints the figures) give
exactly what the plain code gives: a Row built without the frozen dataclass's __init__, the
JSON records encoded in one call, the cyclic collector paused and restored."""

import gc
import json

from conftest import analysis_of

from costcalc import engine, report, tables


def test_fast_rows_equal_rows_built_by_the_dataclass():
    a = analysis_of("googlenet")
    for row in a.rows():
        fields = {f: getattr(row, f) for f in engine.Row.__dataclass_fields__}
        assert engine.Row(**fields) == row and engine._row(**fields) == row


def test_json_records_in_one_call_equal_one_call_per_record():
    data = report.report_data(analysis_of("googlenet"), group_by="block")
    for key in ("layers", "groups"):
        records = data[key]
        plain = "[\n    " + ",\n    ".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n  ]"
        assert report._records(records) == plain
    doc = json.loads(report.json_document(data))
    assert doc["layers"] == json.loads(json.dumps(data["layers"]))


def test_a_name_that_looks_like_a_record_boundary_falls_back():
    records = [{"name": 'a"}, {"name": x'}, {"name": "b", "inputs": [{"name": 1}, {"name": 2}]}]
    assert json.loads(report._records(records)) == records
    assert report._records(records).count("\n    ") == 2  # still one record per line


def test_gc_is_paused_while_rendering_and_restored():
    assert gc.isenabled()
    with tables.gc_paused():
        assert not gc.isenabled()
        with tables.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with tables.gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
