"""Metadata columns of the indexed docs and the boolean masks that filters turn into.

Filtering happens before ranking, on small integer columns, so a filtered search over 100 000
rows costs well under a millisecond here.  A doc's ``school_type`` may list several types
("THCS THPT PTNCH" for a catalogue doc); an empty one means "any type" and passes every filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .base import Doc, Filters
from .docs import FrameworkInfo

_SPLIT = re.compile(r"[\s,;/]+")
TT57_GENERATION = "2026"
OLD_GENERATION = "2018"


class _Codes:
    """Strings interned to small integers (code -1 for a string never seen)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def code(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids))

    def lookup(self, values: Iterable[str]) -> np.ndarray:
        return np.asarray([self.ids.get(v, -1) for v in values], dtype=np.int32)


class MetadataColumns:
    """Framework, criterion, kind and school-type columns, appended in step with the docs."""

    def __init__(self) -> None:
        self._frameworks, self._criteria, self._kinds, self._types = _Codes(), _Codes(), _Codes(), _Codes()
        self._cols: dict[str, list[np.ndarray]] = {"fw": [], "crit": [], "kind": [], "types": []}
        self._flat: dict[str, np.ndarray] | None = None

    def add(self, docs: Sequence[Doc]) -> None:
        """Append the columns of more docs."""
        self._cols["fw"].append(np.asarray([self._frameworks.code(d.framework) for d in docs], np.int32))
        self._cols["crit"].append(np.asarray([self._criteria.code(d.criterion) for d in docs], np.int32))
        self._cols["kind"].append(np.asarray([self._kinds.code(d.kind) for d in docs], np.int32))
        self._cols["types"].append(np.asarray([self._type_bits(d.school_type) for d in docs], np.int64))
        self._flat = None

    def _type_bits(self, school_type: str) -> int:
        bits = 0
        for name in _SPLIT.split(school_type.strip()):
            if name:
                bits |= 1 << min(self._types.code(name.upper()), 62)
        return bits

    def column(self, name: str) -> np.ndarray:
        """One column as a flat array."""
        if self._flat is None:
            self._flat = {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in self._cols.items()}
            self._cols = {k: [v] for k, v in self._flat.items()}
        return self._flat[name]

    def framework_of(self, rows: np.ndarray) -> np.ndarray:
        """Framework codes of some rows."""
        return self.column("fw")[rows]

    def framework_codes(self, ids: Iterable[str]) -> np.ndarray:
        """Codes of framework ids (-1 for unknown ones)."""
        return self._frameworks.lookup(ids)

    def mask(self, filters: Filters, *, with_criteria: bool = True, frameworks: Sequence[str] | None = None) -> np.ndarray:
        """Rows that pass the filters (``frameworks`` overrides ``filters.frameworks``)."""
        fw = self.column("fw")
        m = np.ones(len(fw), dtype=bool)
        wanted = filters.frameworks if frameworks is None else tuple(frameworks)
        if wanted:
            m &= np.isin(fw, self._frameworks.lookup(wanted))
        if with_criteria and filters.criteria:
            m &= np.isin(self.column("crit"), self._criteria.lookup(filters.criteria))
        if filters.kinds:
            m &= np.isin(self.column("kind"), self._kinds.lookup(filters.kinds))
        if filters.school_types:
            bits = self._type_bits(" ".join(t for t in filters.school_types if t.upper() in self._types.ids))
            types = self.column("types")
            m &= ((types & bits) != 0) | (types == 0)
        return m


def cross_generation_frameworks(
    filters: Filters, infos: Mapping[str, FrameworkInfo]
) -> tuple[str, ...]:
    """2018 frameworks to search beside the TT57 ones in ``filters`` (same school types)."""
    new = [infos[f] for f in filters.frameworks if f in infos and infos[f].generation == TT57_GENERATION]
    if not new:
        return ()
    types = {t.upper() for t in filters.school_types} or {t for info in new for t in info.school_types}
    return tuple(
        sorted(
            fid
            for fid, info in infos.items()
            if info.generation == OLD_GENERATION and fid not in filters.frameworks and types & set(info.school_types)
        )
    )
