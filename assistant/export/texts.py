"""Standard Vietnamese wording of the plan's fixed sections, used when the plan leaves them empty.

The drafting step normally fills purposes, bases, organisation and recipients; a plan imported from
JSON or typed by hand may not, and the exported document must still be complete and correct (in
particular it must cite the circular that matches the framework, which the seed plans got wrong).
"""

from __future__ import annotations

import re

from corpus.text import school_year_bounds

from ..domain import Framework, Generation, MonitoringRow, OrganisationItem, Plan

ARCHIVE_RECIPIENT = "Lưu: VT, hồ sơ KĐCL."

# The three 2018 circulars of the same family: citing a sibling is the seeds' commonest mistake.
_SIBLING_CIRCULAR = re.compile(r"\b(17|18|19)\s*/\s*2018\s*/\s*TT\s*-\s*BGD", re.IGNORECASE)
_CIRCULAR_NUMBER = re.compile(r"số\s+(\d+/\d{4}/TT-BGDĐT)")


def previous_year(school_year: str) -> str:
    """The school year before "2026-2027" ("2025-2026"); empty when the year is not readable."""
    try:
        first, _ = school_year_bounds(school_year)
    except ValueError:
        return ""
    return f"{first - 1}-{first}"


def _year(plan: Plan) -> str:
    return plan.header.school_year or "…………"


def citation(framework: Framework) -> str:
    """The basis line citing the framework's circular with its full official title."""
    title = framework.title or framework.circular
    return f"Căn cứ {title};"


def circular_number(framework: Framework) -> str:
    """ "18/2018/TT-BGDĐT" read from the framework title (empty when the title has none)."""
    m = _CIRCULAR_NUMBER.search(framework.title)
    return m.group(1) if m else ""


def fix_bases(bases: tuple[str, ...], framework: Framework) -> list[str]:
    """Keep the user's bases but make sure the right circular is cited, with its right title.

    A line citing a sibling 2018 circular (TT17 in a THCS plan, say) is replaced by the correct
    citation; when no line cites the framework's circular, the citation is put first.
    """
    number = circular_number(framework)
    right = citation(framework)
    short = number.split("/TT")[0]  # "18/2018"
    fixed: list[str] = []
    for line in bases:
        m = _SIBLING_CIRCULAR.search(line)
        wrong = m is not None and short.endswith("/2018") and not short.startswith(f"{m.group(1)}/")
        fixed.append(right if wrong else line)
    if short and not any(re.search(rf"\b{re.escape(short)}\b", b) for b in fixed):
        fixed.insert(0, right)
    return list(dict.fromkeys(fixed))


def default_purposes_2018(plan: Plan) -> list[str]:
    """Mục đích, yêu cầu of the 2018 template (seed 004), with the plan's own school year."""
    year = _year(plan)
    return [
        f"Xây dựng kế hoạch cải tiến chất lượng giáo dục để thực hiện trong năm học {year} nhằm đưa ra "
        "các giải pháp phát huy điểm mạnh, khắc phục điểm yếu, từng bước nâng cao chất lượng giáo dục "
        "của nhà trường.",
        "Kế hoạch phải cụ thể, khả thi, phù hợp với điều kiện thực tế của nhà trường và địa phương; mỗi "
        "nội dung cải tiến có người chủ trì, thời gian hoàn thành và kết quả cần đạt rõ ràng.",
        "Duy trì và nâng cao mức đạt của các tiêu chí, tiêu chuẩn; góp phần chuẩn bị tốt cho đánh giá "
        "ngoài và công nhận trường đạt chuẩn quốc gia.",
    ]


def default_bases_2018(plan: Plan, framework: Framework) -> list[str]:
    """Căn cứ xây dựng kế hoạch of the 2018 template, citing the framework's own circular."""
    before = previous_year(plan.header.school_year) or "trước"
    return [
        citation(framework),
        "Báo cáo tự đánh giá của nhà trường;",
        "Báo cáo đánh giá ngoài của Đoàn đánh giá ngoài (nếu có);",
        f"Kết quả thực hiện cải tiến chất lượng của nhà trường đã đạt được trong năm học {before};",
        "Chủ trương, định hướng, giải pháp trọng tâm của địa phương, ngành và nhà trường "
        f"trong năm học {_year(plan)}.",
    ]


def default_organisation_2018() -> list[OrganisationItem]:
    """Tổ chức thực hiện of the 2018 template (four roles)."""
    return [
        OrganisationItem(
            role="Hiệu trưởng - Chủ tịch Hội đồng tự đánh giá",
            duties="Xây dựng kế hoạch, phân công và giao trách nhiệm cho các thành viên; chỉ đạo, kiểm tra "
            "việc thực hiện; định kỳ rà soát, đánh giá kết quả cải tiến chất lượng.",
        ),
        OrganisationItem(
            role="Các thành viên của Hội đồng tự đánh giá",
            duties="Thực hiện các nhiệm vụ được giao; tham mưu các giải pháp cải tiến chất lượng đối với "
            "các tiêu chí được phân công phụ trách.",
        ),
        OrganisationItem(
            role="Tổ giám sát kế hoạch cải tiến chất lượng",
            duties="Giám sát việc thực hiện kế hoạch theo tiến độ; báo cáo định kỳ và kiến nghị dựa trên "
            "kết quả giám sát.",
        ),
        OrganisationItem(
            role="Cán bộ, giáo viên, nhân viên của trường",
            duties="Thực hiện các nhiệm vụ được phân công theo yêu cầu của Chủ tịch Hội đồng tự đánh giá.\n"
            "Tham gia giám sát kế hoạch cải tiến chất lượng của nhà trường theo đúng tiến độ.",
        ),
    ]


