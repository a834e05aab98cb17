"""Realistic sample plans for export tests (and for anyone who needs a whole plan to work with).

``tt18_thcs_plan()`` is a 2018-generation THCS plan (TT18/2018) modelled on seed 002: eight rows over
four standards, two rows for one criterion, and a Mức 4 row.  ``tt57_plan()`` is a TT57/2026 phổ
thông plan with priority issues, indicators, evidence and the two review points.
"""

from __future__ import annotations

from assistant.domain import (
    MonitoringRow,
    OrganisationItem,
    Plan,
    PlanHeader,
    PlanRow,
    PriorityIssue,
    SchoolType,
)

YEAR_2018 = "2025-2026"
YEAR_TT57 = "2026-2027"


def tt18_thcs_header() -> PlanHeader:
    """Header of the TT18 sample: Trường THCS xã Thanh Xương (Điện Biên)."""
    return PlanHeader(
        managing_body="UBND xã Thanh Xương",
        school_name="Trường THCS xã Thanh Xương",
        school_type=SchoolType.THCS,
        number="166",
        place="Thanh Xương",
        date="28/09/2025",
        school_year=YEAR_2018,
        framework_id="tt18-2018",
        abbreviation="THCSTX",
    )


def tt18_rows() -> tuple[PlanRow, ...]:
    """Eight rows: 1.4, 1.6, 2.2, 3.4, 5.1 (two rows), 5.3 and the Mức 4 item 1."""
    year = YEAR_2018
    return (
        PlanRow(
            criterion="1.4",
            standard="1",
            target="Đạt Mức 3 (hiện trạng: Mức 2)",
            actions=(
                "Mỗi tổ chuyên môn đề xuất và thực hiện ít nhất 01 chuyên đề đổi mới phương pháp dạy học "
                "trong học kỳ I.",
                "Định kỳ rà soát, đánh giá hoạt động của tổ chuyên môn, tổ văn phòng sau mỗi học kỳ.",
            ),
            owners="Chủ trì: Phó hiệu trưởng; phối hợp: tổ trưởng chuyên môn, tổ trưởng tổ văn phòng",
            timeline="Tháng 10/2025 - Tháng 5/2026",
            budget="Không phát sinh",
            support="Phòng chuyên môn của UBND xã hỗ trợ dự giờ",
        ),
        PlanRow(
            criterion="1.6",
            standard="1",
            target="Đạt Mức 3 (hiện trạng: Mức 2)",
            actions=("Xây dựng kế hoạch tài chính ngắn hạn, trung hạn; công khai tài chính theo quy định.",),
            owners="Hiệu trưởng; kế toán",
            timeline="Tháng 12/2025",
            budget="Ngân sách chi thường xuyên",
        ),
        PlanRow(
            criterion="2.2",
            standard="2",
            target="100% giáo viên đạt chuẩn nghề nghiệp mức khá trở lên",
            actions=(
                "Cử 03 giáo viên tham gia bồi dưỡng nâng chuẩn trình độ đào tạo theo lộ trình.",
                "Tổ chức sinh hoạt chuyên môn theo nghiên cứu bài học mỗi tháng một lần.",
            ),
            owners="Hiệu trưởng; tổ trưởng chuyên môn",
            timeline=f"Năm học {year}",
            budget="20.000.000 đồng",
            support="Sở GDĐT mở lớp bồi dưỡng",
        ),
        PlanRow(
            criterion="3.4",
            standard="3",
            target="Đạt Mức 2 (hiện trạng: Mức 1)",
            actions=("Tham mưu UBND xã cải tạo khu vệ sinh học sinh và hệ thống nước sạch.",),
            owners="Hiệu trưởng; kế toán; nhân viên bảo vệ",
            timeline="Tháng 11/2025 - Tháng 3/2026",
            budget="150 triệu đồng (ngân sách xã và xã hội hóa)",
            support="UBND xã Thanh Xương; Ban đại diện cha mẹ học sinh",
            note="Ưu tiên",
        ),
        PlanRow(
            criterion="5.1",
            standard="5",
            target="Duy trì Mức 3",
            actions=("Rà soát kế hoạch giáo dục nhà trường, điều chỉnh nội dung dạy học phù hợp học sinh.",),
            owners="Phó hiệu trưởng; tổ trưởng chuyên môn",
            timeline="Tháng 9/2025",
            budget="Không",
        ),
        PlanRow(
            criterion="5.1",
            standard="5",
            target="Duy trì Mức 3",
            actions=("Bồi dưỡng học sinh có năng khiếu, phụ đạo học sinh gặp khó khăn trong học tập.",),
            owners="Giáo viên bộ môn; giáo viên chủ nhiệm",
            timeline="Học kỳ I và học kỳ II",
            budget="Ngân sách chi thường xuyên",
        ),
        PlanRow(
            criterion="5.3",
            standard="5",
            target="Đạt Mức 2 (hiện trạng: Mức 1)",
            actions=(
                "Cập nhật tài liệu giáo dục địa phương tỉnh Điện Biên; lồng ghép vào hoạt động trải nghiệm.",
            ),
            owners="Tổ Khoa học xã hội; nhân viên thư viện",
            timeline="Tháng 10/2025 - Tháng 4/2026",
            budget="Không phát sinh",
        ),
        PlanRow(
            criterion="1",
            band="4",
            criterion_title="Kế hoạch giáo dục tham khảo chương trình tiên tiến",
            target="Đạt tiêu chí 1 Mức 4",
            actions=(
                "Tham khảo chương trình giáo dục STEM của các nước trong khu vực khi xây dựng kế hoạch giáo dục.",
            ),
            owners="Hiệu trưởng; Phó hiệu trưởng",
            timeline="Năm học 2025-2026 và các năm tiếp theo",
            budget="Không phát sinh",
        ),
    )


