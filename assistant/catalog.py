"""Criteria catalogues as domain types, the framework registry and the level rules.

Level rules (both generations):
- 2018 (TT17/18/19, Điều 6): a standard or the school reaches Mức N when every criterion reaches
  Mức N; a criterion that defines no Mức 3 requirement counts as Mức 3 once it reaches its highest
  defined level (practice, domain.md §2.1). Mức 4 additionally needs Mức 3 and every Mức 4 item.
- TT57/2026 (khoản 3 Điều 5): Mức 1 = all 8 mandatory criteria at Mức 1 and at least 5 of the
  other 7 at Mức 1; Mức 2 = all 8 at Mức 2, at least 5 of the other 7 at Mức 2 and none below Mức 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.catalogues import CatalogueFileError, catalogue_files, load_catalogue
from corpus.text import school_year_bounds

from .domain import (
    Criterion,
    Framework,
    Generation,
    Level4Item,
    Requirement,
    SchoolType,
    Standard,
)
from .errors import CatalogueError

TT57_START_YEAR = 2026  # plans for 2026-2027 on follow TT57/2026
TT57_OTHERS_NEEDED = 5


def framework_from_data(data: Mapping[str, Any]) -> Framework:
    """Build a :class:`Framework` from validated catalogue data."""
    name = data["framework"]
    generation = Generation.G2026 if name.startswith("TT57") else Generation.G2018
    standards = tuple(_standard(s) for s in data["standards"])
    level4 = tuple(
        Level4Item(number=int(item["code"]), text=item["text"], verbatim=bool(item.get("verbatim")))
        for item in data.get("level4", [])
    )
    suffix = f" – {data['appendix']}" if data.get("appendix") else ""
    return Framework(
        id=data["id"],
        name=f"{name}{suffix}",
        circular=name,
        generation=generation,
        school_types=tuple(SchoolType(t) for t in data["school_types"]),
        levels=tuple(int(x) for x in data["levels"]),
        standards=standards,
        level4=level4,
        title=data.get("title", ""),
        source=data.get("source", ""),
        notes=tuple(data.get("notes", [])),
    )


def _standard(raw: Mapping[str, Any]) -> Standard:
    return Standard(
        code=str(raw["code"]),
        title=raw["title"],
        criteria=tuple(_criterion(str(raw["code"]), c) for c in raw["criteria"]),
    )


def _criterion(standard: str, raw: Mapping[str, Any]) -> Criterion:
    code = str(raw["code"])
    reqs = tuple(
        Requirement(criterion=code, level=int(level), id=str(r.get("id", "*")), text=r["text"])
        for level, items in sorted(raw.get("requirements", {}).items())
        for r in items
    )
    return Criterion(
        code=code,
        title=raw["title"],
        standard=standard,
        mandatory=bool(raw.get("mandatory")),
        requirements=reqs,
        evidence_hints=tuple(raw.get("evidence_hints", [])),
        quantitative_indicators=tuple(raw.get("quantitative_indicators", [])),
    )


class Catalog:
    """All frameworks known to this installation: the bundled ones plus a user folder."""

    def __init__(self, frameworks: Mapping[str, Framework]) -> None:
        self._frameworks = dict(frameworks)

    @classmethod
    def load(cls, extra_dirs: tuple[Path, ...] = ()) -> Catalog:
        """Load every catalogue file; a broken file raises :class:`CatalogueError` naming it."""
        found: dict[str, Framework] = {}
        for path in catalogue_files(extra_dirs):
            try:
                framework = framework_from_data(load_catalogue(path))
            except CatalogueFileError as exc:
                raise CatalogueError(str(exc), "Hãy sửa hoặc xóa tệp này rồi mở lại ứng dụng.") from exc
            found[framework.id] = framework
        return cls(found)

    @property
    def frameworks(self) -> tuple[Framework, ...]:
        """Frameworks in a stable order: 2018 generation first, then TT57."""
        return tuple(sorted(self._frameworks.values(), key=lambda f: (f.generation.value, f.id)))

    def get(self, framework_id: str) -> Framework:
        """The framework with this id; raises :class:`CatalogueError` for an unknown id."""
        try:
            return self._frameworks[framework_id]
        except KeyError:
            known = ", ".join(sorted(self._frameworks))
            raise CatalogueError(f"Không có bộ tiêu chí '{framework_id}'.", f"Các bộ hiện có: {known}.") from None

    def for_school(self, school_type: SchoolType, generation: Generation) -> Framework | None:
        """The framework of this generation that covers this school type."""
        return next(
            (f for f in self.frameworks if f.generation == generation and school_type in f.school_types),
            None,
        )

    def suggest(self, school_type: SchoolType, school_year: str) -> Framework | None:
        """Suggest the framework for a plan: TT57 from 2026-2027 on, the 2018 circular before."""
        first, _ = school_year_bounds(school_year)
        generation = Generation.G2026 if first >= TT57_START_YEAR else Generation.G2018
        return self.for_school(school_type, generation)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The bundled catalogues (cached; the settings-aware one is built in services)."""
    return Catalog.load()


