"""The crosswalk between a 2018 catalogue (TT17/18/19) and the TT57/2026 catalogue of the same
school type, read from data files a user can open and correct.

Files live in ``corpus/crosswalk/<from>__<to>.json`` (a user copy in ``<data_dir>/crosswalk/``
wins).  Every mapping is approximate by nature: the two generations do not share a criteria tree
(tt57-2026.md §6.1), so whatever is carried across is labelled "gần đúng" wherever it is shown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .domain import CrossRef, Framework, Generation
from .errors import CatalogueError

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "corpus" / "crosswalk"
APPROXIMATE_LABEL = "gần đúng"
Strength = Literal["direct", "partial"]
STRENGTH_LABELS: dict[str, str] = {"direct": "tương ứng trực tiếp", "partial": "tương ứng một phần"}


@dataclass(frozen=True)
class CrossTarget:
    """One new criterion an old criterion maps to, with how strongly and why."""

    criterion: str
    strength: Strength
    reason: str


@dataclass(frozen=True)
class Crosswalk:
    """An old -> new criteria mapping between two frameworks (always approximate)."""

    from_id: str
    to_id: str
    mappings: Mapping[str, tuple[CrossTarget, ...]]
    old_titles: Mapping[str, str]
    note: str = ""
    approximate: bool = True
    level4: Mapping[int, tuple[CrossTarget, ...]] = field(default_factory=dict)
    level4_texts: Mapping[int, str] = field(default_factory=dict)

    def targets(self, old_code: str) -> list[CrossRef]:
        """New criteria an old criterion lands on (``framework`` is the new framework id)."""
        return [
            CrossRef(framework=self.to_id, criterion=t.criterion, strength=t.strength)
            for t in self.mappings.get(old_code, ())
        ]

    def sources(self, new_code: str) -> list[CrossRef]:
        """Old criteria that land on a new criterion (``framework`` is the old framework id)."""
        return [
            CrossRef(framework=self.from_id, criterion=old, strength=t.strength)
            for old, items in sorted(self.mappings.items(), key=lambda kv: _code_key(kv[0]))
            for t in items
            if t.criterion == new_code
        ]

    def level4_targets(self, item: int) -> list[CrossRef]:
        """New criteria an old Mức 4 item lands on; always partial (TT57 has no Mức 4)."""
        return [CrossRef(framework=self.to_id, criterion=t.criterion, strength="partial") for t in self.level4.get(item, ())]

    def level4_sources(self, new_code: str) -> list[int]:
        """Numbers of the old Mức 4 items that land on a new criterion, in item order."""
        return [item for item, targets in sorted(self.level4.items()) if any(t.criterion == new_code for t in targets)]

    def level4_reason(self, item: int, new_code: str) -> str:
        """The one-line Vietnamese reason of a Mức 4 item's mapping ('' when the pair is not mapped)."""
        return next((t.reason for t in self.level4.get(item, ()) if t.criterion == new_code), "")

    def reason(self, old_code: str, new_code: str) -> str:
        """The one-line Vietnamese reason of a mapping ('' when the pair is not mapped)."""
        return next((t.reason for t in self.mappings.get(old_code, ()) if t.criterion == new_code), "")

    def validate(self, old: Framework, new: Framework) -> list[str]:
        """Problems against both catalogues (unknown codes, unmapped old criteria), in Vietnamese."""
        problems: list[str] = []
        old_codes = {c.code for c in old.criteria}
        new_codes = {c.code for c in new.criteria}
        for code in sorted(old_codes - set(self.mappings), key=_code_key):
            problems.append(f"Tiêu chí {code} của {old.name} chưa được đối chiếu.")
        for code, items in self.mappings.items():
            if code not in old_codes:
                problems.append(f"Mã {code} không có trong {old.name}.")
            problems.extend(
                f"Tiêu chí {code} ánh xạ tới mã {t.criterion} không có trong {new.name}."
                for t in items
                if t.criterion not in new_codes
            )
            if not items:
                problems.append(f"Tiêu chí {code} của {old.name} không ánh xạ tới tiêu chí mới nào.")
        old_items = {i.number for i in old.level4}
        for item, targets in sorted(self.level4.items()):
            if item not in old_items:
                problems.append(f"Tiêu chí Mức 4 số {item} không có trong {old.name}.")
            problems.extend(
                f"Tiêu chí Mức 4 số {item} ánh xạ tới mã {t.criterion} không có trong {new.name}."
                for t in targets
                if t.criterion not in new_codes
            )
        return problems


