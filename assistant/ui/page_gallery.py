"""Thư viện ví dụ: browse exemplars and past plans, compare a school's row with them, start a demo plan."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..controller import WizardController
from ..gallery import KIND_LABELS, GalleryItem
from ..level4 import code_label, level4_code, row_key
from .common import key, md

SHOWN = 25  # examples drawn at once; the rest are counted
KINDS = {"exemplar": "Ví dụ mẫu", "seed": "Kế hoạch thực tế của các trường", "user": "Kế hoạch của trường đã lưu"}
ALL = ""


def render(ctl: WizardController, *, on_demo: Any = None) -> None:
    """Draw the gallery; ``on_demo`` runs after a demonstration plan is opened (the UI shell's navigation)."""
    st.subheader("Thư viện ví dụ")
    st.caption("Các hàng kế hoạch mẫu, kèm lý do vì sao là ví dụ tốt và yêu cầu của tiêu chí mà hàng đó đáp ứng.")
    with st.container(border=True):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown("**Trình diễn không cần dữ liệu của trường**  \n"
                      "Mở một kế hoạch minh họa từ báo cáo tự đánh giá mẫu (Trường THCS, Thông tư 18/2018) "
                      "để giới thiệu toàn bộ các bước.")
        right.button("Mở kế hoạch minh họa", key="start_demo", type="primary", icon=":material/school:",
                     on_click=_demo, args=(ctl, on_demo), width="stretch")
    browse_tab, compare_tab = st.tabs(["Xem ví dụ", "So sánh với kế hoạch của trường"])
    with browse_tab:
        _browse(ctl)
    with compare_tab:
        _compare(ctl)


def _demo(ctl: WizardController, on_demo: Any) -> None:
    if ctl.start_demo() and on_demo is not None:
        on_demo()


def _browse(ctl: WizardController) -> None:
    catalog = ctl.services.catalog
    frameworks = [f.id for f in catalog.frameworks]
    names = {f.id: f.name for f in catalog.frameworks}
    a, b, c = st.columns(3)
    fw_key = key(ctl, "gallery_framework")
    if st.session_state.get(fw_key) not in frameworks:
        st.session_state[fw_key] = ctl.gallery_framework()
    framework_id = a.selectbox("Bộ tiêu chí", frameworks, key=fw_key, format_func=names.__getitem__)
    framework = catalog.get(framework_id)
    standards = [ALL, *(s.code for s in framework.standards)]
    std_titles = {s.code: f"Tiêu chuẩn {s.code}. {s.title}" for s in framework.standards} | {ALL: "Tất cả tiêu chuẩn"}
    standard = b.selectbox("Tiêu chuẩn", standards, key=key(ctl, f"gallery_std_{framework_id}"),
                           format_func=std_titles.__getitem__)
    criteria = [ALL, *(cr.code for cr in framework.criteria if not standard or cr.standard == standard)]
    counts = ctl.gallery_facets(framework_id, tuple(KINDS))["criteria"]
    crit_titles = {cr.code: f"{cr.code}. {cr.title} ({counts.get(cr.code, 0)})" for cr in framework.criteria}
    criterion = c.selectbox("Tiêu chí", criteria, key=key(ctl, f"gallery_crit_{framework_id}_{standard}"),
                            format_func=lambda code: crit_titles.get(code, "Tất cả tiêu chí"))
    left, right = st.columns([2, 1])
    kinds = left.multiselect("Loại", list(KINDS), default=["exemplar"], key=key(ctl, "gallery_kinds"),
                             format_func=KINDS.__getitem__)
    text = right.text_input("Tìm theo từ", key=key(ctl, "gallery_text"), placeholder="thư viện, nhà vệ sinh…")
    items = ctl.gallery_browse(framework_id, standard, criterion, kinds, text)
    st.caption(f"Tìm thấy {len(items)} hàng" + (f"; hiện {SHOWN} hàng đầu." if len(items) > SHOWN else "."))
    for item in items[:SHOWN]:
        _item(item)


def _item(item: GalleryItem) -> None:
    row = item.row
    title = f"Tiêu chí {_code(row)} – {item.criterion_title} · {item.kind_label}"
    if row.school_type or row.school_year:
        title += f" · {row.school_type} {row.school_year}".rstrip()
    with st.expander(title):
        if row.why:
            st.success("Vì sao là ví dụ tốt: " + md(row.why), icon=":material/thumb_up:")
        if item.serves_text:
            st.markdown("**Đáp ứng yêu cầu của tiêu chí:**")
            for line in item.serves_text:
                st.markdown(f"- {md(line)}")
        for label, value in _fields(row):
            st.markdown(f"**{label}:** {md(value)}")
        st.caption(f"Nguồn: {md(row.source or KIND_LABELS.get(row.kind, row.kind))}")


def _code(row: Any) -> str:
    """A corpus row's criterion as the user reads it ("3.4", or "Mức 4 số 2" in the Mức 4 band)."""
    return code_label(level4_code(int(row.criterion)) if row.band == "4" and row.criterion.isdigit() else row.criterion)


def _fields(row: Any) -> list[tuple[str, str]]:
    from ..gallery import FIELDS

    out = []
    for name, label in FIELDS:
        value = getattr(row, name)
        text = "; ".join(value) if isinstance(value, tuple) else str(value)
        if text:
            out.append((label, text))
    return out


def _compare(ctl: WizardController) -> None:
    sids = ctl.review.accepted_ids(ctl.state.selected) if ctl.framework is not None else []
    if not sids:
        st.info("Chưa có hàng kế hoạch nào được chấp nhận để so sánh. Hãy mở kế hoạch minh họa hoặc duyệt đề xuất "
                "ở bước 5.", icon=":material/info:")
        return

    def label(sid: str) -> str:
        row = ctl.review.row(sid)
        return f"Tiêu chí {code_label(row_key(row))}: {(row.target or row.content or '')[:80]}"

    sid = st.selectbox("Hàng kế hoạch của trường", sids, key=key(ctl, "gallery_compare_sid"), format_func=label)
    result = _comparison(ctl, sid)
    if result is None or not result.matches:
        return
    for match in result.matches:
        with st.container(border=True):
            st.markdown(f"**{md(match.item.kind_label)}: tiêu chí {md(_code(match.item.row))}** "
                        f"(độ gần: {match.score:.2f})")
            if match.item.row.why:
                st.caption(f"Vì sao là ví dụ tốt: {md(match.item.row.why)}")
            mine, theirs = st.columns(2)
            mine.markdown("**Hàng của trường**")
            theirs.markdown("**Ví dụ**")
            for pair in match.fields:
                mine.markdown(f"*{pair.label}*  \n{md(pair.draft) or '—'}")
                theirs.markdown(f"*{pair.label}*  \n{md(pair.example) or '—'}")
            if match.hints:
                st.markdown("**Điều ví dụ làm rõ hơn:**")
                for hint in match.hints:
                    st.markdown(f"- {md(hint)}")


def _comparison(ctl: WizardController, sid: str) -> Any:
    """The comparison for a row, computed again only when the row changes."""
    cache: dict[tuple[Any, ...], Any] = st.session_state.setdefault("_gallery_compare", {})
    stamp = (ctl.draft_id, sid, str(ctl.review.row(sid)))
    if stamp not in cache:
        cache.clear()
        cache[stamp] = ctl.gallery_compare(sid)
    return cache[stamp]
