"""Role and term vocabulary: who can own a plan action in which school type, and abbreviations.

The data lives in ``corpus/vocab/roles.json`` so a user can add a role without touching code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.text import fold

from .domain import SchoolType

ROLES_FILE = Path(__file__).resolve().parent.parent / "corpus" / "vocab" / "roles.json"


@dataclass(frozen=True)
class Role:
    """An owner role with its abbreviation, other spellings and the school types that have it."""

    name: str
    abbr: str
    aliases: tuple[str, ...]
    school_types: tuple[SchoolType, ...]

    def spellings(self) -> tuple[str, ...]:
        """Accent-folded forms that name this role in free text."""
        return tuple(fold(s) for s in (self.name, *self.aliases))


@dataclass(frozen=True)
class Vocabulary:
    """Roles, external partners, abbreviations and budget-source phrases."""

    roles: tuple[Role, ...]
    external: tuple[str, ...]
    abbreviations: dict[str, str]
    budget_sources: tuple[str, ...]

    def roles_for(self, school_type: SchoolType) -> tuple[Role, ...]:
        """Roles that exist in this school type."""
        return tuple(r for r in self.roles if school_type in r.school_types)

    def find_roles(self, text: str) -> list[Role]:
        """Roles named in a free-text owner cell ("PHT, TTCM và GVCN"), longest match first."""
        folded = f" {fold(text)} "
        found: list[Role] = []
        for role in sorted(self.roles, key=lambda r: -max(len(s) for s in r.spellings())):
            forms = (*role.spellings(), fold(role.abbr))
            if any(re.search(rf"(?<![a-z]){re.escape(f)}(?![a-z])", folded) for f in forms):
                found.append(role)
        return found

    def role(self, name: str) -> Role | None:
        """The role with this name or abbreviation (accent-insensitive)."""
        key = fold(name).strip()
        return next((r for r in self.roles if key in (fold(r.name), fold(r.abbr), *r.spellings())), None)

    def expand(self, abbr: str) -> str:
        """The full form of an abbreviation, or the abbreviation itself."""
        return self.abbreviations.get(abbr, abbr)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = ROLES_FILE) -> Vocabulary:
    """Read the vocabulary file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    roles = tuple(
        Role(
            name=r["name"],
            abbr=r["abbr"],
            aliases=tuple(r.get("aliases", [])),
            school_types=tuple(SchoolType(t) for t in r["school_types"]),
        )
        for r in data["roles"]
    )
    return Vocabulary(
        roles=roles,
        external=tuple(data.get("external", [])),
        abbreviations=dict(data.get("abbreviations", {})),
        budget_sources=tuple(data.get("budget_sources", [])),
    )