def tt18_thcs_plan() -> Plan:
    """The TT18 THCS sample plan (bases cite TT18 with its own title; seed 000 got this wrong)."""
    return Plan(
        header=tt18_thcs_header(),
        rows=tt18_rows(),
        signer_name="Nguyễn Duy Quảng",
        recipients=("UBND xã Thanh Xương (để b/c)", "Hội đồng trường", "Website nhà trường", "Lưu: VT"),
    )


def tt57_header() -> PlanHeader:
    """Header of the TT57 sample: Trường Tiểu học Thanh Nưa."""
    return PlanHeader(
        managing_body="UBND xã Thanh Nưa",
        school_name="Trường Tiểu học Thanh Nưa",
        school_type=SchoolType.TH,
        number="",
        place="Thanh Xương",
        date="09/09/2026",
        school_year=YEAR_TT57,
        framework_id="tt57-2026-pho-thong",
        address="Bản Hồng Lếch Cang, xã Thanh Nưa, tỉnh Điện Biên",
    )


def tt57_issues() -> tuple[PriorityIssue, ...]:
    """Two priority issues (section IV of Biểu 2)."""
    return (
        PriorityIssue(
            standard="2",
            criteria=("2.2",),
            current_state="Mức 1 trong ba năm liên tiếp; 4/22 giáo viên chưa đạt chuẩn trình độ đào tạo.",
            limitation="Sinh hoạt chuyên môn chưa gắn với kết quả học tập của học sinh.",
            root_cause="Chưa có kế hoạch bồi dưỡng theo nhu cầu; giáo viên ở điểm trường lẻ khó tham gia.",
        ),
        PriorityIssue(
            standard="4",
            criteria=("4.1",),
            current_state="Mức 1; 3 phòng học ở điểm trường Hồng Lếch xuống cấp.",
            limitation="Thiếu thiết bị dạy học môn Tin học và Công nghệ lớp 3-5.",
            root_cause="Nguồn ngân sách hạn chế; chưa huy động được xã hội hóa.",
        ),
    )


