"""The exported MiniLM graphs are the fused ones, take int32 tokens, live under a cache key that
changes with the export, and run in a session with one sleeping thread per core."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from models.text.encoders import minilm_onnx

pytestmark = pytest.mark.slow  # exports MiniLM to ONNX

FUSED = {"Attention", "EmbedLayerNormalization", "SkipLayerNormalization", "BiasGelu"}


def _ops(path) -> Counter:
    import onnx

    return Counter(node.op_type for node in onnx.load(str(path), load_external_data=False).graph.node)


def test_the_fp32_graph_is_fused_by_the_transformer_optimizer(onnx_cache):
    ops = _ops(minilm_onnx.cache_dir() / minilm_onnx.FP32)
    assert set(ops) >= FUSED, ops
    assert ops["Attention"] == 6  # one per layer: no layer left on the unfused path
    assert "Softmax" not in ops and "Erf" not in ops


def test_the_int8_graph_is_quantised_from_the_fused_one(onnx_cache):
    ops = _ops(minilm_onnx.cache_dir() / minilm_onnx.INT8)
    assert ops["QAttention"] == 6
    assert ops["MatMulInteger"] > 0
    assert "MatMul" not in ops  # every matrix product has int8 weights


def test_graphs_take_int32_tokens_and_the_encoder_feeds_them(onnx_cache):
    import onnx

    for name in (minilm_onnx.FP32, minilm_onnx.INT8):
        graph = onnx.load(str(minilm_onnx.cache_dir() / name), load_external_data=False).graph
        assert {i.type.tensor_type.elem_type for i in graph.input} == {onnx.TensorProto.INT32}
    encoder = minilm_onnx.MiniLMOnnxEncoder()
    assert set(encoder._dtypes.values()) == {np.int32}
    vectors = encoder.encode(["Easy pasta recipe", "Quick pasta dinner", "Leg day workout"])
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_cache_key_names_the_export_version(onnx_cache):
    """An export made by older code (no version in its folder name) is never reused."""
    assert minilm_onnx.cache_dir().name.endswith(f"-v{minilm_onnx.EXPORT_VERSION}")
    assert minilm_onnx.cache_dir().parent == onnx_cache


def test_session_uses_one_sleeping_thread_per_core_unless_told(monkeypatch):
    import os

    monkeypatch.delenv(minilm_onnx.THREADS_ENV, raising=False)
    options = minilm_onnx.session_options()
    assert options.intra_op_num_threads == os.cpu_count()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    monkeypatch.setenv(minilm_onnx.THREADS_ENV, "1")
    assert minilm_onnx.session_options().intra_op_num_threads == 1