def _code_key(code: str) -> tuple[int, ...]:
    """Sort "1.10" after "1.9"."""
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def crosswalk_path(from_id: str, to_id: str, directory: Path | None = None) -> Path:
    """Where the crosswalk file of this pair lives (the user folder first, when it has one)."""
    name = f"{from_id}__{to_id}.json"
    if directory is not None and (directory / name).is_file():
        return directory / name
    return BUNDLED_DIR / name


def load_crosswalk(from_id: str, to_id: str, *, directory: Path | None = None) -> Crosswalk:
    """Read the crosswalk ``from_id`` -> ``to_id``; raise :class:`CatalogueError` in Vietnamese."""
    path = crosswalk_path(from_id, to_id, directory)
    if not path.is_file():
        raise CatalogueError(
            f"Chưa có bảng đối chiếu tiêu chí từ {from_id} sang {to_id}.",
            "Hãy chọn bộ tiêu chí cùng thế hệ với báo cáo, hoặc bổ sung tệp đối chiếu "
            f"{path.name} vào thư mục corpus/crosswalk.",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return crosswalk_from_data(data, from_id, to_id)
    except (ValueError, KeyError, TypeError) as exc:
        raise CatalogueError(
            f"Tệp đối chiếu {path.name} không hợp lệ ({exc}).", "Hãy sửa tệp theo mẫu hoặc xóa bản sửa của bạn."
        ) from exc


def crosswalk_from_data(data: Mapping[str, Any], from_id: str, to_id: str) -> Crosswalk:
    """Build a :class:`Crosswalk` from parsed JSON, checking its ids and each mapping's shape."""
    if data.get("from") != from_id or data.get("to") != to_id:
        raise ValueError(f"tệp ghi 'from'={data.get('from')!r}, 'to'={data.get('to')!r}")
    mappings: dict[str, tuple[CrossTarget, ...]] = {}
    titles: dict[str, str] = {}
    for item in data["mappings"]:
        old = str(item["old"])
        mappings[old] = mappings.get(old, ()) + _targets(item.get("new", []), f"tiêu chí {old}")
        titles[old] = item.get("old_title", "")
    level4: dict[int, tuple[CrossTarget, ...]] = {}
    texts: dict[int, str] = {}
    for item in data.get("level4", []):
        number = int(item["item"])
        level4[number] = level4.get(number, ()) + _targets(item.get("new", []), f"tiêu chí Mức 4 số {number}")
        texts[number] = item.get("old_text", "")
    return Crosswalk(
        from_id=from_id,
        to_id=to_id,
        mappings=mappings,
        old_titles=titles,
        note=data.get("note", ""),
        approximate=True,  # approximate whatever the file says: the trees do not match one-to-one
        level4=level4,
        level4_texts=texts,
    )


def _targets(items: list[Mapping[str, Any]], what: str) -> tuple[CrossTarget, ...]:
    """The "new" list of one mapping, each strength checked."""
    targets = []
    for t in items:
        strength = t.get("strength", "partial")
        if strength not in ("direct", "partial"):
            raise ValueError(f"mức tương ứng '{strength}' của {what} không hợp lệ")
        targets.append(CrossTarget(criterion=str(t["criterion"]), strength=strength, reason=t.get("reason", "")))
    return tuple(targets)


def is_cross_generation(report_framework: Framework | None, plan_framework: Framework) -> bool:
    """True when a 2018-era report feeds a TT57/2026 plan."""
    return (
        report_framework is not None
        and report_framework.generation == Generation.G2018
        and plan_framework.generation == Generation.G2026
    )

