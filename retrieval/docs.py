"""What gets indexed: corpus rows and the catalogues' requirement texts, as :class:`Doc`.

Catalogue docs are built from the raw catalogue JSON (``corpus.catalogues``), not from the
assistant's domain types, so the retrieval leaf stays free of ``assistant`` imports.  Each
requirement becomes one doc prefixed with its criterion title, so a principal's wording of a
weakness can land on the right criterion even when no past plan row talks about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.catalogues import catalogue_files, load_catalogue
from corpus.schema import CorpusRow

from .base import Doc

CATALOGUE_KIND = "catalogue"


@dataclass(frozen=True)
class FrameworkInfo:
    """What filtering needs to know of a framework: its generation and school types."""

    id: str
    name: str
    generation: str  # "2018" | "2026"
    school_types: tuple[str, ...]


def row_to_doc(row: CorpusRow) -> Doc:
    """The searchable form of a corpus row (its id is the row id)."""
    return Doc(
        id=row.id,
        text=row.search_text(),
        framework=row.framework,
        criterion=row.criterion,
        school_type=row.school_type,
        kind=row.kind,
        source=row.source,
    )


def rows_to_docs(rows: Iterable[CorpusRow]) -> list[Doc]:
    """Docs of many rows, skipping rows with nothing to index."""
    return [doc for doc in map(row_to_doc, rows) if doc.text.strip()]


def _catalogues(extra_dirs: tuple[Path, ...]) -> dict[str, dict]:
    """Raw catalogue data by id; a later (user) file overrides a bundled one with the same id."""
    found: dict[str, dict] = {}
    for path in catalogue_files(extra_dirs):
        data = load_catalogue(path)
        found[data["id"]] = data
    return found


def framework_infos(extra_dirs: tuple[Path, ...] = ()) -> dict[str, FrameworkInfo]:
    """Generation and school types of every known framework, by id."""
    out = {}
    for fid, data in _catalogues(extra_dirs).items():
        name = str(data["framework"])
        generation = "2026" if name.startswith("TT57") else "2018"
        out[fid] = FrameworkInfo(fid, name, generation, tuple(str(t) for t in data["school_types"]))
    return out


def catalogue_docs(extra_dirs: tuple[Path, ...] = ()) -> list[Doc]:
    """One doc per requirement of every criterion (kind ``catalogue``), title first."""
    docs = []
    for fid, data in sorted(_catalogues(extra_dirs).items()):
        name = str(data["framework"])
        school_types = " ".join(str(t) for t in data["school_types"])
        for standard in data["standards"]:
            for crit in standard.get("criteria", []):
                code, title = str(crit["code"]), str(crit["title"]).strip()
                for level, reqs in sorted(crit.get("requirements", {}).items()):
                    for req in reqs:
                        text = str(req.get("text", "")).strip()
                        if not text:
                            continue
                        rid = str(req.get("id", "*"))
                        label = f"Mức {level}" + ("" if rid == "*" else f" {rid})")
                        docs.append(
                            Doc(
                                id=f"{CATALOGUE_KIND}:{fid}:{code}:M{level}:{rid}",
                                text=f"{title}: {text}",
                                framework=fid,
                                criterion=code,
                                school_type=school_types,
                                kind=CATALOGUE_KIND,
                                source=f"{name}, tiêu chí {code}, {label}",
                            )
                        )
    return docs
