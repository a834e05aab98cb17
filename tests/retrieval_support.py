"""Shared helpers of the retrieval tests: a deterministic fake embedder and a small doc set."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from retrieval.base import Doc
from retrieval.docs import FrameworkInfo

_WORD = re.compile(r"\w+")


class AccentSensitiveEmbedder:
    """Hashes *accented* lower-case words into 64 dimensions.

    Like e5, it matches accented text well and text typed without diacritics badly (the words
    differ), which is what the fusion must compensate for.
    """

    name = "fake-accent-sensitive"
    dim = 64

    def __init__(self) -> None:
        self.passage_calls = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        for word in _WORD.findall(text.lower()):
            h = int(hashlib.md5(word.encode("utf-8")).hexdigest(), 16)
            v[h % self.dim] += 1.0 if (h >> 8) % 2 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passage_calls += len(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


FRAMEWORKS = {
    "tt17-2018": FrameworkInfo("tt17-2018", "TT17/2018", "2018", ("TH",)),
    "tt18-2018": FrameworkInfo("tt18-2018", "TT18/2018", "2018", ("THCS", "THPT", "PTNCH")),
    "tt19-2018": FrameworkInfo("tt19-2018", "TT19/2018", "2018", ("MN",)),
    "tt57-2026-pho-thong": FrameworkInfo("tt57-2026-pho-thong", "TT57/2026", "2026", ("TH", "THCS", "THPT", "PTNCH")),
    "tt57-2026-mam-non": FrameworkInfo("tt57-2026-mam-non", "TT57/2026", "2026", ("MN",)),
}


def sample_docs() -> list[Doc]:
    """A dozen docs across frameworks, criteria, school types and kinds."""
    rows = [
        ("r1", "Sửa chữa nhà vệ sinh học sinh bị xuống cấp, bổ sung nước rửa tay", "tt18-2018", "3.4", "THCS", "seed"),
        ("r2", "Bổ sung sách tham khảo cho thư viện, tổ chức ngày hội đọc sách", "tt18-2018", "3.6", "THCS", "seed"),
        ("r3", "Cử giáo viên tham gia bồi dưỡng chuyên môn, nâng chuẩn trình độ đào tạo", "tt18-2018", "2.2", "THCS", "exemplar"),
        ("r4", "Xây mới khu vệ sinh cho trẻ, lắp đặt hệ thống cấp thoát nước", "tt19-2018", "3.6", "MN", "seed"),
        ("r5", "Bếp ăn một chiều, tủ lạnh lưu mẫu thức ăn cho trẻ bán trú", "tt19-2018", "3.4", "MN", "seed"),
        ("r6", "Phối hợp với Ban đại diện cha mẹ học sinh tổ chức hoạt động ngoại khóa", "tt17-2018", "4.1", "TH", "seed"),
        ("r7", "Sửa chữa phòng học, bổ sung thiết bị dạy học và học liệu số", "tt57-2026-pho-thong", "4.1", "THCS", "exemplar"),
        ("r8", "Phòng chống bạo lực học đường, tư vấn tâm lý cho học sinh", "tt57-2026-pho-thong", "4.2", "THCS", "exemplar"),
        ("r9", "Khu vệ sinh học sinh tiểu học được cải tạo, có nước sạch", "tt17-2018", "3.4", "TH", "user"),
        ("r10", "Đội ngũ giáo viên mầm non được bồi dưỡng chuẩn nghề nghiệp", "tt19-2018", "2.2", "MN", "user"),
        ("c1", "Khu vệ sinh, hệ thống cấp thoát nước: Khu vệ sinh riêng cho nam, nữ", "tt18-2018", "3.4", "THCS THPT PTNCH", "catalogue"),
        ("c2", "Thư viện: Được trang bị sách, báo, tạp chí", "tt18-2018", "3.6", "THCS THPT PTNCH", "catalogue"),
    ]
    return [Doc(i, t, fw, c, st, k, f"nguồn {i}") for i, t, fw, c, st, k in rows]
