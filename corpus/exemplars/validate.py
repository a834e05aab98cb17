"""Checks for the exemplar library (``corpus/exemplars/<framework-id>.jsonl``).

The rows are hand-written data; this module only checks them against the catalogues:
coverage (every criterion and Mức 4 item has enough rows), titles, requirement references,
timelines inside the school year, owner roles and measurable wording.  It belongs to the
corpus layer, so it reads catalogues and roles as raw data and imports nothing from
``assistant``.

Run ``python -m corpus.exemplars.validate [FRAMEWORK_ID ...]`` to print every problem found.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from corpus.catalogues import BUNDLED_DIR, load_catalogue
from corpus.schema import CorpusRow, read_rows
from corpus.text import fold, school_year_bounds

EXEMPLAR_DIR = Path(__file__).resolve().parent
ROLES_FILE = EXEMPLAR_DIR.parent / "vocab" / "roles.json"
MIN_ROWS = 3
MAX_ACTIONS = 3
SCHOOL_YEAR_END_MONTH = 8  # a plan year runs from August of its first year to August of the next
VAGUE_PHRASES = ("tăng cường", "nâng cao")

_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{4})\b")
_YEAR_PAIR = re.compile(r"\b(\d{4})\s*[-–—/]\s*(\d{4})\b")
_YEAR = re.compile(r"\b(20\d{2})\b")
_RANGE_GAP = re.compile(r"^\s*(?:tháng\s*)?[-–—]\s*(?:tháng\s*)?$")
_TERMS = ("học kỳ i", "học kỳ ii", "cả năm học", "năm học")
_LEVEL_WORD = re.compile(r"mức\s*\d", re.IGNORECASE)
_REF = re.compile(r"^(?P<code>\d+(?:\.\d+)?) M(?P<level>[1-3]) (?P<id>[a-z*])$|^M4 (?P<item>\d+)$")


def exemplar_path(framework_id: str) -> Path:
    """The exemplar file of one framework."""
    return EXEMPLAR_DIR / f"{framework_id}.jsonl"


def month_points(timeline: str) -> list[tuple[int, int, int, int]]:
    """(year, month, start, end) of every date in a timeline, in text order.

    "30/9/2025" and "Tháng 9/2025" both give (2025, 9); start/end are character offsets so a
    caller can tell whether two dates form a range ("Tháng 9/2025 – Tháng 5/2026").
    """
    text = unicodedata.normalize("NFC", timeline)
    found: list[tuple[int, int, int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        found.append((int(m.group(3)), int(m.group(2)), m.start(), m.end()))
        taken.append(m.span())
    for m in _MONTH_YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append((int(m.group(2)), int(m.group(1)), m.start(), m.end()))
    return sorted(found, key=lambda p: p[2])


def timeline_problem(timeline: str, school_year: str) -> str | None:
    """Why a timeline is not inside the school year, or None when it is.

    Accepted: dates "Tháng m/yyyy" or "dd/mm/yyyy" between 8/<first year> and 8/<second year>,
    "Học kỳ I/II", "Cả năm học", "Năm học yyyy-yyyy" (the row's own year).  Ranges must not
    run backwards.
    """
    if not timeline.strip():
        return "thiếu thời gian thực hiện"
    try:
        first, second = school_year_bounds(school_year)
    except ValueError:
        return f"năm học không hợp lệ: {school_year!r}"
    text = unicodedata.normalize("NFC", timeline).lower()
    points = month_points(text)
    for year, month, _, _ in points:
        if not 1 <= month <= 12:
            return f"tháng không hợp lệ trong '{timeline}'"
        if not (first, SCHOOL_YEAR_END_MONTH) <= (year, month) <= (second, SCHOOL_YEAR_END_MONTH):
            return f"'{timeline}' có mốc {month}/{year} nằm ngoài năm học {school_year}"
    for (y1, m1, _, end1), (y2, m2, start2, _) in zip(points, points[1:], strict=False):
        if _RANGE_GAP.match(text[end1:start2]) and (y2, m2) < (y1, m1):
            return f"khoảng thời gian ngược chiều trong '{timeline}'"
    pairs = [(int(a), int(b)) for a, b in _YEAR_PAIR.findall(text)]
    if any(pair != (first, second) for pair in pairs):
        return f"'{timeline}' nhắc đến năm học khác {school_year}"
    stripped = _YEAR_PAIR.sub(" ", _MONTH_YEAR.sub(" ", _DAY_MONTH_YEAR.sub(" ", text)))
    if any(int(y) not in (first, second) for y in _YEAR.findall(stripped)):
        return f"'{timeline}' nhắc đến năm ngoài năm học {school_year}"
    if not points and not any(term in text for term in _TERMS):
        return f"'{timeline}' không có mốc thời gian nhận biết được"
    return None


def requirement_refs(catalogue: Mapping[str, Any]) -> dict[str, set[str]]:
    """Requirement references ("3.4 M2 a") of every criterion of a raw catalogue."""
    refs: dict[str, set[str]] = {}
    for standard in catalogue["standards"]:
        for criterion in standard["criteria"]:
            code = str(criterion["code"])
            refs[code] = {
                f"{code} M{level} {req.get('id', '*')}"
                for level, reqs in criterion.get("requirements", {}).items()
                for req in reqs
            }
    return refs


def titles(catalogue: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """(band, code) -> title: criterion titles for band "1-3", item texts for band "4"."""
    out = {("1-3", str(c["code"])): c["title"] for s in catalogue["standards"] for c in s["criteria"]}
    out.update({("4", str(item["code"])): item["text"] for item in catalogue.get("level4", [])})
    return out


def vague_problem(row: CorpusRow) -> str | None:
    """A vague verb ("tăng cường", "nâng cao") in an action with no quantity anywhere.

    "Mức 3" is a level, not a quantity, so level words are ignored when looking for digits.
    """
    if not any(p in a.lower() for a in row.actions for p in VAGUE_PHRASES):
        return None
    text = _LEVEL_WORD.sub(" ", " ".join((row.target, *row.actions)))
    if any(ch.isdigit() for ch in text):
        return None
    return "hành động dùng 'tăng cường/nâng cao' mà không có con số đo được"


def check_row(row: CorpusRow, catalogue: Mapping[str, Any]) -> list[str]:
    """Problems of one row that do not need the roles vocabulary."""
    problems: list[str] = []
    fid = catalogue["id"]
    if row.kind != "exemplar":
        problems.append(f"kind phải là 'exemplar', không phải '{row.kind}'")
    if row.framework != fid:
        problems.append(f"framework '{row.framework}' khác tệp '{fid}'")
    if not row.id.startswith(f"ex-{fid}-"):
        problems.append(f"id '{row.id}' phải bắt đầu bằng 'ex-{fid}-'")
    types = [t.strip() for t in re.split(r"[,;/ ]+", row.school_type) if t.strip()]
    if not types or any(t not in catalogue["school_types"] for t in types):
        problems.append(f"loại trường '{row.school_type}' không thuộc {catalogue['school_types']}")
    expected_title = titles(catalogue).get((row.band, row.criterion))
    if expected_title is None:
        problems.append(f"không có tiêu chí/yêu cầu Mức {row.band} '{row.criterion}' trong danh mục")
    elif row.criterion_title != expected_title:
        problems.append(f"criterion_title khác tên trong danh mục: '{row.criterion_title}'")
    problems.extend(serves_problems(row, catalogue))
    problem = timeline_problem(row.timeline, row.school_year)
    if problem:
        problems.append(problem)
    if not 1 <= len(row.actions) <= MAX_ACTIONS:
        problems.append(f"cần 1-{MAX_ACTIONS} hành động, có {len(row.actions)}")
    for name in ("target", "owners", "budget", "why"):
        if not getattr(row, name):
            problems.append(f"thiếu trường '{name}'")
    if not row.evidence:
        problems.append("thiếu minh chứng dự kiến")
    problem = vague_problem(row)
    if problem:
        problems.append(problem)
    return problems


def serves_problems(row: CorpusRow, catalogue: Mapping[str, Any]) -> list[str]:
    """Each ``serves`` reference must name a real requirement of the row's criterion."""
    if not row.serves:
        return ["thiếu yêu cầu mà hành động phục vụ (serves)"]
    refs = requirement_refs(catalogue).get(row.criterion, set()) if row.band == "1-3" else set()
    items = {str(item["code"]) for item in catalogue.get("level4", [])}
    problems = []
    for ref in row.serves:
        m = _REF.match(ref)
        if row.band == "4":
            ok = bool(m and m.group("item") and m.group("item") == row.criterion and m.group("item") in items)
        else:
            ok = ref in refs
        if not ok:
            problems.append(
                f"serves '{ref}' không phải yêu cầu của tiêu chí {row.criterion} (Mức {row.band})"
            )
    return problems


def coverage_problems(rows: Sequence[CorpusRow], catalogue: Mapping[str, Any]) -> list[str]:
    """Criteria and Mức 4 items with fewer than MIN_ROWS rows."""
    counts: Counter[tuple[str, str]] = Counter((r.band, r.criterion) for r in rows)
    return [
        f"{'Mức 4 yêu cầu' if band == '4' else 'tiêu chí'} {code}: chỉ có {counts[(band, code)]} dòng (cần {MIN_ROWS})"
        for band, code in titles(catalogue)
        if counts[(band, code)] < MIN_ROWS
    ]


def file_problems(path: Path) -> list[str]:
    """Encoding problems of the file itself: must be NFC and not ASCII-escaped."""
    text = path.read_text(encoding="utf-8")
    problems = []
    if unicodedata.normalize("NFC", text) != text:
        problems.append(f"{path.name}: văn bản chưa chuẩn hóa NFC")
    if "\\u" in text:
        problems.append(f"{path.name}: có ký tự bị mã hóa \\uXXXX (hãy ghi với ensure_ascii=False)")
    return problems


def _role_matcher() -> list[tuple[str, tuple[str, ...], set[str]]]:
    data = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
    return [
        (
            r["name"],
            tuple(fold(s) for s in (r["name"], r["abbr"], *r.get("aliases", []))),
            set(r["school_types"]),
        )
        for r in data["roles"]
    ]


def role_problems(row: CorpusRow, strict: bool = False) -> list[str]:
    """The owner cell must name a role of the row's school type; ``strict`` also rejects other types' roles."""
    folded = f" {fold(row.owners)} "
    types = {t.strip() for t in re.split(r"[,;/ ]+", row.school_type) if t.strip()}
    named = [
        (name, where)
        for name, forms, where in _role_matcher()
        if any(re.search(rf"(?<![a-z]){re.escape(f)}(?![a-z])", folded) for f in forms)
    ]
    if not any(where & types for _, where in named):
        return [f"người phụ trách '{row.owners}' không nêu vai trò nào có ở loại trường {row.school_type}"]
    if strict:
        return [
            f"vai trò '{name}' không có ở loại trường {row.school_type}"
            for name, where in named
            if not where & types
        ]
    return []


def check_framework(framework_id: str, strict_roles: bool = False) -> list[str]:
    """Every problem of one framework's exemplar file, each prefixed with the row id."""
    path = exemplar_path(framework_id)
    if not path.is_file():
        return [f"thiếu tệp {path.name}"]
    catalogue = load_catalogue(BUNDLED_DIR / f"{framework_id}.json")
    rows = list(read_rows(path))
    problems = file_problems(path) + coverage_problems(rows, catalogue)
    duplicates = [i for i, n in Counter(r.id for r in rows).items() if n > 1]
    problems += [f"id trùng: {i}" for i in duplicates]
    for row in rows:
        problems += [f"{row.id}: {p}" for p in check_row(row, catalogue) + role_problems(row, strict_roles)]
    return problems


def main(argv: Iterable[str] | None = None) -> int:
    """Print the problems of the given frameworks (default: every bundled catalogue)."""
    ids = list(argv if argv is not None else sys.argv[1:]) or sorted(
        p.stem for p in BUNDLED_DIR.glob("*.json")
    )
    total = 0
    for framework_id in ids:
        problems = check_framework(framework_id, strict_roles=True)
        total += len(problems)
        print(f"{framework_id}: {len(problems)} vấn đề")
        for problem in problems:
            print(f"  - {problem}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
