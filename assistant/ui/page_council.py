"""Hội đồng góp ý: council members comment on each row, the principal resolves, the file is exchanged."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..controller import WizardController
from ..council import VERDICTS, RowComment
from ..level4 import code_label
from .common import act, key, md, value_of

BADGES = {
    "Còn góp ý cần xử lý": ("orange", ":material/forum:"),
    "Đã xử lý, chờ thành viên xem lại": ("blue", ":material/hourglass_top:"),
    "Đã thống nhất": ("green", ":material/check:"),
}
INTRO = (
    "Thành viên Hội đồng chọn tên mình, đọc từng hàng của kế hoạch và ghi ý kiến **Đồng ý** hoặc **Cần sửa**. "
    "Hiệu trưởng xem các ý kiến còn mở ở từng hàng và ghi cách xử lý. Có thể góp ý ngay trên máy này, "
    "hoặc gửi tệp góp ý (.json) để thành viên góp ý trên máy khác rồi gửi lại."
)


def render(ctl: WizardController) -> None:
    """Draw the council page."""
    st.subheader("Hội đồng góp ý kế hoạch")
    st.caption(INTRO)
    _reviewer_bar(ctl)
    rows = ctl.council_rows()
    if not rows:
        st.info("Kế hoạch chưa có hàng nào được chấp nhận. Hãy duyệt đề xuất ở bước 5 trước khi mời Hội đồng góp ý.",
                icon=":material/info:")
    else:
        _summary(ctl)
        only_open = st.toggle("Chỉ hiện các hàng còn ý kiến cần xử lý", key=key(ctl, "council_only_open"))
        for number, row in enumerate(rows, start=1):
            if not only_open or row.open:
                _row_card(ctl, row, number)
    st.divider()
    _exchange(ctl)


def _reviewer_bar(ctl: WizardController) -> None:
    review = ctl.council()
    names = [r.name for r in review.reviewers]
    labels = {r.name: r.label for r in review.reviewers}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if names:
        active = ctl.active_reviewer if ctl.active_reviewer in names else names[0]
        widget = key(ctl, "council_active")
        if st.session_state.get(widget) != active:
            st.session_state[widget] = active
        left.selectbox("Người đang góp ý trên máy này", names, key=widget, format_func=labels.__getitem__,
                       on_change=_switch, args=(ctl, widget))
    else:
        left.info("Chưa có thành viên nào. Bấm “Thêm thành viên” để bắt đầu góp ý.", icon=":material/group_add:")
    with right.popover("Thêm thành viên", icon=":material/person_add:", width="stretch"):
        prefix = key(ctl, "new_reviewer")
        st.text_input("Họ và tên", key=f"{prefix}_name", placeholder="Nguyễn Thị Lan")
        st.text_input("Chức vụ", key=f"{prefix}_role", placeholder="Phó hiệu trưởng")
        st.button("Thêm", key=f"{prefix}_add", type="primary", on_click=_add_reviewer, args=(ctl, prefix))


def _switch(ctl: WizardController, widget: str) -> None:
    name = value_of(widget)
    if name:
        ctl.switch_reviewer(name)


def _add_reviewer(ctl: WizardController, prefix: str) -> None:
    if ctl.add_reviewer(value_of(f"{prefix}_name", ""), value_of(f"{prefix}_role", "")):
        st.session_state[f"{prefix}_name"] = ""
        st.session_state[f"{prefix}_role"] = ""


def _summary(ctl: WizardController) -> None:
    summary = ctl.council_summary()
    a, b, c, d = st.columns(4)
    a.metric("Thành viên góp ý", len(summary.reviewers))
    b.metric("Ý kiến", summary.comments)
    c.metric("Còn cần xử lý", summary.open)
    d.metric("Hàng đã thống nhất", f"{summary.agreed_rows}/{len(summary.rows)}")
    with st.expander("Tổng hợp theo từng hàng"):
        table = [
            {"TT": i, "Tiêu chí": code_label(ctl.review.suggestion(r.row_key).criterion), "Ý kiến": r.comments,
             "Còn mở": r.open, "Đã xử lý": r.resolved, "Đồng ý": ", ".join(r.agree) or "—",
             "Cần sửa": ", ".join(r.disagree) or "—", "Tình trạng": r.status}
            for i, r in enumerate(summary.rows, start=1)
        ]
        st.dataframe(table, hide_index=True, width="stretch")


def _row_card(ctl: WizardController, row: Any, number: int) -> None:
    with st.container(border=True, key=f"council_row_{row.key}"):
        head, badge = st.columns([5, 2])
        head.markdown(f"**{number}. Tiêu chí {md(code_label(row.criterion))}** — {md(row.row.target or row.row.content)}")
        if row.status in BADGES:
            color, icon = BADGES[row.status]
            label = f"{row.open} ý kiến cần xử lý" if row.open else row.status
            badge.badge(label, color=color, icon=icon)  # type: ignore[arg-type]
        for action in row.row.actions:
            st.markdown(f"- {md(action)}")
        details = [p for p in (row.row.owners, row.row.timeline) if p]
        if details:
            st.caption(md(" · ".join(details)))
        if row.verdicts:
            st.caption(md(" · ".join(f"{name}: {verdict}" for name, verdict in row.verdicts.items())))
        for comment in row.comments:
            _comment(ctl, comment)
        _comment_form(ctl, row.key)


def _comment(ctl: WizardController, comment: RowComment) -> None:
    icon = ":material/thumb_up:" if comment.verdict == "Đồng ý" else ":material/edit_note:"
    when = comment.at.strftime("%d/%m/%Y %H:%M")
    st.markdown(f"{icon} **{md(comment.reviewer)}** ({when}, {comment.verdict}): {md(comment.text or '—')}")
    if comment.resolved and comment.resolved_at is not None:
        st.caption(f"↳ Đã xử lý bởi {md(comment.resolved_by)} lúc {comment.resolved_at.strftime('%d/%m/%Y %H:%M')}: "
                   + md(comment.resolution))
    elif comment.is_open:
        prefix = key(ctl, f"resolve_{comment.id}")
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        left.text_input("Cách xử lý của nhà trường", key=prefix, placeholder="Đã sửa mục tiêu thành…")
        right.button("Đã xử lý", key=f"{prefix}_ok", icon=":material/task_alt:", width="stretch",
                     on_click=_resolve, args=(ctl, comment.id, prefix))


def _resolve(ctl: WizardController, comment_id: str, widget: str) -> None:
    if ctl.resolve_comment(comment_id, value_of(widget, "")):
        st.session_state[widget] = ""


def _comment_form(ctl: WizardController, row_key: str) -> None:
    if not ctl.active_reviewer:
        return
    prefix = key(ctl, f"comment_{row_key}")
    who = ctl.active_reviewer
    if ctl.council().verdict(row_key, who) != "Đồng ý":
        st.button(f"{who}: Đồng ý với hàng này", key=f"{prefix}_agree", icon=":material/thumb_up:",
                  on_click=act(ctl.set_verdict), args=(row_key, "Đồng ý"))
    with st.expander(f"Ý kiến của {who}"):
        st.radio("Đánh giá", VERDICTS, index=VERDICTS.index("Cần sửa"), key=f"{prefix}_verdict", horizontal=True)
        st.text_area("Nội dung góp ý", key=f"{prefix}_text", height=80,
                     placeholder="Ví dụ: Nên ghi rõ số đầu sách cần bổ sung và thời điểm kiểm tra.")
        st.button("Gửi ý kiến", key=f"{prefix}_send", type="primary", icon=":material/send:",
                  on_click=_send, args=(ctl, row_key, prefix))


def _send(ctl: WizardController, row_key: str, prefix: str) -> None:
    verdict = value_of(f"{prefix}_verdict", VERDICTS[0])
    if ctl.comment(row_key, value_of(f"{prefix}_text", ""), verdict):
        st.session_state[f"{prefix}_text"] = ""


def _exchange(ctl: WizardController) -> None:
    st.markdown("**Góp ý trên máy khác**")
    st.caption("Tải tệp góp ý gửi cho thành viên Hội đồng. Thành viên mở ứng dụng, nhập tệp này, ghi ý kiến rồi "
               "tải tệp góp ý của mình gửi lại; nhà trường nhập tệp nhận về để gộp các ý kiến.")
    left, right = st.columns(2)
    exported = _export_file(ctl)
    if exported is not None:
        left.download_button("Tải tệp góp ý (.json)", data=exported.data, file_name=exported.name,
                             mime=exported.mime, key="council_download", icon=":material/download:",
                             on_click="ignore", width="stretch")
    widget = key(ctl, "council_upload")
    uploaded = right.file_uploader("Nhập tệp góp ý nhận về", type=["json"], key=widget)
    if uploaded is not None and st.session_state.get(f"{widget}_done") != uploaded.file_id:
        st.session_state[f"{widget}_done"] = uploaded.file_id
        ctl.import_review(uploaded.getvalue(), uploaded.name)
        st.rerun()
    st.caption("Khi xuất Word ở bước 7, chọn “Kèm phụ lục nhật ký duyệt” để in kèm ý kiến của Hội đồng.")


def _export_file(ctl: WizardController) -> Any:
    cache: dict[tuple[Any, ...], Any] = st.session_state.setdefault("_council_exports", {})
    # the export is an intent (it moves the revision on), so the stamp is what the file is made of
    stamp = (ctl.draft_id, str(ctl.state.council), str(ctl.review.accepted_rows(ctl.state.selected)),
             str(ctl.state.profile))
    if stamp not in cache:
        cache.clear()
        cache[stamp] = ctl.export_review()
    return cache[stamp]