# --------------------------------------------------------------------------------------------
# Level rules
# --------------------------------------------------------------------------------------------


def effective_level(criterion: Criterion, level: int, top: int) -> int:
    """A criterion at its highest defined level counts as the framework's top level (2018 rule)."""
    if level >= criterion.max_level and criterion.max_level < top:
        return top
    return level


def standard_level(framework: Framework, standard: str, levels: Mapping[str, int]) -> int | None:
    """Level of one standard: the lowest (effective) level of its criteria; None if one is unknown."""
    std = framework.standard(standard)
    if std is None:
        return None
    values = [levels.get(c.code) for c in std.criteria]
    if any(v is None for v in values):
        return None
    return min(effective_level(c, v or 0, framework.top_level) for c, v in zip(std.criteria, values, strict=True))


def school_level(framework: Framework, levels: Mapping[str, int], level4_met: bool | None = None) -> int | None:
    """The school's level from per-criterion levels (0 = not even Mức 1; None if data is missing)."""
    if any(levels.get(c.code) is None for c in framework.criteria):
        return None
    if framework.generation == Generation.G2026:
        return _tt57_level(framework, levels)
    base = min(effective_level(c, levels[c.code], framework.top_level) for c in framework.criteria)
    if base >= 3 and level4_met:
        return 4
    return base


def _tt57_level(framework: Framework, levels: Mapping[str, int]) -> int:
    mandatory = [levels[c.code] for c in framework.criteria if c.mandatory]
    others = [levels[c.code] for c in framework.criteria if not c.mandatory]
    reached = 0
    for level in (1, 2):
        ok = all(v >= level for v in mandatory) and sum(v >= level for v in others) >= TT57_OTHERS_NEEDED
        if level == 2:
            ok = ok and all(v >= 1 for v in mandatory + others)
        if not ok:
            break
        reached = level
    return reached


def gap_to_level(framework: Framework, levels: Mapping[str, int], target: int) -> list[str]:
    """Criteria codes that must rise for the school to reach ``target``, mandatory ones first.

    For TT57 only as many non-mandatory criteria as the 5-of-7 rule needs are listed, choosing
    those already closest to the target.
    """
    if framework.generation == Generation.G2018:
        return [
            c.code
            for c in framework.criteria
            if effective_level(c, levels.get(c.code, 0), framework.top_level) < min(target, 3)
        ]
    need = [c.code for c in framework.criteria if c.mandatory and levels.get(c.code, 0) < target]
    others = [c for c in framework.criteria if not c.mandatory]
    short = sorted((c for c in others if levels.get(c.code, 0) < target), key=lambda c: -levels.get(c.code, 0))
    reached = len(others) - len(short)
    missing = max(0, TT57_OTHERS_NEEDED - reached)
    below_one = [c.code for c in others if levels.get(c.code, 0) < 1] if target >= 2 else []
    picked = [c.code for c in short[:missing]]
    return need + [code for code in dict.fromkeys(picked + below_one)]
