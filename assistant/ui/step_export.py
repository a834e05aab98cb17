"""Step 7 — Xuất: the check summary (what the plan does not cover yet), then the downloads."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..controller import ExportFile, WizardController
from ..domain import Generation
from ..level4 import code_label, row_key
from .common import key, md, nav_buttons

FORMATS = (
    ("docx", "Tải kế hoạch Word (.docx)", ":material/description:"),
    ("xlsx", "Tải bảng theo dõi Excel (.xlsx)", ":material/table_view:"),
    ("json", "Tải tệp dữ liệu (.json)", ":material/data_object:"),
)
TEMPLATES = {"2018": "Mẫu 2018 (bảng 9 cột)", "tt57": "Biểu 2 – Thông tư 57/2026 (bảng 10 cột)"}


def _file(ctl: WizardController, fmt: str, template: str, appendix: bool) -> ExportFile | None:
    """The export for the current state, built once per change of the draft (cached in the session)."""
    cache: dict[tuple[Any, ...], ExportFile | None] = st.session_state.setdefault("_exports", {})
    stamp = (ctl.draft_id, ctl.revision, fmt, template, appendix)
    if stamp not in cache:
        if len(cache) > 6:  # keep only recent versions of the files
            cache.clear()
        cache[stamp] = ctl.export(fmt, appendix=appendix, template=template)  # type: ignore[arg-type]
    return cache[stamp]


def render(ctl: WizardController) -> None:
    """Draw step 7."""
    st.subheader("7. Kiểm tra và xuất kế hoạch", anchor=False)
    framework = ctl.framework
    if framework is None:
        st.info("Hãy hoàn thành bước 1 trước.", icon=":material/info:")
        nav_buttons(ctl, back=6, forward=None)
        return
    _summary(ctl)
    st.divider()
    st.markdown("**Tải kế hoạch về máy**")
    left, right = st.columns(2)
    default = "tt57" if framework.generation == Generation.G2026 else "2018"
    template = left.selectbox("Mẫu văn bản", list(TEMPLATES), index=list(TEMPLATES).index(default),
                              format_func=TEMPLATES.__getitem__, key=key(ctl, "template"))
    appendix = right.checkbox("Kèm phụ lục nhật ký duyệt (ai duyệt, khi nào)", key=key(ctl, "appendix"))
    columns = st.columns(len(FORMATS))
    for column, (fmt, label, icon) in zip(columns, FORMATS, strict=True):
        exported = _file(ctl, fmt, template, appendix)
        if exported is None:
            column.button(label, key=f"dl_{fmt}", disabled=True, icon=icon, width="stretch")
            continue
        column.download_button(label, data=exported.data, file_name=exported.name, mime=exported.mime,
                               key=f"dl_{fmt}", icon=icon, type="primary" if fmt == "docx" else "secondary",
                               on_click="ignore", width="stretch")
    st.caption("Tệp .json lưu toàn bộ bản nháp để gửi cho Hội đồng góp ý hoặc mở lại trên máy khác.")
    nav_buttons(ctl, back=6, forward=None)


def _summary(ctl: WizardController) -> None:
    coverage = ctl.coverage()
    plan = ctl.plan()
    rows = len(plan.rows) if plan else 0
    total = len(ctl.state.selected)
    a, b, c = st.columns(3)
    a.metric("Số hàng trong kế hoạch", rows)
    b.metric("Tiêu chí đã có nội dung", f"{total - len(coverage.uncovered_criteria) if coverage else 0}/{total}")
    c.metric("Khuyến nghị ĐGN chưa đưa vào", len(coverage.uncovered_recommendations) if coverage else 0)
    if coverage is None:
        return
    if coverage.complete:
        st.success("Mọi tiêu chí cần cải tiến và mọi khuyến nghị đều đã có nội dung trong kế hoạch.",
                   icon=":material/verified:")
    for finding in coverage.findings:
        st.warning(finding.message, icon=":material/warning:")
    problems = [(plan.rows[i], r) for i, results in enumerate(coverage.row_results) for r in results] if plan else []
    if problems:
        with st.expander(f"{len(problems)} lưu ý về các hàng của kế hoạch"):
            for row, result in problems:
                st.markdown(f"- Tiêu chí {md(code_label(row_key(row)))}: {md(result.message)}")
