"""Assembling the plan document from the accepted rows: header, purposes, bases, organisation,
monitoring (TT57) and recipients, pre-filled the way the seed plans and Biểu 2 do it.

The texts are the sector's stock phrasing (domain.md §6.2, §8.3; tt57-2026.md §4); the bases cite
the circular of the plan's own framework, so a plan can never cite TT17 with TT18's title.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.text import school_year_bounds

from ..domain import (
    Framework,
    Generation,
    MonitoringRow,
    OrganisationItem,
    Plan,
    PlanHeader,
    PlanRow,
    PriorityIssue,
    SchoolProfile,
    SchoolType,
)

GUIDANCE = {
    "MN": "Công văn số 5942/BGDĐT-QLCL ngày 28/12/2018 của Bộ Giáo dục và Đào tạo hướng dẫn tự đánh giá và "
    "đánh giá ngoài trường mầm non",
    "PT": "Công văn số 5932/BGDĐT-QLCL ngày 28/12/2018 của Bộ Giáo dục và Đào tạo hướng dẫn tự đánh giá và "
    "đánh giá ngoài cơ sở giáo dục phổ thông",
}
TT22 = (
    "Thông tư số 22/2024/TT-BGDĐT ngày 10/12/2024 của Bộ trưởng Bộ Giáo dục và Đào tạo sửa đổi, bổ sung một "
    "số điều của các Quy định ban hành kèm theo Thông tư số 17/2018/TT-BGDĐT, Thông tư số 18/2018/TT-BGDĐT "
    "và Thông tư số 19/2018/TT-BGDĐT"
)
DISTRICT_ABOLISHED_YEAR = 2025  # district-level Phòng GD&ĐT ended on 01/7/2025


def _head(school_type: SchoolType) -> tuple[str, str]:
    """The head and deputy titles of this school type."""
    if school_type == SchoolType.GDTX:
        return "Giám đốc trung tâm", "Phó giám đốc trung tâm"
    return "Hiệu trưởng", "Phó hiệu trưởng"


def default_organisation(framework: Framework, school_type: SchoolType) -> tuple[OrganisationItem, ...]:
    """"Tổ chức thực hiện" pre-filled by role, as the seed plans and Biểu 2 (mục VII) assign duties."""
    head, deputy = _head(school_type)
    when = ("theo bảng theo dõi (cuối học kỳ I, cuối năm học)" if framework.generation == Generation.G2026
            else "định kỳ cuối học kỳ I và cuối năm học")
    items = [
        OrganisationItem(role=f"{head} – Chủ tịch Hội đồng tự đánh giá", duties=(
            "Phê duyệt và chỉ đạo tổ chức thực hiện kế hoạch; phân công nhiệm vụ cụ thể cho từng bộ phận, cá "
            "nhân; bố trí nguồn lực; kiểm tra, đánh giá kết quả thực hiện định kỳ và điều chỉnh kịp thời.")),
        OrganisationItem(role=deputy, duties=(
            f"Giúp {head.lower()} chỉ đạo thực hiện các nội dung cải tiến thuộc lĩnh vực được phân công; theo "
            "dõi tiến độ, tổng hợp kết quả và minh chứng, báo cáo định kỳ.")),
        OrganisationItem(role="Các thành viên Hội đồng tự đánh giá", duties=(
            "Thực hiện các nội dung cải tiến được phân công; thu thập, bổ sung thông tin, minh chứng; cập nhật "
            "kết quả cải tiến vào báo cáo tự đánh giá.")),
        OrganisationItem(role="Tổ giám sát kế hoạch cải tiến chất lượng", duties=(
            f"Giám sát việc thực hiện kế hoạch; báo cáo kết quả giám sát {when}, kiến nghị {head.lower()} "
            "điều chỉnh khi cần.")),
        OrganisationItem(role="Tổ trưởng chuyên môn, tổ trưởng tổ văn phòng", duties=(
            "Xây dựng kế hoạch của tổ gắn với các nội dung cải tiến được giao; tổ chức thực hiện, đánh giá và "
            "báo cáo kết quả theo tiến độ.")),
        OrganisationItem(role="Cán bộ, giáo viên, nhân viên", duties=(
            "Thực hiện nghiêm túc các nhiệm vụ được phân công trong kế hoạch; đề xuất giải pháp, phản ánh khó "
            "khăn, vướng mắc để kịp thời điều chỉnh.")),
    ]
    return tuple(items)


def purposes(framework: Framework, school_year: str) -> tuple[str, ...]:
    """Mục đích, yêu cầu: the stock sentences with the plan's own year (seed 002 mixed two years)."""
    if framework.generation == Generation.G2026:
        return (
            "Xác định các vấn đề ưu tiên cần cải tiến từ kết quả tự đánh giá; triển khai các giải pháp cải tiến "
            f"chất lượng giáo dục trong năm học {school_year}; tăng cường quản trị, sử dụng hiệu quả nguồn lực và "
            "thực hiện trách nhiệm giải trình.",
            "a) Tập trung, khả thi, hiệu quả, phù hợp với điều kiện thực tế của nhà trường;",
            "b) Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí mà tập trung vào các vấn đề ưu tiên;",
            "c) Nêu rõ nội dung, mục tiêu, biện pháp, thời gian, nguồn lực, trách nhiệm và kết quả cần đạt;",
            "d) Gắn với kế hoạch năm học và kế hoạch phát triển nhà trường;",
            "đ) Có cơ chế theo dõi, đánh giá và điều chỉnh trong quá trình thực hiện.",
        )
    return (
        f"Xây dựng kế hoạch cải tiến chất lượng giáo dục để thực hiện trong năm học {school_year} nhằm phát huy "
        "điểm mạnh, khắc phục điểm yếu, từng bước nâng cao chất lượng giáo dục của nhà trường.",
        "Kế hoạch phải cụ thể, khả thi, phù hợp với điều kiện thực tế của nhà trường và địa phương.",
        "Duy trì và nâng cao mức đạt được của các tiêu chí, tiêu chuẩn; chuẩn bị cho đánh giá ngoài và công nhận "
        "trường đạt chuẩn quốc gia.",
    )


