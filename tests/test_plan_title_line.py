"""The plan title found when the text layer runs it onto the place/date line or splits it."""

from __future__ import annotations

import pytest

from assistant.catalog import Catalog
from assistant.errors import NotAPlanError
from assistant.plan_formats.detect import document_kind
from assistant.plans import read_plan

TITLE_WARNING = "Không thấy tiêu đề"

HEAD = (
    "UBND PHƯỜNG HÒA BÌNH\n"
    "TRƯỜNG TIỂU HỌC HÒA BÌNH\n"
    "Số: 112/KH-THHB\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
)
BODY = (
    "Căn cứ Thông tư số 17/2018/TT-BGDĐT ngày 22/8/2018 của Bộ trưởng Bộ Giáo dục và Đào tạo;\n"
    "Trường Tiểu học Hòa Bình xây dựng kế hoạch như sau:\n"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _warnings(text: str, catalog: Catalog) -> list[str]:
    return [w for w in read_plan(text.encode("utf-8"), "plan.txt", catalog).warnings if TITLE_WARNING in w]


@pytest.mark.parametrize(
    "title",
    [
        "Hòa Bình, ngày 06 tháng 10 năm 2025 KẾ HOẠCH\nCải tiến chất lượng giáo dục năm học 2025 - 2026\n",
        "Hòa Bình, ngày 06 tháng 10 năm 2025\nKẾ HOẠCH\nCải tiến chất lượng giáo dục năm học 2025 - 2026\n",
        "Hòa Bình, ngày 6 tháng 10 năm 2025 KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC\nNăm học 2025 - 2026\n",
        "Hòa Bình, ngày 06 tháng 10 năm 2025\nKẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC NĂM HỌC 2025 - 2026\n",
    ],
)
def test_title_on_or_below_the_date_line_is_found(title: str, catalog: Catalog) -> None:
    assert _warnings(HEAD + title + BODY, catalog) == []


@pytest.mark.parametrize(
    "line",
    [
        "Căn cứ kế hoạch cải tiến năm trước, nhà trường rà soát các tiêu chí.",
        "Hòa Bình, ngày 06 tháng 10 năm 2025 căn cứ kế hoạch cải tiến năm trước",
    ],
)
def test_sentence_mentioning_the_plan_is_not_a_title(line: str, catalog: Catalog) -> None:
    text = HEAD + "Hòa Bình, ngày 06 tháng 10 năm 2025\n" + line + "\n" + BODY
    assert document_kind(text.split("\n")) == "other"
    with pytest.raises(NotAPlanError, match="không thấy tiêu đề"):
        read_plan(text.encode("utf-8"), "plan.txt", catalog)
