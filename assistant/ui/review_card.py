"""One suggestion in step 5: the row (read or edit mode), its checks, its sources, its buttons."""

from __future__ import annotations

import streamlit as st

from ..controller import WizardController
from ..domain import PlanRow, Suggestion
from ..level4 import code_label
from .common import act, md, value_of

# (field, label, one item per line?) in the order of each template's columns
FIELDS_2018 = (
    ("target", "Kết quả cần đạt", False),
    ("actions", "Công việc/giải pháp cần thực hiện", True),
    ("owners", "Chủ trì và phối hợp thực hiện", False),
    ("timeline", "Thời gian thực hiện và hoàn thành", False),
    ("budget", "Dự kiến kinh phí", False),
    ("support", "Điều kiện hỗ trợ khác", False),
    ("evidence", "Minh chứng dự kiến", True),
)
FIELDS_TT57 = (
    ("content", "Nội dung cải tiến", False),
    ("target", "Mục tiêu cải tiến", False),
    ("actions", "Hoạt động/giải pháp", True),
    ("indicators", "Chỉ số đánh giá kết quả", True),
    ("timeline", "Thời gian thực hiện", False),
    ("owners", "Đơn vị/cá nhân phụ trách", False),
    ("budget", "Nguồn lực bảo đảm", False),
    ("evidence", "Thông tin, dữ liệu hoặc minh chứng dự kiến", True),
)
STATUS = {
    "pending": ("Chờ duyệt", "gray"),
    "accept": ("Đã chấp nhận", "green"),
    "edit": ("Đã sửa và chấp nhận", "blue"),
    "reject": ("Đã bỏ qua", "red"),
}


def _editing_key(sid: str) -> str:
    return f"_dang_sua_{sid}"


def _start_edit(ctl: WizardController, sid: str, fields: tuple[tuple[str, str, bool], ...]) -> None:
    row = ctl.review.row(sid)
    for name, _, multiline in fields:
        value = getattr(row, name)
        st.session_state[f"f_{sid}_{name}"] = "\n".join(value) if multiline else value
    st.session_state[_editing_key(sid)] = True


def _save_edit(ctl: WizardController, sid: str, names: list[str]) -> None:
    if ctl.edit(sid, {name: value_of(f"f_{sid}_{name}", "") for name in names}):
        st.session_state[_editing_key(sid)] = False


def _cancel_edit(sid: str) -> None:
    st.session_state[_editing_key(sid)] = False


def render_card(ctl: WizardController, suggestion: Suggestion, number: int, *, tt57: bool) -> None:
    """Draw one suggestion card."""
    sid = suggestion.id
    fields = FIELDS_TT57 if tt57 else FIELDS_2018
    status = ctl.review.status(sid)
    with st.container(border=True, key=f"card_{sid}"):
        if status == "reject" and not st.session_state.get(_editing_key(sid)):
            _rejected(ctl, suggestion, number, fields)
            return
        left, right = st.columns([3, 2], gap="medium")
        with left:
            label, color = STATUS[status]
            extra = " · gợi ý thêm" if ctl.review.is_alternative(sid) else ""
            typed = " · do trường tự ghi" if suggestion.provenance.drafter == "typed" else ""
            st.markdown(f"**Phương án {number}** :{color}-badge[{label}]{extra}{typed}")
            if st.session_state.get(_editing_key(sid)):
                _edit_form(ctl, sid, fields)
            else:
                _row_view(ctl.review.row(sid), fields)
                _checks(ctl, sid)
                _buttons(ctl, sid, status, fields)
        with right:
            _sources(ctl, suggestion)


def _rejected(ctl: WizardController, suggestion: Suggestion, number: int,
              fields: tuple[tuple[str, str, bool], ...]) -> None:
    """A rejected option, folded to one line so the kept ones stand out."""
    sid = suggestion.id
    text, button = st.columns([5, 1], vertical_alignment="center")
    summary = "; ".join(ctl.review.row(sid).actions) or ctl.review.row(sid).target
    text.markdown(f"**Phương án {number}** :red-badge[Đã bỏ qua] " + md(_short(summary, 120)))
    button.button("Chấp nhận", key=f"accept_{sid}", icon=":material/check:", on_click=act(ctl.accept), args=(sid,),
                  width="stretch", help="Đưa lại phương án này vào kế hoạch")
    with st.expander("Xem chi tiết"):
        _row_view(ctl.review.row(sid), fields)
        _sources(ctl, suggestion)


