"""``caitien corpus``: the school's own past plans, corpus statistics, the bundled seed rows.

* ``corpus add FILE...`` parses each plan and appends its rows to the user corpus
  (``<data dir>/corpus/rows.jsonl``, outside the package so it survives upgrades), skipping rows
  already there (same framework, criterion and action text);
* ``corpus stats`` counts bundled and user rows by framework, criterion and source;
* ``corpus build-seeds SEED_DIR`` regenerates ``corpus/data/seed_rows.jsonl`` from the seed plans.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from corpus.schema import CorpusRow, write_rows

from ..errors import CaitienError, InputError

USER_FILE = "rows.jsonl"
PLAN_SUFFIXES = (".txt", ".docx", ".pdf")


def register(sub: Any) -> None:
    """Add ``corpus`` and its sub-commands."""
    p = sub.add_parser("corpus", help="Kho kế hoạch mẫu: thêm kế hoạch của trường, thống kê, dựng lại dữ liệu mẫu.")
    inner = p.add_subparsers(dest="corpus_command", metavar="VIỆC")
    add = inner.add_parser("add", help="Thêm các kế hoạch cũ của trường vào kho riêng.")
    add.add_argument("files", nargs="+", type=Path, help="Các tệp kế hoạch (.docx, .pdf, .txt).")
    add.add_argument("--framework", help="Bộ tiêu chí của các kế hoạch nếu kế hoạch không dẫn thông tư.")
    add.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    add.set_defaults(handler=run_add)
    stats = inner.add_parser("stats", help="Số hàng trong kho theo bộ tiêu chí, tiêu chí và nguồn.")
    stats.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    stats.set_defaults(handler=run_stats)
    build = inner.add_parser("build-seeds", help="Dựng lại corpus/data/seed_rows.jsonl từ các kế hoạch mẫu.")
    build.add_argument("seed_dir", type=Path, help="Thư mục chứa các kế hoạch mẫu.")
    build.add_argument("-o", "--output", type=Path, help="Tệp kết quả (mặc định: corpus/data/seed_rows.jsonl).")
    build.set_defaults(handler=run_build_seeds)
    p.set_defaults(handler=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


# ---- add ---------------------------------------------------------------------------------------


def _rows_of(path: Path, framework: str | None) -> tuple[list[CorpusRow], list[str]]:
    """Corpus rows of one plan file and the plan's warnings."""
    from ..corpus_build import plan_rows_to_corpus, plan_source
    from ..plans import read_plan
    from ..services import get_catalog, get_settings
    from .parse_plan import read_file

    if framework:
        get_catalog().get(framework)  # an unknown id is reported with the list of known ones
    data = read_file(path)
    plan = read_plan(data, path.name, get_catalog(), max_bytes=get_settings().max_upload_mb * 1024 * 1024)
    if not plan.rows:
        raise InputError(f"Tệp “{path.name}” không có hàng kế hoạch nào để thêm.", " ".join(plan.warnings))
    chosen = framework or plan.header.framework_id
    if not chosen:
        raise InputError(
            f"Không xác định được bộ tiêu chí của kế hoạch “{path.name}” (kế hoạch không dẫn thông tư).",
            "Hãy chạy lại với --framework, ví dụ --framework tt18-2018.",
        )
    prefix = "user-" + hashlib.sha1(data).hexdigest()[:10]
    rows = plan_rows_to_corpus(
        plan, source=plan_source(plan, path.name), source_file=path.name, kind="user", framework=chosen, id_prefix=prefix
    )
    return rows, list(plan.warnings)


