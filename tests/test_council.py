"""Council review: two reviewers comment, the principal resolves, the summary, the exchanged file merged."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document as open_docx

from assistant.council import CouncilReview, council_note, merge_all
from assistant.errors import InputError
from tests.issue9_support import controller, errors, start_plan, wired_state  # noqa: F401 - the fixture below

pytestmark = pytest.mark.usefixtures("wired_state")

T0 = datetime(2026, 9, 20, 8, 0)


def _at(minutes: int) -> datetime:
    return T0.replace(minute=minutes)


def _round() -> CouncilReview:
    """Two reviewers on two rows: one agrees everywhere, the other asks for two changes."""
    review = CouncilReview()
    review.add_reviewer("Trần Thị Bình", "Phó hiệu trưởng")
    review.add_reviewer("Lê Văn Cường", "Tổ trưởng chuyên môn")
    review.set_verdict("row-a", "Trần Thị Bình", "Đồng ý", at=_at(1))
    review.add_comment("row-b", "Trần Thị Bình", "Rõ ràng, khả thi.", "Đồng ý", at=_at(2), comment_id="c1")
    review.add_comment("row-a", "Lê Văn Cường", "Cần ghi rõ số đầu sách bổ sung.", "Cần sửa", at=_at(3), comment_id="c2")
    review.add_comment("row-b", "Lê Văn Cường", "Thời gian quá dài, nên chia theo học kỳ.", at=_at(4), comment_id="c3")
    return review


def test_a_review_round_with_two_reviewers() -> None:
    review = _round()
    assert [c.id for c in review.open_comments("row-a")] == ["c2"]
    assert [c.id for c in review.open_comments()] == ["c2", "c3"]  # an "Đồng ý" remark needs no answer
    assert review.verdicts("row-a") == {"Trần Thị Bình": "Đồng ý", "Lê Văn Cường": "Cần sửa"}
    summary = review.summary(["row-a", "row-b"])
    assert (summary.comments, summary.open, summary.resolved, summary.agreed_rows) == (3, 2, 0, 0)
    assert summary.agreement == pytest.approx(0.5)
    assert summary.rows[0].status == "Còn góp ý cần xử lý"

    review.resolve("c2", "Nguyễn Văn An", "Đã ghi: bổ sung 200 đầu sách tham khảo.", at=_at(10))
    review.resolve("c3", "Nguyễn Văn An", "Đã chia thành hai đợt: học kỳ I và học kỳ II.", at=_at(11))
    assert review.open_comments() == []
    assert review.summary(["row-a"]).rows[0].status == "Đã xử lý, chờ thành viên xem lại"
    review.set_verdict("row-a", "Lê Văn Cường", "Đồng ý", at=_at(12))  # the member checks the change
    after = review.summary(["row-a", "row-b"])
    assert after.rows[0].status == "Đã thống nhất" and after.rows[1].status == "Đã xử lý, chờ thành viên xem lại"
    assert (after.open, after.resolved, after.agreed_rows) == (0, 2, 1)
    assert after.text() == ("2 thành viên góp ý, 3 ý kiến; còn 0 ý kiến cần xử lý, đã xử lý 2; "
                            "1/2 hàng đã thống nhất.")
    assert council_note(review, "row-a") == "Hội đồng: Đồng ý 2/2; 1 ý kiến đã xử lý"
    assert council_note(review, "row-x") == ""


def test_bad_input_is_refused_in_vietnamese() -> None:
    review = CouncilReview()
    with pytest.raises(InputError, match="Chưa ghi tên"):
        review.add_reviewer("  ")
    review.add_reviewer("Trần Thị Bình")
    with pytest.raises(InputError, match="Chưa có thành viên"):
        review.add_comment("row-a", "Người lạ", "Ý kiến", "Đồng ý")
    with pytest.raises(InputError, match="chưa có nội dung"):
        review.add_comment("row-a", "Trần Thị Bình", "  ", "Cần sửa")
    with pytest.raises(InputError, match="Đồng ý"):
        review.set_verdict("row-a", "Trần Thị Bình", "Tạm được")
    with pytest.raises(InputError, match="Không tìm thấy ý kiến"):
        review.resolve("c-none", "Hiệu trưởng", "Đã sửa")
    review.add_comment("row-a", "Trần Thị Bình", "Sửa mục tiêu", comment_id="c1")
    with pytest.raises(InputError, match="cách xử lý"):
        review.resolve("c1", "Hiệu trưởng", " ")
    assert review.add_reviewer("Trần Thị Bình", "Phó hiệu trưởng").label == "Trần Thị Bình (Phó hiệu trưởng)"
    assert len(review.reviewers) == 1


def test_merging_two_exchanged_files_keeps_every_comment_and_the_latest_resolution() -> None:
    school = _round()
    sent = json.dumps(school.to_dict(), ensure_ascii=False)  # the file given to a member working at home
    home = CouncilReview.from_dict(json.loads(sent))
    home.add_reviewer("Phạm Thị Dung", "Chủ tịch Công đoàn")
    home.add_comment("row-a", "Phạm Thị Dung", "Nên thêm chỉ số số lượt mượn sách.", at=_at(20), comment_id="c4")
    home.resolve("c3", "Nguyễn Văn An", "Giữ nguyên vì dự án kéo dài cả năm.", at=_at(15))
    school.resolve("c3", "Nguyễn Văn An", "Đã chia theo học kỳ.", at=_at(30))  # later, at school
    school.resolve("c2", "Nguyễn Văn An", "Đã ghi số đầu sách.", at=_at(25))

    back = CouncilReview.from_dict(json.loads(json.dumps(home.to_dict(), ensure_ascii=False)))
    merged = CouncilReview.from_dict(school.to_dict())
    assert merged.merge(back) == 1  # only c4 is new
    assert [c.id for c in merged.comments()] == ["c1", "c2", "c3", "c4"]
    assert merged.comment("c3").resolution == "Đã chia theo học kỳ."  # the latest resolution wins
    assert merged.comment("c2").resolved  # resolved beats unresolved
    assert [r.name for r in merged.reviewers][-1] == "Phạm Thị Dung"
    assert merged.merge(back) == 0 and len(merged.comments()) == 4  # merging again changes nothing
    other_way = merge_all([home, school])
    assert other_way.to_dict()["comments"] == merged.to_dict()["comments"]
    assert other_way.summary(["row-a", "row-b"]) == merged.summary(["row-a", "row-b"])


def test_the_review_survives_json_and_refuses_a_foreign_file() -> None:
    review = _round()
    again = CouncilReview.from_dict(json.loads(json.dumps(review.to_dict(), ensure_ascii=False)))
    assert again.to_dict() == review.to_dict()
    assert CouncilReview.from_dict(None).comments() == []
    with pytest.raises(InputError, match="không đúng định dạng"):
        CouncilReview.from_dict({"format": "caitien-plan", "plan": {}})
    with pytest.raises(InputError, match="không hợp lệ"):
        CouncilReview.from_dict({"format": "caitien-council", "comments": [{"id": "x"}]})


# -- through the controller ------------------------------------------------------------------


def test_controller_review_round_is_autosaved_and_resumed(tmp_path: Path) -> None:
    ctl = controller(tmp_path)
    keys = start_plan(ctl)
    assert ctl.add_reviewer("Trần Thị Bình", "Phó hiệu trưởng") and ctl.active_reviewer == "Trần Thị Bình"
    first = ctl.comment(keys[0], "Cần ghi rõ số đầu sách bổ sung.", "Cần sửa")
    assert ctl.set_verdict(keys[1], "Đồng ý")
    assert ctl.add_reviewer("Lê Văn Cường", "Tổ trưởng chuyên môn") and ctl.active_reviewer == "Lê Văn Cường"
    second = ctl.comment(keys[0], "Đồng ý, nên thêm minh chứng ảnh.", "Đồng ý")
    assert ctl.switch_reviewer("Trần Thị Bình") and ctl.active_reviewer == "Trần Thị Bình"
    assert first and second and errors(ctl) == []
    rows = ctl.council_rows()
    assert [r.key for r in rows] == keys and rows[0].open == 1 and rows[1].verdicts == {"Trần Thị Bình": "Đồng ý"}

    assert ctl.resolve_comment(first, "Đã ghi: bổ sung 200 đầu sách.")
    summary = ctl.council_summary()
    assert (summary.comments, summary.open, summary.resolved) == (2, 0, 1)
    assert ctl.council().comment(first).resolved_by == "Nguyễn Văn An"  # the signer resolves

    again = type(ctl)(ctl.services, ctl.draft_id)  # a reload: everything is read back from SQLite
    assert again.council().to_dict() == ctl.council().to_dict() and again.active_reviewer == "Trần Thị Bình"

    before = ctl.state.to_dict()
    assert ctl.comment("s-none", "Sửa", "Cần sửa") is None
    assert "Không tìm thấy hàng" in errors(ctl)[0]
    assert ctl.comment(keys[0], " ", "Cần sửa") is None and "chưa có nội dung" in errors(ctl)[0]
    assert ctl.resolve_comment("c-none", "x") is False and errors(ctl)
    assert ctl.state.to_dict() == before  # refused intents change nothing


def test_the_docx_appendix_shows_origin_approver_and_council(tmp_path: Path) -> None:
    ctl = controller(tmp_path)
    keys = start_plan(ctl)
    code = ctl.state.selected[1]
    assert ctl.edit(keys[1], {"target": "Đạt Mức 2: 100% hồ sơ được rà soát"})
    assert ctl.add_row(code, {"target": "Đạt Mức 2", "actions": "Tự ghi: kiểm tra hồ sơ hằng tháng"})
    ctl.add_reviewer("Trần Thị Bình", "Phó hiệu trưởng")
    ctl.set_verdict(keys[0], "Đồng ý")
    records = ctl.decision_records()
    assert [r.origin for r in records[:3]] == ["suggested", "edited", "typed"]
    assert records[0].approved_by == "Nguyễn Văn An" and records[0].comment == "Hội đồng: Đồng ý 1/1"
    exported = ctl.export("docx", appendix=True)
    text = "\n".join(cell.text for t in open_docx(io.BytesIO(exported.data)).tables for row in t.rows
                     for cell in row.cells)
    assert "Hội đồng: Đồng ý 1/1" in text and "Đã sửa" in text and "Tự nhập" in text


def test_exchanging_the_file_between_two_machines(tmp_path: Path) -> None:
    school = controller(tmp_path / "truong")
    keys = start_plan(school)
    school.add_reviewer("Trần Thị Bình", "Phó hiệu trưởng")
    school.comment(keys[0], "Cần ghi rõ số đầu sách.", "Cần sửa")
    sent = school.export_review()
    assert sent.name.startswith("Gop-y-hoi-dong_") and sent.name.endswith(".json")

    home = controller(tmp_path / "nha")  # another machine: an empty app
    assert home.import_review(sent.data, sent.name) == 1
    assert home.state.profile.name == "Trường THCS Thanh Xương" and home.council_keys() == keys
    assert home.draft_id is not None  # the opened draft is saved on this machine too
    home.add_reviewer("Phạm Thị Dung", "Chủ tịch Công đoàn")
    home.comment(keys[1], "Nên thêm chỉ số đo kết quả.", "Cần sửa")
    home.set_verdict(keys[0], "Đồng ý")
    back = home.export_review()

    school.resolve_comment(school.council().open_comments()[0].id, "Đã ghi 200 đầu sách.")
    assert school.import_review(back.data, back.name) == 1
    merged = school.council()
    assert {r.name for r in merged.reviewers} == {"Trần Thị Bình", "Phạm Thị Dung"}
    assert [c.text for c in merged.open_comments()] == ["Nên thêm chỉ số đo kết quả."]
    assert merged.comment(merged.comments(keys[0])[0].id).resolved  # the school's resolution is kept
    assert merged.verdicts(keys[0]) == {"Trần Thị Bình": "Cần sửa", "Phạm Thị Dung": "Đồng ý"}
    assert school.import_review(back.data, back.name) == 0  # the same file twice adds nothing

    other = controller(tmp_path / "khac")
    other.set_profile(name="Trường THCS Mường Phăng", school_type="THCS", school_year="2025-2026")
    other.upload_report(b"x", "tdg.docx", "tdg")
    assert other.import_review(back.data, back.name) == 0
    assert "không phải kế hoạch đang mở" in errors(other)[0]
    assert school.import_review(b"{not json", "hong.json") == 0 and "không phải tệp góp ý" in errors(school)[0]


def _council_page() -> None:
    import streamlit as st

    from assistant.ui import page_council

    page_council.render(st.session_state["controller"])


def test_council_page_round(tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    ctl = controller(tmp_path)
    keys = start_plan(ctl)
    ctl.pop_messages()
    suffix = ctl.draft_id
    at = AppTest.from_function(_council_page, default_timeout=60)
    at.session_state["controller"] = ctl
    at.run()
    assert not at.exception and any("Chưa có thành viên" in i.value for i in at.info)
    at.text_input(key=f"new_reviewer__{suffix}_name").input("Trần Thị Bình")
    at.text_input(key=f"new_reviewer__{suffix}_role").input("Phó hiệu trưởng")
    at.button(key=f"new_reviewer__{suffix}_add").click().run()
    assert ctl.active_reviewer == "Trần Thị Bình"
    assert at.selectbox(key=f"council_active__{suffix}").value == "Trần Thị Bình"
    prefix = f"comment_{keys[0]}__{suffix}"
    at.radio(key=f"{prefix}_verdict").set_value("Cần sửa")
    at.text_area(key=f"{prefix}_text").input("Cần ghi rõ số đầu sách bổ sung.")
    at.button(key=f"{prefix}_send").click().run()
    assert not at.exception
    (comment,) = ctl.council().open_comments()
    assert comment.text == "Cần ghi rõ số đầu sách bổ sung." and comment.reviewer == "Trần Thị Bình"
    assert [m.value for m in at.metric][2] == "1"  # "Còn cần xử lý"
    at.text_input(key=f"resolve_{comment.id}__{suffix}").input("Đã ghi 200 đầu sách.")
    at.button(key=f"resolve_{comment.id}__{suffix}_ok").click().run()
    assert not at.exception and ctl.council().open_comments() == []
    assert any("Đã xử lý bởi Nguyễn Văn An" in c.value for c in at.caption)
    assert at.get("download_button")  # the exchange file is offered
