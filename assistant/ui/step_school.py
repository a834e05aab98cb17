"""Step 1 — Trường: the school, the school year, the framework (suggested), the target, the signer."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..controller import WizardController
from ..domain import SCHOOL_TYPE_LABELS, TARGET_LABELS, SchoolType
from .common import bind, key, nav_buttons, value_of

TEXT_FIELDS = (
    ("name", "Tên trường", "Ví dụ: Trường THCS Thanh Xương"),
    ("managing_body", "Cơ quan chủ quản", "Ví dụ: UBND xã Thanh Xương"),
    ("address", "Địa chỉ", "Thôn, xã/phường, tỉnh/thành phố"),
    ("place", "Địa danh ghi ở đầu văn bản", "Ví dụ: Thanh Xương"),
    ("abbreviation", "Tên viết tắt của trường (trong số hiệu văn bản)", "Ví dụ: THCSTX"),
    ("signer", "Người ký (Hiệu trưởng)", "Họ và tên"),
)


def school_years(today: date | None = None) -> list[str]:
    """A few school years around today, the coming one first among the later ones."""
    today = today or date.today()
    start = today.year if today.month >= 6 else today.year - 1
    return [f"{y}-{y + 1}" for y in range(start - 2, start + 4)]


def _set(ctl: WizardController, field: str, widget_key: str) -> None:
    ctl.set_profile(**{field: value_of(widget_key)})


def render(ctl: WizardController) -> None:
    """Draw step 1."""
    profile = ctl.state.profile
    st.subheader("1. Thông tin nhà trường", anchor=False)
    st.caption("Các thông tin này được ghi vào phần đầu của kế hoạch. Mọi thay đổi được lưu ngay.")
    left, right = st.columns(2)
    for index, (field, label, hint) in enumerate(TEXT_FIELDS):
        column = left if index % 2 == 0 else right
        k = bind(key(ctl, f"p_{field}"), getattr(profile, field))
        column.text_input(label, key=k, placeholder=hint, on_change=_set, args=(ctl, field, k))

    left, right = st.columns(2)
    k = bind(key(ctl, "p_school_type"), profile.school_type)
    left.selectbox("Loại trường", list(SchoolType), key=k, format_func=lambda t: SCHOOL_TYPE_LABELS[t],
                   on_change=_set, args=(ctl, "school_type", k))
    years = school_years()
    if profile.school_year and profile.school_year not in years:
        years = sorted({*years, profile.school_year})
    k = bind(key(ctl, "p_school_year"), profile.school_year or None)
    right.selectbox("Năm học của kế hoạch", years, key=k, placeholder="Chọn năm học",
                    on_change=_set, args=(ctl, "school_year", k))
    _framework(ctl)
    k = bind(key(ctl, "p_target"), profile.target)
    st.selectbox("Mục tiêu của nhà trường", list(TARGET_LABELS), key=k, format_func=lambda t: TARGET_LABELS[t],
                 on_change=_set, args=(ctl, "target", k),
                 help="Dùng để chọn các tiêu chí cần nâng mức ở bước 4.")
    nav_buttons(ctl, back=None, forward=2)


def _framework(ctl: WizardController) -> None:
    profile = ctl.state.profile
    frameworks = ctl.services.catalog.frameworks
    suggested = ctl.suggest_framework()
    ids = [f.id for f in frameworks]
    names = {f.id: f.name + (" (đề xuất)" if suggested and f.id == suggested.id else "") for f in frameworks}
    k = bind(key(ctl, "p_framework_id"), profile.framework_id or None)
    st.selectbox("Bộ tiêu chí đánh giá", ids, key=k, format_func=lambda i: names[i], placeholder="Chọn năm học trước",
                 on_change=_set, args=(ctl, "framework_id", k))
    if suggested is not None:
        st.caption(
            f"Với năm học {profile.school_year}, trường {profile.school_type.label.lower()} dùng "
            f"{suggested.name}. Từ năm học 2026-2027 áp dụng Thông tư 57/2026/TT-BGDĐT."
        )
