"""``caitien export SOURCE -o OUT``: write a plan as .docx, .xlsx or .json.

SOURCE is a plan .json file (written by this command or the app) or the id of a saved draft.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import Framework, Plan
from ..errors import CaitienError, InputError


def register(sub: Any) -> None:
    """Add the sub-command."""
    p = sub.add_parser(
        "export",
        help="Xuất kế hoạch (tệp .json hoặc bản nháp đã lưu) ra .docx, .xlsx hoặc .json.",
        description="Xuất kế hoạch ra văn bản Word theo mẫu, bảng Excel theo dõi hoặc tệp JSON.",
    )
    p.add_argument("source", metavar="NGUỒN", help="Tệp kế hoạch .json hoặc mã bản nháp đã lưu.")
    p.add_argument(
        "-o", "--output", required=True, metavar="TỆP", help="Tệp kết quả: .docx, .xlsx hoặc .json."
    )
    p.add_argument(
        "--template", choices=("2018", "tt57"), help="Mẫu văn bản Word (mặc định theo bộ tiêu chí)."
    )
    p.add_argument("--framework", metavar="MÃ", help="Bộ tiêu chí, khi kế hoạch chưa ghi (vd. tt18-2018).")
    p.add_argument("--letterhead", metavar="TỆP.docx", help="Tệp Word chứa phần tiêu đề riêng của đơn vị.")
    p.add_argument(
        "--appendix", action="store_true",
        help="Kèm phụ lục nhật ký duyệt đề xuất (chỉ với bản nháp đã lưu, xuất .docx).",
    )
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    p.set_defaults(handler=run)


def load_source(source: str) -> Plan:
    """The plan in a .json file, or the plan of a saved draft."""
    path = Path(source)
    if path.suffix.lower() in (".docx", ".doc", ".pdf", ".xlsx", ".txt"):
        raise InputError(
            f"«{path.name}» không phải tệp kế hoạch .json.",
            "Lệnh export nhận tệp .json do caitien xuất ra hoặc mã một bản nháp đã lưu.",
        )
    if path.suffix.lower() == ".json" or path.is_file():
        if not path.is_file():
            raise InputError(
                f"Không tìm thấy tệp «{source}».", "Hãy kiểm tra lại đường dẫn tệp kế hoạch .json."
            )
        from ..export import plan_from_json

        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                f"Tệp «{path.name}» không phải văn bản UTF-8.", "Hãy chọn tệp .json do caitien xuất ra."
            ) from None
        return plan_from_json(text)
    return _draft_plan(source)


def _draft_plan(draft_id: str) -> Plan:
    """The plan of a saved draft (the store is imported only when a draft is asked for)."""
    from ..services import get_settings

    try:
        from ..store import DraftStore
    except ImportError:
        raise CaitienError(
            "Chưa có kho bản nháp trong bản cài đặt này.", "Hãy xuất từ tệp kế hoạch .json."
        ) from None
    db_path = get_settings().db_path
    if not db_path.exists():
        raise InputError(
            f"Không có bản nháp «{draft_id}»: chưa có bản nháp nào được lưu.",
            "Hãy mở ứng dụng để soạn kế hoạch, hoặc xuất từ tệp .json.",
        )
    try:
        return DraftStore(db_path).plan(draft_id)
    except CaitienError:
        raise
    except (KeyError, LookupError, ValueError) as exc:
        raise InputError(
            f"Không tìm thấy bản nháp «{draft_id}».", "Dùng mã bản nháp đúng hoặc một tệp kế hoạch .json."
        ) from exc


def resolve_framework(plan: Plan, framework_id: str | None) -> Framework:
    """The framework named on the command line, in the plan, or suggested by school type and year."""
    from ..services import get_catalog

    catalog = get_catalog()
    wanted = framework_id or plan.header.framework_id
    if wanted:
        return catalog.get(wanted)
    found = None
    if plan.header.school_type and plan.header.school_year:
        found = catalog.suggest(plan.header.school_type, plan.header.school_year)
    if found is None:
        raise CaitienError(
            "Kế hoạch không ghi bộ tiêu chí và không suy ra được từ loại trường, năm học.",
            "Thêm --framework, ví dụ --framework tt18-2018.",
        )
    return found


def run(args: argparse.Namespace) -> int:
    """Export the plan and report where it went."""
    from ..export import export_as, format_for

    fmt = format_for(args.output)
    plan = load_source(args.source)
    framework = resolve_framework(plan, args.framework)
    letterhead = None
    if args.letterhead:
        path = Path(args.letterhead)
        if not path.is_file():
            raise InputError(
                f"Không tìm thấy tệp mẫu tiêu đề «{args.letterhead}».", "Kiểm tra lại đường dẫn."
            )
        letterhead = path.read_bytes()
    appendix = _decision_records(args.source) if args.appendix else None
    data = export_as(plan, framework, fmt, template=args.template, letterhead=letterhead, appendix=appendix)
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise CaitienError(
            f"Không ghi được tệp «{out}»: {exc.strerror or exc}.",
            "Hãy đóng tệp nếu đang mở trong Word/Excel, hoặc chọn thư mục khác.",
        ) from None
    if args.json:
        from . import emit_json

        emit_json({"output": str(out), "format": fmt, "framework": framework.id, "rows": len(plan.rows),
                   "bytes": len(data)})  # fmt: skip
    else:
        print(f"Đã xuất kế hoạch ({len(plan.rows)} dòng, {framework.name}) ra {out}")
    return 0


def _decision_records(source: str) -> list[Any]:
    """How each row of a saved draft came to be (suggested / edited / typed, who, when)."""
    if Path(source).suffix.lower() == ".json":
        raise InputError(
            "Phụ lục nhật ký duyệt chỉ có với bản nháp đã lưu trên máy này.",
            "Dùng mã bản nháp (xem trong ứng dụng) thay cho tệp .json, hoặc bỏ --appendix.",
        )
    from ..controller import WizardController
    from ..wizard.seams import real_services

    # The controller rebuilds the review and council state of the draft exactly as the app does;
    # its models are loaded lazily, so nothing heavy happens here.
    return WizardController(real_services(), draft_id=source).decision_records()