def default_purposes_tt57() -> list[str]:
    """Mục đích of Biểu 2 (TT57/2026)."""
    return [
        "Xác định các vấn đề ưu tiên cần cải tiến từ kết quả tự đánh giá của nhà trường.",
        "Triển khai các hoạt động, giải pháp cải tiến cụ thể, khả thi nhằm nâng cao chất lượng giáo dục.",
        "Tăng cường năng lực quản trị, hiệu quả sử dụng nguồn lực và trách nhiệm giải trình của nhà trường.",
    ]


TT57_REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("a", "Kế hoạch có trọng tâm, khả thi, hiệu quả, phù hợp với điều kiện thực tế của nhà trường;"),
    ("b", "Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí mà tập trung vào các vấn đề ưu tiên;"),
    (
        "c",
        "Xác định rõ nội dung, mục tiêu, biện pháp, thời gian, nguồn lực, trách nhiệm thực hiện và "
        "kết quả cần đạt;",
    ),
    ("d", "Gắn với kế hoạch năm học và kế hoạch phát triển của nhà trường;"),
    ("đ", "Có cơ chế theo dõi, đánh giá và điều chỉnh trong quá trình thực hiện."),
)

TT57_REPORTING: tuple[tuple[str, str], ...] = (
    (
        "a",
        "Việc thực hiện kế hoạch được rà soát, đánh giá ít nhất 02 lần trong năm học (cuối học kỳ I "
        "và cuối năm học);",
    ),
    (
        "b",
        "Kết quả thực hiện kế hoạch là căn cứ để cập nhật báo cáo tự đánh giá và xây dựng kế hoạch "
        "cải tiến chất lượng của năm học tiếp theo;",
    ),
    ("c", "Kết quả thực hiện được công khai, minh bạch, bảo đảm trách nhiệm giải trình của nhà trường."),
)


def default_bases_tt57(plan: Plan, framework: Framework) -> list[str]:
    """Căn cứ of Biểu 2: the circular, the TĐG report, last year's review, the year plan."""
    before = previous_year(plan.header.school_year) or "trước"
    return [
        citation(framework),
        f"Báo cáo tự đánh giá của nhà trường năm học {before};",
        f"Kết quả rà soát việc thực hiện kế hoạch cải tiến chất lượng năm học {before};",
        f"Kế hoạch giáo dục năm học {_year(plan)} và phương hướng phát triển của nhà trường.",
    ]


def default_organisation_tt57() -> list[OrganisationItem]:
    """Tổ chức thực hiện of Biểu 2 (three parts)."""
    return [
        OrganisationItem(
            role="Hiệu trưởng",
            duties="Chỉ đạo chung; phân công nhiệm vụ, bố trí nguồn lực thực hiện kế hoạch; chủ trì rà "
            "soát, đánh giá kết quả thực hiện ít nhất 02 lần trong năm học.",
        ),
        OrganisationItem(
            role="Hội đồng tự đánh giá",
            duties="Theo dõi, giám sát việc thực hiện các nội dung cải tiến; tổng hợp kết quả, đề xuất điều "
            "chỉnh kế hoạch khi cần thiết; cập nhật kết quả vào báo cáo tự đánh giá.",
        ),
        OrganisationItem(
            role="Các tổ chuyên môn, tổ văn phòng và bộ phận liên quan",
            duties="Xây dựng kế hoạch của tổ, bộ phận để triển khai các hoạt động được phân công; báo cáo "
            "kết quả thực hiện kèm minh chứng theo tiến độ.",
        ),
    ]


def default_monitoring() -> list[MonitoringRow]:
    """The two review points of Biểu 2 section VI."""
    content = "Tiến độ và kết quả thực hiện các hoạt động cải tiến; mức độ đạt chỉ số đánh giá"
    reviewer = "Hiệu trưởng, Hội đồng tự đánh giá"
    return [
        MonitoringRow(when="Cuối học kỳ I", content=content, reviewer=reviewer),
        MonitoringRow(when="Cuối năm học", content=content, reviewer=reviewer),
    ]


def default_recipients(plan: Plan, framework: Framework) -> list[str]:
    """Nơi nhận: the managing body (to report to), the school's own bodies, the archive."""
    body = plan.header.managing_body.strip()
    first = f"{body} (để b/c);" if body else "Cơ quan quản lý trực tiếp (để b/c);"
    council = "Hội đồng trường;" if framework.generation == Generation.G2018 else "Hội đồng tự đánh giá;"
    return [first, council, "Các bộ phận, cá nhân được phân công;", "Website nhà trường;", ARCHIVE_RECIPIENT]
