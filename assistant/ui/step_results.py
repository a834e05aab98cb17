"""Step 3 — Kết quả đánh giá: levels per criterion (editable), a chart per standard, the school level."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ..catalog import school_level, standard_level
from ..controller import WizardController
from ..domain import Framework, ParsedReport
from .common import key, level_label, nav_buttons

WEAKNESS_SEPARATOR = "; "
COLUMNS = {"code": "Tiêu chí", "title": "Tên tiêu chí", "tdg": "Mức TĐG", "dgn": "Mức ĐGN", "weak": "Điểm yếu (TĐG)"}


def report_framework(ctl: WizardController) -> Framework | None:
    """The framework the reports were written against (may differ from the plan's, e.g. 2018 -> TT57)."""
    report = ctl.state.tdg or ctl.state.dgn
    if report is not None and report.framework_id:
        return ctl.services.catalog.get(report.framework_id)
    return ctl.framework


def level_options(framework: Framework) -> list[str]:
    """Labels a level cell can take."""
    return [level_label(level) for level in range(0, framework.top_level + 1)]


def _from_label(text: Any) -> int | None:
    if not text or text == "—":
        return None
    return 0 if str(text).startswith("Chưa") else int(str(text).split()[-1])


def table_rows(framework: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None) -> list[dict[str, Any]]:
    """One row per criterion of the framework with both reports' levels and the TĐG weaknesses."""
    rows = []
    for criterion in framework.criteria:
        a = tdg.assessment(criterion.code) if tdg else None
        b = dgn.assessment(criterion.code) if dgn else None
        rows.append({
            "code": criterion.code, "title": criterion.title,
            "tdg": level_label(a.level) if a else "—", "dgn": level_label(b.level) if b else "—",
            "weak": WEAKNESS_SEPARATOR.join(a.weaknesses) if a else "",
        })
    return rows


def apply_level_edits(ctl: WizardController, base: list[dict[str, Any]], after: list[dict[str, Any]]) -> bool:
    """Send the cells the user changed to the controller; True when something changed."""
    changed = False
    for before, now in zip(base, after, strict=False):
        code = before["code"]
        if now["tdg"] != before["tdg"]:
            changed |= ctl.edit_assessment(code, level=_from_label(now["tdg"]), kind="tdg")
        if now["dgn"] != before["dgn"] and ctl.state.dgn is not None:
            changed |= ctl.edit_assessment(code, level=_from_label(now["dgn"]), kind="dgn")
        if (now["weak"] or "") != before["weak"]:
            parts = [w.strip() for w in str(now["weak"] or "").split(";")]
            changed |= ctl.edit_assessment(code, weaknesses=[w for w in parts if w], kind="tdg")
    return changed


def render(ctl: WizardController) -> None:
    """Draw step 3."""
    st.subheader("3. Kết quả đánh giá", anchor=False)
    framework = report_framework(ctl)
    if ctl.state.tdg is None or framework is None:
        st.info("Chưa có báo cáo tự đánh giá. Hãy tải báo cáo ở bước 2.", icon=":material/info:")
        nav_buttons(ctl, back=2, forward=None)
        return
    st.caption("Kiểm tra mức của từng tiêu chí như trợ lý đã đọc; nếu đọc sai, sửa trực tiếp trong bảng "
               "(bấm đúp vào ô). Thay đổi được lưu ngay.")
    _levels_summary(ctl, framework)
    base = table_rows(framework, ctl.state.tdg, ctl.state.dgn)
    widget = key(ctl, f"results_{st.session_state.get('_results_rev', 0)}")
    options = level_options(framework)
    shown = ["code", "title", "tdg", "dgn", "weak"] if ctl.state.dgn is not None else ["code", "title", "tdg", "weak"]
    edited = st.data_editor(
        pd.DataFrame(base), key=widget, hide_index=True, num_rows="fixed", width="stretch", height=420,
        disabled=["code", "title"], column_order=shown,
        column_config={
            "code": st.column_config.TextColumn(COLUMNS["code"], width=70),
            "title": st.column_config.TextColumn(COLUMNS["title"], width=260),
            "tdg": st.column_config.SelectboxColumn(COLUMNS["tdg"], options=options, width=120),
            "dgn": st.column_config.SelectboxColumn(COLUMNS["dgn"], options=options, width=120),
            "weak": st.column_config.TextColumn(COLUMNS["weak"], width="large",
                                                help="Các ý cách nhau bằng dấu chấm phẩy (;)."),
        },
    )
    if apply_level_edits(ctl, base, edited.to_dict("records")) or st.session_state.get(widget, {}).get("edited_rows"):
        # the table is redrawn from the controller under a new key, so edits are never applied twice
        st.session_state["_results_rev"] = st.session_state.get("_results_rev", 0) + 1
        st.rerun()
    _chart(framework, ctl.state.tdg, ctl.state.dgn)
    nav_buttons(ctl, back=2, forward=4)


def _levels(report: ParsedReport | None) -> dict[str, int]:
    if report is None:
        return {}
    return {a.criterion: a.level for a in report.assessments if a.level is not None}


def _levels_summary(ctl: WizardController, framework: Framework) -> None:
    columns = st.columns(3)
    for column, (label, report) in zip(columns, (("TĐG", ctl.state.tdg), ("ĐGN", ctl.state.dgn)), strict=False):
        if report is None:
            column.metric(f"Mức của trường ({label})", "—", help="Chưa tải báo cáo này.")
            continue
        computed = school_level(framework, _levels(report))
        stated = level_label(report.overall_level)
        column.metric(f"Mức của trường ({label})", level_label(computed),
                      help=f"Tính từ mức của các tiêu chí trong bảng dưới đây. Báo cáo ghi: {stated}.")
    weak = sum(1 for a in ctl.state.tdg.assessments if a.weaknesses) if ctl.state.tdg else 0
    columns[2].metric("Tiêu chí có nêu điểm yếu", weak)


def chart_data(framework: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None) -> pd.DataFrame:
    """Level of each standard by TĐG and ĐGN (the lowest criterion level; 0 when not even Mức 1)."""
    rows = []
    for std in framework.standards:
        row: dict[str, Any] = {"Tiêu chuẩn": f"Tiêu chuẩn {std.code}"}
        for label, report in (("TĐG", tdg), ("ĐGN", dgn)):
            if report is not None:
                row[label] = standard_level(framework, std.code, _levels(report)) or 0
        rows.append(row)
    return pd.DataFrame(rows)


def _chart(framework: Framework, tdg: ParsedReport | None, dgn: ParsedReport | None) -> None:
    import altair as alt

    st.markdown("**Mức đạt theo từng tiêu chuẩn**")
    data = chart_data(framework, tdg, dgn)
    series = [c for c in ("TĐG", "ĐGN") if c in data.columns]
    long = data.melt(id_vars="Tiêu chuẩn", value_vars=series, var_name="Báo cáo", value_name="Mức")
    chart = alt.Chart(long).mark_bar(cornerRadiusTopLeft=3, cornerRadiusTopRight=3).encode(
        x=alt.X("Tiêu chuẩn:N", sort=None, axis=alt.Axis(labelAngle=0, title=None)),
        xOffset=alt.XOffset("Báo cáo:N", sort=series),
        y=alt.Y("Mức:Q", scale=alt.Scale(domain=[0, framework.top_level]),
                axis=alt.Axis(values=list(range(framework.top_level + 1)), format="d")),
        color=alt.Color("Báo cáo:N", sort=series, legend=alt.Legend(orient="top", title=None),
                        scale=alt.Scale(domain=series, range=["#1f5fbf", "#f0883e"][: len(series)])),
        tooltip=["Tiêu chuẩn", "Báo cáo", "Mức"],
    ).properties(height=240)
    st.altair_chart(chart, width="stretch")
    st.caption("Mức của một tiêu chuẩn là mức thấp nhất của các tiêu chí trong tiêu chuẩn đó; 0 là chưa đạt Mức 1.")
