"""Loading and validating criteria catalogues stored as JSON data files.

Catalogues are data a user can replace or add to (a corrected TT57 transcription, a province's own
reading): the bundled ones sit in ``corpus/frameworks/``, and more can be dropped in a user folder.
Validation raises :class:`CatalogueFileError` naming the file and the line of the first problem.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLED_DIR = Path(__file__).parent / "frameworks"

# Criteria counts per standard the circulars define; a catalogue that claims one of these
# framework names must match, which catches a truncated or mis-keyed file early.
EXPECTED_COUNTS: dict[str, dict[str, list[int]]] = {
    "TT17/2018": {"TH": [10, 4, 6, 2, 5]},
    "TT18/2018": {"THCS": [10, 4, 6, 2, 6]},
    "TT19/2018": {"MN": [10, 3, 6, 2, 4]},
    "TT57/2026": {"*": [4, 3, 5, 3]},
}
TT57_MANDATORY = 8


@dataclass(frozen=True)
class CatalogueFileError(Exception):
    """A catalogue file is invalid; ``path`` and ``line`` locate the problem."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"Tệp danh mục tiêu chí {self.path} (dòng {self.line}) không hợp lệ: {self.problem}"


def catalogue_files(extra_dirs: tuple[Path, ...] = ()) -> Iterator[Path]:
    """Bundled catalogue files, then those of each extra folder (a user file overrides by id)."""
    for folder in (BUNDLED_DIR, *extra_dirs):
        if folder.is_dir():
            yield from sorted(folder.glob("*.json"))


def load_catalogue(path: Path) -> dict[str, Any]:
    """Read and validate one catalogue file; return its data with ``id`` set to the file stem."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueFileError(str(path), exc.lineno, f"JSON sai cú pháp ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise CatalogueFileError(str(path), 1, "nội dung phải là một đối tượng JSON")
    _Validator(path, text, data).run()
    data.setdefault("id", path.stem)
    return data


class _Validator:
    """Checks one catalogue's structure; each failure points at the nearest line in the file."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path, self.text, self.data = path, text, data

    def fail(self, problem: str, needle: str = "") -> None:
        line = 1
        if needle:
            idx = self.text.find(needle)
            line = self.text.count("\n", 0, idx) + 1 if idx >= 0 else 1
        raise CatalogueFileError(str(self.path), line, problem)

    def run(self) -> None:
        for key in ("framework", "school_types", "levels", "standards"):
            if key not in self.data:
                self.fail(f"thiếu khóa bắt buộc '{key}'")
        standards = self.data["standards"]
        if not isinstance(standards, list) or not standards:
            self.fail("danh sách 'standards' rỗng", '"standards"')
        seen: set[str] = set()
        for std in standards:
            self.check_standard(std, seen)
        self.check_counts()

    def check_standard(self, std: dict[str, Any], seen: set[str]) -> None:
        if not std.get("code") or not std.get("title"):
            self.fail("tiêu chuẩn thiếu mã hoặc tên", '"standards"')
        for crit in std.get("criteria", []):
            code = str(crit.get("code", ""))
            needle = f'"code": "{code}"'
            if not code or not code.startswith(f"{std['code']}."):
                self.fail(f"mã tiêu chí '{code}' không thuộc tiêu chuẩn {std['code']}", needle)
            if code in seen:
                self.fail(f"mã tiêu chí '{code}' bị trùng", needle)
            seen.add(code)
            if not str(crit.get("title", "")).strip():
                self.fail(f"tiêu chí {code} thiếu tên", needle)
            level1 = crit.get("requirements", {}).get("1") or []
            if not any(str(r.get("text", "")).strip() for r in level1):
                self.fail(f"tiêu chí {code} không có yêu cầu Mức 1", needle)
            self.check_nfc(crit, code, needle)

    def check_nfc(self, crit: dict[str, Any], code: str, needle: str) -> None:
        texts = [crit.get("title", "")] + [
            r.get("text", "") for reqs in crit.get("requirements", {}).values() for r in reqs
        ]
        if any(unicodedata.normalize("NFC", t) != t for t in texts):
            self.fail(f"tiêu chí {code} có chữ không ở dạng Unicode dựng sẵn (NFC)", needle)

    def check_counts(self) -> None:
        name = self.data["framework"]
        expected = EXPECTED_COUNTS.get(name)
        if not expected:
            return
        counts = [len(s.get("criteria", [])) for s in self.data["standards"]]
        want = next(iter(expected.values()))
        if counts != want:
            self.fail(f"số tiêu chí theo tiêu chuẩn là {counts}, {name} quy định {want}", '"standards"')
        if name.startswith("TT57"):
            mandatory = sum(bool(c.get("mandatory")) for s in self.data["standards"] for c in s["criteria"])
            if mandatory != TT57_MANDATORY:
                self.fail(f"có {mandatory} tiêu chí bắt buộc, TT57/2026 quy định {TT57_MANDATORY}")
