"""Step 2 — Báo cáo: upload the TĐG (required) and the ĐGN (optional); show what was found."""

from __future__ import annotations

import streamlit as st

from ..controller import WizardController
from ..domain import ParsedReport
from ..reports import split_notes
from .common import key, level_label, md, nav_buttons

SLOTS = (
    ("tdg", "Báo cáo tự đánh giá (TĐG) — bắt buộc"),
    ("dgn", "Báo cáo đánh giá ngoài (ĐGN) — nếu có"),
)
ACCEPTED = "Nhận tệp Word (.docx), PDF có chữ (.pdf) hoặc văn bản (.txt)."


def render(ctl: WizardController) -> None:
    """Draw step 2."""
    st.subheader("2. Tải báo cáo", anchor=False)
    st.caption(f"{ACCEPTED} Tệp được đọc ngay trên máy này, không gửi đi đâu.")
    for slot, label in SLOTS:
        with st.container(border=True):
            _slot(ctl, slot, label)
    nav_buttons(ctl, back=1, forward=3)


def _slot(ctl: WizardController, slot: str, label: str) -> None:
    st.markdown(f"**{label}**")
    widget = key(ctl, f"upload_{slot}")
    uploaded = st.file_uploader(label, key=widget, label_visibility="collapsed")
    if uploaded is not None and st.session_state.get(f"{widget}_done") != uploaded.file_id:
        st.session_state[f"{widget}_done"] = uploaded.file_id
        with st.status(f"Đang đọc “{uploaded.name}”…", expanded=False) as status:
            ok = ctl.upload_report(uploaded.getvalue(), uploaded.name, slot)  # type: ignore[arg-type]
            status.update(label="Đã đọc xong." if ok else "Không đọc được tệp này.",
                          state="complete" if ok else "error")
    report = ctl.state.report(slot)  # type: ignore[arg-type]
    if report is not None:
        name = ctl.state.tdg_name if slot == "tdg" else ctl.state.dgn_name
        _summary(ctl, report, name)


def _summary(ctl: WizardController, report: ParsedReport, name: str) -> None:
    framework = ctl.services.catalog.get(report.framework_id) if report.framework_id else None
    st.success(f"Đã đọc: {name}", icon=":material/task:")
    a, b, c = st.columns(3)
    a.metric("Bộ tiêu chí", framework.circular if framework else "Chưa rõ")
    b.metric("Số tiêu chí đọc được", len(report.assessments))
    c.metric("Mức đạt ghi trong báo cáo", level_label(report.overall_level))
    if report.school_name:
        st.markdown(f"Trường: **{md(report.school_name)}**" + (f" · Giai đoạn: {md(report.period)}" if report.period else ""))
    if report.recommendations:
        with st.expander(f"{len(report.recommendations)} khuyến nghị của đoàn đánh giá ngoài"):
            for rec in report.recommendations:
                where = f" (tiêu chí {', '.join(rec.criteria)})" if rec.criteria else ""
                st.markdown(f"- {md(rec.text)}{md(where)}")
    notes = [(a.criterion, *split_notes(a)) for a in report.assessments]
    conflicts = [(code, real) for code, real, _ in notes if real]
    unstated = [(code, missing) for code, _, missing in notes if missing]
    for warning in report.warnings:
        st.warning(warning, icon=":material/warning:")
    if conflicts:
        with st.expander(f"{len(conflicts)} tiêu chí có mức ghi không thống nhất trong báo cáo"):
            for code, texts in conflicts:
                st.markdown(f"- Tiêu chí {md(code)}: " + md("; ".join(texts)))
    if unstated:
        with st.expander(f"{len(unstated)} tiêu chí chỉ ghi “Đạt”, chưa rõ mức — hãy kiểm tra ở bước 3"):
            for code, texts in unstated:
                st.markdown(f"- Tiêu chí {md(code)}: " + md("; ".join(texts)))