def _row_view(row: PlanRow, fields: tuple[tuple[str, str, bool], ...]) -> None:
    lines = []
    for name, label, multiline in fields:
        value = getattr(row, name)
        if multiline:
            items = [v for v in value if v]
            if items:
                lines.append(f"**{label}:**  \n" + "  \n".join(f"• {md(v)}" for v in items))
        elif value:
            lines.append(f"**{label}:** {md(value)}")
    st.markdown("\n\n".join(lines) or "_(hàng trống)_")


def _checks(ctl: WizardController, sid: str) -> None:
    findings = ctl.checks_for(sid)
    if findings:
        text = "  \n".join(f":material/warning: {md(c.message)}" for c in findings[:5])
        st.caption(text)


def _buttons(ctl: WizardController, sid: str, status: str, fields: tuple[tuple[str, str, bool], ...]) -> None:
    a, b, c = st.columns(3)
    a.button("Chấp nhận", key=f"accept_{sid}", type="primary" if status == "pending" else "secondary",
             icon=":material/check:", on_click=act(ctl.accept), args=(sid,), disabled=status in ("accept", "edit"),
             width="stretch", help="Đưa phương án này vào kế hoạch đúng như gợi ý")
    b.button("Sửa", key=f"edit_{sid}", icon=":material/edit:", on_click=_start_edit, args=(ctl, sid, fields),
             width="stretch")
    c.button("Bỏ qua", key=f"reject_{sid}", icon=":material/block:", on_click=act(ctl.reject), args=(sid,),
             disabled=status == "reject", width="stretch")


def _edit_form(ctl: WizardController, sid: str, fields: tuple[tuple[str, str, bool], ...]) -> None:
    for name, label, multiline in fields:
        widget = f"f_{sid}_{name}"
        if multiline:
            st.text_area(label, key=widget, height=90, help="Mỗi ý một dòng.")
        else:
            st.text_input(label, key=widget)
    a, b = st.columns(2)
    a.button("Lưu bản sửa", key=f"save_{sid}", type="primary", icon=":material/save:", on_click=_save_edit,
             args=(ctl, sid, [f[0] for f in fields]), width="stretch")
    b.button("Hủy", key=f"cancel_{sid}", on_click=_cancel_edit, args=(sid,), width="stretch")


def _sources(ctl: WizardController, suggestion: Suggestion) -> None:
    prov = suggestion.provenance
    st.markdown("**Nguồn tham khảo**")
    if prov.drafter == "typed":
        st.caption("Hàng do nhà trường tự ghi.")
        return
    for span in prov.report_spans[:2]:
        st.caption(f":material/description: Báo cáo của trường: «{md(_short(span.text))}»")
    for src in prov.sources[:3]:
        meta = ", ".join(x for x in (src.school_type, src.school_year) if x)
        other = " · khác thế hệ tiêu chí" if src.cross_generation else ""
        st.caption(f":material/menu_book: {md(src.source)}{f' ({md(meta)})' if meta else ''}{other}  \n«{md(_short(src.text))}»")
    if prov.serves:
        st.caption(":material/flag: Đáp ứng yêu cầu: " + md(", ".join(prov.serves)))
    for old in prov.from_criteria:
        st.caption(f":material/swap_horiz: Quy đổi từ tiêu chí {md(code_label(old.criterion))} ({md(old.framework)})")
    if prov.approximate:
        st.caption("Quy đổi giữa hai bộ tiêu chí là gần đúng; hãy đọc kỹ trước khi chấp nhận.")
    if not (prov.report_spans or prov.sources or prov.serves):
        st.caption("Không có thông tin nguồn.")


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
