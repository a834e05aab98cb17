"""Năm trước và tiến độ: last year's plan and its statuses, the levels across years, the timeline."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ..controller import WizardController
from ..timeline import month_label
from ..years import CHECKPOINTS, STATUSES
from .common import act, apply_editor_changes, key, md

ACCEPTED = ["json", "docx", "pdf", "txt"]
COLUMNS = {"hk1": "Cuối học kỳ I", "cuoi_nam": "Cuối năm học"}
UNMARKED = "Chưa đánh giá"  # shown for an action not marked yet (an empty cell would read "None")


def render(ctl: WizardController) -> None:
    """Draw the page."""
    st.subheader("Năm học trước và tiến độ thực hiện")
    last, levels, months = st.tabs(["Kế hoạch năm trước", "Mức đạt qua các năm", "Tiến độ theo tháng"])
    with last:
        _last_year(ctl)
    with levels:
        _levels(ctl)
    with months:
        _timeline(ctl)


def _upload(ctl: WizardController, name: str, label: str, intent: Any, types: list[str]) -> None:
    """A file box whose file is handed to the intent once."""
    widget = key(ctl, name)
    uploaded = st.file_uploader(label, type=types, key=widget)
    if uploaded is not None and st.session_state.get(f"{widget}_done") != uploaded.file_id:
        st.session_state[f"{widget}_done"] = uploaded.file_id
        with st.spinner(f"Đang đọc “{uploaded.name}”…"):
            intent(uploaded.getvalue(), uploaded.name)
        st.rerun()


# -- last year ---------------------------------------------------------------------------------


def _last_year(ctl: WizardController) -> None:
    st.caption("Tải kế hoạch cải tiến của năm học trước (tệp .json của ứng dụng, hoặc bản Word/PDF), đánh dấu mức "
               "độ thực hiện từng hoạt động, rồi chuyển các hoạt động chưa hoàn thành sang kế hoạch năm nay.")
    _upload(ctl, "last_year_upload", "Kế hoạch năm trước", ctl.import_last_year, ACCEPTED)
    plan = ctl.last_year()
    if plan is None:
        return
    years = ", ".join(p.school_year for p in ctl.prior_plans())
    st.markdown(f"Kế hoạch năm học **{md(plan.school_year)}** ({md(plan.source_name)}) · các năm đã tải: {md(years)}")
    _status_table(ctl)
    monitoring = ctl.monitoring()
    if monitoring:
        st.markdown("**Theo dõi và đánh giá thực hiện (mục VI, Biểu 2 – Thông tư 57/2026)**")
        st.dataframe(
            [{"Thời điểm": m.when, "Nội dung theo dõi": m.content, "Kết quả thực hiện": m.result,
              "Điều chỉnh (nếu có)": m.adjustment, "Người đánh giá": m.reviewer} for m in monitoring],
            hide_index=True, width="stretch",
        )
    for flag in ctl.years_flags():
        st.warning(flag.message, icon=":material/repeat:")
    st.button("Chuyển các hoạt động chưa hoàn thành sang kế hoạch năm nay", key="carry_over", type="primary",
              icon=":material/move_down:", on_click=act(ctl.carry_over),
              help="Các hoạt động “Chưa hoàn thành” hoặc “Đang thực hiện” được thêm vào kế hoạch, thời gian chuyển "
                   "sang năm học mới; có thể sửa ở bước 5.")
    middle, right = st.columns(2)
    for column, fmt, label in ((middle, "xlsx", "Tải bản rà soát kế hoạch năm trước (.xlsx)"),
                               (right, "docx", "Tải bản rà soát kế hoạch năm trước (.docx)")):
        exported = _cached(ctl, ("last", fmt), lambda f=fmt: ctl.export_last_year(f))
        if exported is not None:
            column.download_button(label, data=exported.data, file_name=exported.name, mime=exported.mime,
                                   key=f"last_year_{fmt}", on_click="ignore", width="stretch",
                                   icon=":material/download:")


def _status_table(ctl: WizardController) -> None:
    base = [
        {"key": item.key, "criterion": item.criterion, "action": item.text, "hk1": hk1 or UNMARKED,
         "cuoi_nam": end or UNMARKED, "timeline": item.timeline, "owners": item.owners}
        for item, hk1, end in ctl.last_year_actions()
    ]
    st.markdown("**Mức độ thực hiện từng hoạt động** (cột 10 của Biểu 2) — bấm đúp vào ô để chọn")
    widget = key(ctl, f"statuses_{st.session_state.get('_status_rev', 0)}")
    options = [UNMARKED, *STATUSES]
    st.data_editor(
        pd.DataFrame(base), key=widget, hide_index=True, width="stretch", num_rows="fixed",
        disabled=["key", "criterion", "action", "owners", "timeline"],
        column_config={
            "key": st.column_config.TextColumn("TT", width="small"),
            "criterion": st.column_config.TextColumn("Tiêu chí", width="small"),
            "action": st.column_config.TextColumn("Hoạt động/giải pháp", width="large"),
            **{cp: st.column_config.SelectboxColumn(COLUMNS[cp], options=options, width="medium", required=True)
               for cp in CHECKPOINTS},
            "timeline": st.column_config.TextColumn("Thời gian", width="small"),
            "owners": st.column_config.TextColumn("Phụ trách", width="medium"),
        },
    )
    changes = st.session_state.get(widget) or {}
    if changes.get("edited_rows"):
        rows = apply_editor_changes(base, changes)
        for checkpoint in CHECKPOINTS:
            marks = {r["key"]: "" if r[checkpoint] in (UNMARKED, None) else r[checkpoint]
                     for r, b in zip(rows, base, strict=True) if r[checkpoint] != b[checkpoint]}
            if marks:
                ctl.set_statuses(marks, checkpoint)
        st.session_state["_status_rev"] = st.session_state.get("_status_rev", 0) + 1
        st.rerun()


# -- levels across years -----------------------------------------------------------------------


def _levels(ctl: WizardController) -> None:
    st.caption("Mức đạt của từng tiêu chí theo báo cáo tự đánh giá, đánh giá ngoài và mục tiêu các kế hoạch. "
               "Có thể thêm báo cáo của các năm trước.")
    _upload(ctl, "past_report_upload", "Thêm báo cáo TĐG/ĐGN năm trước", ctl.add_past_report,
            ["docx", "pdf", "txt"])
    rows = ctl.level_chart()
    if not rows:
        st.info("Chưa có dữ liệu mức đạt. Hãy tải báo cáo ở bước 2 hoặc kế hoạch năm trước.", icon=":material/info:")
        return
    codes = list(dict.fromkeys(r["Tiêu chí"] for r in rows))
    default = [c for c in ctl.state.selected if c in codes][:6] or codes[:6]
    chosen = st.multiselect("Tiêu chí", codes, default=default, key=key(ctl, "level_criteria"))
    data = pd.DataFrame([r for r in rows if r["Tiêu chí"] in chosen])
    if data.empty:
        return
    st.altair_chart(_chart(data), width="stretch")
    table = data.pivot_table(index=["Tiêu chí", "Nguồn"], columns="Năm học", values="Mức", aggfunc="max")
    st.dataframe(table.map(lambda v: "—" if pd.isna(v) else f"Mức {int(v)}"), width="stretch")


def _chart(data: pd.DataFrame) -> Any:
    """Levels per year: a line and points per criterion, dashed for plan targets."""
    import altair as alt

    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("Năm học:O", title="Năm học", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Mức:Q", title="Mức đạt", scale=alt.Scale(domain=[0, max(3, int(data["Mức"].max()))]),
                    axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("Tiêu chí:N", title="Tiêu chí"),
            strokeDash=alt.StrokeDash("Nguồn:N", title="Nguồn"),
            detail="Nguồn:N",
            tooltip=["Tiêu chí", "Nguồn", "Năm học", "Mức"],
        )
        .properties(height=300)
    )


# -- timeline ----------------------------------------------------------------------------------


def _timeline(ctl: WizardController) -> None:
    timeline = ctl.timeline()
    if timeline is None or not (timeline.items or timeline.unplaced):
        st.info("Chưa có hoạt động nào trong kế hoạch. Hãy duyệt đề xuất ở bước 5.", icon=":material/info:")
        return
    st.caption("Các hoạt động của kế hoạch theo tháng và người chủ trì (mã tiêu chí trong từng ô).")
    grid = [
        {"Người chủ trì": owner,
         **{month_label(m): ", ".join(dict.fromkeys(i.criterion for i in timeline.cell(owner, m))) for m in timeline.months}}
        for owner in timeline.owners
    ]
    st.dataframe(grid, hide_index=True, width="stretch")
    busiest = timeline.busiest()
    if busiest:
        owner, month, count = busiest
        st.caption(f"Tháng bận nhất: {month_label(month)} – {md(owner)} có {count} hoạt động cùng lúc.")
    if timeline.unplaced:
        with st.expander(f"{len(timeline.unplaced)} hoạt động chưa xác định được tháng"):
            for item in timeline.unplaced:
                note = f", {item.note}" if item.note else ""
                st.markdown(f"- Tiêu chí {md(item.criterion)}: {md(item.action)} (thời gian ghi: "
                            f"“{md(item.timeline or 'trống')}”{md(note)})")
    left, right = st.columns(2)
    for column, fmt, label in ((left, "xlsx", "Tải tiến độ (.xlsx)"), (right, "md", "Tải bảng tiến độ (.md)")):
        exported = _cached(ctl, ("timeline", fmt), lambda f=fmt: ctl.export_timeline(f))
        if exported is not None:
            column.download_button(label, data=exported.data, file_name=exported.name, mime=exported.mime,
                                   key=f"timeline_{fmt}", on_click="ignore", width="stretch",
                                   icon=":material/download:")


def _cached(ctl: WizardController, what: tuple[str, str], build: Any) -> Any:
    """A download built once per change of the draft."""
    cache: dict[tuple[Any, ...], Any] = st.session_state.setdefault("_years_exports", {})
    stamp = (ctl.draft_id, what, _fingerprint(ctl))
    if stamp not in cache:
        if len(cache) > 8:
            cache.clear()
        cache[stamp] = build()
    return cache[stamp]


def _fingerprint(ctl: WizardController) -> int:
    """Changes whenever the plan or last year's statuses change (exports are intents: they move the revision)."""
    return hash((str(ctl.state.years), str(ctl.review.accepted_rows(ctl.state.selected)),
                 str(ctl.state.profile)))