def tt57_rows() -> tuple[PlanRow, ...]:
    """Three rows for 2.2, 4.1 and 1.4 with indicators and evidence."""
    return (
        PlanRow(
            criterion="2.2",
            standard="2",
            content="Nâng cao năng lực đội ngũ giáo viên",
            target="Đạt Mức 2",
            actions=(
                "Xây dựng kế hoạch bồi dưỡng giáo viên theo nhu cầu, ưu tiên giáo viên điểm trường lẻ.",
                "Sinh hoạt chuyên môn theo nghiên cứu bài học, mỗi tháng một lần.",
            ),
            indicators=("100% giáo viên được bồi dưỡng", "≥ 2 chuyên đề/tổ/năm học"),
            timeline="Tháng 9/2026 - Tháng 5/2027",
            owners="Phó hiệu trưởng; tổ trưởng chuyên môn",
            budget="Ngân sách chi thường xuyên",
            evidence=("Kế hoạch bồi dưỡng", "Biên bản sinh hoạt chuyên môn"),
        ),
        PlanRow(
            criterion="4.1",
            standard="4",
            content="Cải tạo phòng học và bổ sung thiết bị dạy học",
            target="Đạt Mức 1 vững chắc; chuẩn bị đạt Mức 2",
            actions=("Tham mưu UBND xã sửa chữa 3 phòng học điểm trường Hồng Lếch.",),
            indicators=("3 phòng học được sửa chữa trước tháng 1/2027",),
            timeline="Tháng 10/2026 - Tháng 1/2027",
            owners="Hiệu trưởng; kế toán",
            budget="200 triệu đồng (ngân sách xã)",
            support="Xã hội hóa từ cha mẹ học sinh",
            evidence=("Tờ trình gửi UBND xã", "Biên bản nghiệm thu"),
        ),
        PlanRow(
            criterion="1.4",
            standard="1",
            content="Theo dõi thực hiện kế hoạch cải tiến",
            target="Đạt Mức 2",
            actions=("Rà soát việc thực hiện kế hoạch cải tiến vào cuối học kỳ I và cuối năm học.",),
            indicators=("02 lần rà soát/năm học",),
            timeline="Tháng 1/2027; Tháng 5/2027",
            owners="Hội đồng tự đánh giá",
            budget="Không phát sinh",
            evidence=("Biên bản rà soát",),
        ),
    )


def tt57_plan() -> Plan:
    """The TT57 phổ thông sample plan with priority issues and review points."""
    return Plan(
        header=tt57_header(),
        rows=tt57_rows(),
        priority_issues=tt57_issues(),
        monitoring=(
            MonitoringRow(
                when="Cuối học kỳ I",
                content="Tiến độ bồi dưỡng giáo viên; sửa chữa phòng học",
                reviewer="Hiệu trưởng",
            ),
            MonitoringRow(
                when="Cuối năm học", content="Mức độ đạt các chỉ số đánh giá", reviewer="Hội đồng tự đánh giá"
            ),
        ),  # fmt: skip
        organisation=(
            OrganisationItem(
                role="Hiệu trưởng", duties="Chỉ đạo chung, phân công nhiệm vụ, bố trí nguồn lực."
            ),
            OrganisationItem(
                role="Hội đồng tự đánh giá",
                duties="Theo dõi, giám sát việc thực hiện.\nTổng hợp kết quả, đề xuất điều chỉnh kế hoạch.",
            ),
        ),
        signer_name="Lò Văn Thanh",
    )


def png_logo() -> bytes:
    """A tiny PNG logo (a red square) for letterhead tests, built without any image library."""
    import struct
    import zlib

    width = height = 16
    raw = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def letterhead_docx(*, with_table: bool = True) -> bytes:
    """A province letterhead .docx: a header table (or paragraphs), a "Số" line, a logo page header."""
    import io

    from docx import Document
    from docx.shared import Mm

    doc = Document()
    logo = io.BytesIO(png_logo())
    doc.sections[0].header.paragraphs[0].add_run().add_picture(logo, width=Mm(10))
    doc.sections[0].footer.paragraphs[0].text = "Địa chỉ: xã Thanh Xương, tỉnh Điện Biên – ĐT: 0215 3888 999"
    if with_table:
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐIỆN BIÊN\nTRƯỜNG THPT THANH XƯƠNG"
        table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        table.cell(1, 0).text = "Số:      /KH-THPTTX"
        table.cell(1, 1).text = "Điện Biên, ngày    tháng    năm 20"
    else:
        doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ THANH XƯƠNG")
        doc.add_paragraph("TRƯỜNG MẦM NON HOA BAN")
        doc.add_paragraph("")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Nội dung mẫu không được chép sang kế hoạch.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