def run_add(args: argparse.Namespace) -> int:
    """Parse each file and append its new rows to the user corpus."""
    from corpus.loader import load_bundled_rows, load_user_rows

    from ..corpus_build import new_rows
    from ..services import get_settings
    from . import emit_json

    folder = get_settings().user_corpus_dir
    existing = [*load_bundled_rows(), *load_user_rows(folder)]
    report: list[dict[str, Any]] = []
    failed = 0
    for path in args.files:
        try:
            rows, warnings = _rows_of(path, args.framework)
        except CaitienError as exc:
            failed += 1
            sys.stderr.write(f"Lỗi: {exc}\n")
            report.append({"file": str(path), "added": 0, "duplicates": 0, "error": str(exc)})
            continue
        kept, dropped = new_rows(rows, existing)
        _append(folder / USER_FILE, kept)
        existing.extend(kept)
        report.append({"file": str(path), "added": len(kept), "duplicates": dropped, "warnings": warnings})
        if not args.json:
            print(f"{path.name}: đã thêm {len(kept)} hàng, bỏ qua {dropped} hàng trùng.")
    if args.json:
        emit_json({"corpus": str(folder / USER_FILE), "files": report})
    return 2 if failed else 0


def _append(path: Path, rows: list[CorpusRow]) -> None:
    """Append rows to a JSON Lines file (created with its folder when missing)."""
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n")


# ---- stats -------------------------------------------------------------------------------------


def corpus_stats(rows: list[CorpusRow]) -> dict[str, Any]:
    """Counts of rows by kind, framework, criterion (per framework) and source."""
    by_criterion: dict[str, Counter[str]] = {}
    for row in rows:
        key = row.criterion if row.band == "1-3" else f"Mức 4 – {row.criterion}"
        by_criterion.setdefault(row.framework, Counter())[key] += 1
    return {
        "total": len(rows),
        "by_kind": dict(sorted(Counter(r.kind for r in rows).items())),
        "by_framework": dict(sorted(Counter(r.framework for r in rows).items())),
        "by_criterion": {f: dict(sorted(c.items(), key=lambda kv: _code_key(kv[0]))) for f, c in sorted(by_criterion.items())},
        "by_source": dict(Counter(r.source or r.kind for r in rows).most_common()),
    }


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.replace("Mức 4 – ", "99.").split(".") if p.isdigit())


def run_stats(args: argparse.Namespace) -> int:
    """Print the corpus statistics."""
    from corpus.loader import load_bundled_rows, load_user_rows

    from ..services import get_settings
    from . import emit_json

    rows = [*load_bundled_rows(), *load_user_rows(get_settings().user_corpus_dir)]
    stats = corpus_stats(rows)
    if args.json:
        emit_json(stats)
        return 0
    print(f"Tổng số hàng: {stats['total']} ({', '.join(f'{k}: {v}' for k, v in stats['by_kind'].items())})")
    for framework, count in stats["by_framework"].items():
        criteria = stats["by_criterion"][framework]
        print(f"{framework:<22} {count:>5} hàng, {len(criteria)} tiêu chí")
    print("Theo nguồn:")
    for source, count in stats["by_source"].items():
        print(f"  {count:>5}  {source}")
    return 0


# ---- build-seeds -------------------------------------------------------------------------------


def run_build_seeds(args: argparse.Namespace) -> int:
    """Parse every plan of the seed folder and rewrite the bundled seed rows."""
    from corpus.loader import BUNDLED_DATA

    from ..corpus_build import plan_rows_to_corpus, plan_source
    from ..plans import read_plan
    from ..services import get_catalog

    folder: Path = args.seed_dir
    if not folder.is_dir():
        raise InputError(f"Không tìm thấy thư mục “{folder}”.", "Hãy chỉ ra thư mục chứa các kế hoạch mẫu.")
    rows: list[CorpusRow] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES):
        plan = read_plan(path.read_bytes(), path.name, get_catalog())
        found = plan_rows_to_corpus(plan, source=plan_source(plan, path.name), source_file=path.name, kind="seed")
        rows.extend(found)
        note = f" — {plan.warnings[-1]}" if not found and plan.warnings else ""
        print(f"{path.name}: {len(found)} hàng{note}")
    output = args.output or BUNDLED_DATA / "seed_rows.jsonl"
    count = write_rows(output, rows)
    print(f"Đã ghi {count} hàng vào {output}.")
    return 0