def bases(framework: Framework, school_type: SchoolType, school_year: str, *, tdg_period: str = "",
          has_dgn: bool = False) -> tuple[str, ...]:
    """Căn cứ xây dựng kế hoạch, citing the circular of the plan's framework with its own title."""
    period = f" ({tdg_period})" if tdg_period else ""
    if framework.generation == Generation.G2026:
        external = ("Báo cáo đánh giá ngoài của Đoàn đánh giá ngoài;",) if has_dgn else ()
        return (
            f"Báo cáo tự đánh giá năm học của nhà trường{period};",
            "Kết quả rà soát việc thực hiện kế hoạch cải tiến chất lượng năm học trước;",
            f"Kế hoạch năm học {school_year} và phương hướng phát triển của nhà trường;",
            *external,
            f"{framework.title}.",
        )
    guidance = GUIDANCE["MN" if SchoolType.MN in framework.school_types else "PT"]
    out = [f"Báo cáo tự đánh giá của nhà trường{period};"]
    if has_dgn:
        out.append("Báo cáo đánh giá ngoài của Đoàn đánh giá ngoài;")
    out += [
        f"{framework.title};",
        f"{TT22};",
        f"{guidance};",
        "Kết quả thực hiện kế hoạch cải tiến chất lượng năm học trước;",
        "Chủ trương, định hướng, giải pháp trọng tâm của địa phương, ngành và nhà trường.",
    ]
    return tuple(out)


def recipients(school_type: SchoolType, school_year: str) -> tuple[str, ...]:
    """Nơi nhận: the commune for MN/TH/THCS after 7/2025 (the Phòng before), the Sở for THPT."""
    first, _ = school_year_bounds(school_year)
    if school_type in (SchoolType.THPT, SchoolType.PTNCH, SchoolType.GDTX):
        upper = "Sở Giáo dục và Đào tạo (để báo cáo);"
    elif first >= DISTRICT_ABOLISHED_YEAR:
        upper = "Ủy ban nhân dân xã/phường (để báo cáo);"
    else:
        upper = "Phòng Giáo dục và Đào tạo (để báo cáo);"
    council = () if school_type == SchoolType.GDTX else ("Hội đồng trường;",)
    return (upper, *council, "Các bộ phận, cá nhân được phân công;", "Website nhà trường;", "Lưu: VT, hồ sơ KĐCL.")


def monitoring(framework: Framework, school_type: SchoolType) -> tuple[MonitoringRow, ...]:
    """TT57 mục VI: at least two reviews a year, at the end of term I and of the school year."""
    if framework.generation != Generation.G2026:
        return ()
    head, _ = _head(school_type)
    reviewer = f"{head}; Tổ giám sát kế hoạch cải tiến chất lượng"
    return (
        MonitoringRow(when="Cuối học kỳ I", content="Tiến độ, kết quả thực hiện các hoạt động cải tiến trong học "
                      "kỳ I; thông tin, minh chứng đã thu thập", reviewer=reviewer),
        MonitoringRow(when="Cuối năm học", content="Mức độ hoàn thành mục tiêu, chỉ số của từng vấn đề ưu tiên; "
                      "căn cứ cập nhật báo cáo tự đánh giá và kế hoạch năm học sau", reviewer=reviewer),
    )


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def build_plan(
    profile: SchoolProfile,
    framework: Framework,
    accepted_rows: Sequence[PlanRow],
    issues: Sequence[PriorityIssue],
    organisation: Sequence[OrganisationItem],
    school_year: str,
    *,
    tdg_period: str = "",
    has_dgn: bool = False,
) -> Plan:
    """The whole plan: 2018 rows in catalogue order; TT57 rows in priority order with section IV."""
    tt57 = framework.generation == Generation.G2026
    rows = tuple(accepted_rows) if tt57 else tuple(sorted(accepted_rows, key=lambda r: (r.band, _code_key(r.criterion))))
    abbr = f"/KH-{profile.abbreviation}" if profile.abbreviation else "/KH"
    header = PlanHeader(
        managing_body=profile.managing_body,
        school_name=profile.name,
        school_type=profile.school_type,
        number=f"…{abbr}",
        place=profile.place,
        school_year=school_year,
        framework_id=framework.id,
        circular_cited=framework.title,
    )
    return Plan(
        header=header,
        rows=rows,
        priority_issues=tuple(issues) if tt57 else (),
        organisation=tuple(organisation) or default_organisation(framework, profile.school_type),
        monitoring=monitoring(framework, profile.school_type),
        purposes=purposes(framework, school_year),
        bases=bases(framework, profile.school_type, school_year, tdg_period=tdg_period, has_dgn=has_dgn),
        recipients=recipients(profile.school_type, school_year),
        signer_title=profile.signer_title,
        signer_name=profile.signer,
    )
