"""The whole plan as JSON: to resume a draft on another machine or share it with the council.

Shape: {"format": "caitien-plan", "version": 1, "plan": {...Plan...}, "extra": {...}}.  Reading
checks the marker and version and validates every field, so a hand-edited or foreign file gives a
Vietnamese message naming the first problems instead of a traceback.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain import Plan
from ..errors import InputError

FORMAT = "caitien-plan"
VERSION = 1
MAX_JSON_CHARS = 20_000_000
_HINT = "Hãy chọn tệp .json do chức năng «Xuất kế hoạch» của caitien tạo ra."


def _default(value: Any) -> Any:
    """JSON form of the values an ``extra`` mapping may hold (dates, enums, models, paths)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Path | set | frozenset | tuple):
        return str(value) if isinstance(value, Path) else list(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def plan_to_json(plan: Plan, *, extra: dict | None = None) -> str:
    """The plan (and optional extra data such as the school profile) as indented UTF-8 JSON."""
    data = {"format": FORMAT, "version": VERSION, "plan": plan.model_dump(mode="json")}
    if extra:
        data["extra"] = extra
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"


def read_plan_json(text: str) -> tuple[Plan, dict]:
    """The plan and the ``extra`` mapping of a file written by :func:`plan_to_json`."""
    if len(text) > MAX_JSON_CHARS:
        raise InputError("Tệp kế hoạch .json quá lớn.", _HINT)
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"Tệp kế hoạch .json bị hỏng: lỗi cú pháp ở dòng {exc.lineno}, cột {exc.colno}.", _HINT
        ) from None
    if not isinstance(data, dict):
        raise InputError("Tệp .json này không chứa một kế hoạch cải tiến chất lượng.", _HINT)
    body = _plan_body(data)
    try:
        plan = Plan.model_validate(body)
    except ValidationError as exc:
        raise InputError(f"Tệp kế hoạch .json có dữ liệu không hợp lệ: {_describe(exc)}.", _HINT) from None
    extra = data.get("extra")
    return plan, extra if isinstance(extra, dict) else {}


def plan_from_json(text: str) -> Plan:
    """Read a plan written by :func:`plan_to_json`; raise :class:`InputError` for a bad file."""
    return read_plan_json(text)[0]


def _plan_body(data: dict) -> Any:
    """The plan mapping inside the envelope (a bare plan mapping is accepted too)."""
    marker = data.get("format")
    if marker is None and "plan" not in data and set(data) <= set(Plan.model_fields):
        return data
    if marker != FORMAT:
        raise InputError("Tệp .json này không phải tệp kế hoạch của caitien.", _HINT)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise InputError("Tệp kế hoạch .json không ghi rõ phiên bản định dạng.", _HINT)
    if version > VERSION:
        raise InputError(
            f"Tệp kế hoạch được tạo bởi phiên bản caitien mới hơn (định dạng {version}).",
            "Hãy cập nhật caitien lên phiên bản mới nhất rồi mở lại tệp.",
        )
    if not isinstance(data.get("plan"), dict):
        raise InputError("Tệp kế hoạch .json thiếu phần nội dung kế hoạch («plan»).", _HINT)
    return data["plan"]


def _describe(exc: ValidationError, limit: int = 3) -> str:
    """The first few validation problems as "rows → 2 → band: ..." in Vietnamese."""
    parts = []
    for err in exc.errors()[:limit]:
        where = " → ".join(str(p + 1) if isinstance(p, int) else str(p) for p in err["loc"]) or "gốc"
        parts.append(f"mục «{where}» {_reason(err['type'])}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f" (và {more} lỗi khác)" if more > 0 else "")


def _reason(kind: str) -> str:
    reasons = {
        "extra_forbidden": "không thuộc định dạng kế hoạch",
        "missing": "bị thiếu",
        "literal_error": "có giá trị không được phép",
        "enum": "có giá trị không được phép",
        "string_type": "phải là chuỗi chữ",
        "tuple_type": "phải là danh sách",
        "list_type": "phải là danh sách",
        "float_type": "phải là số",
        "greater_than_equal": "nhỏ hơn giá trị cho phép",
        "less_than_equal": "lớn hơn giá trị cho phép",
        "model_type": "phải là một đối tượng",
        "dict_type": "phải là một đối tượng",
    }
    return reasons.get(kind, "không hợp lệ")
