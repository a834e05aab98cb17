"""Query expansion from everyday wording to the wording of circulars and plans.

Principals type "WC xuống cấp", "phụ huynh ít quan tâm", "các cháu gầy"; the corpus says "khu vệ
sinh", "cha mẹ học sinh", "trẻ suy dinh dưỡng".  BM25 cannot bridge that and e5-small bridges it
only partly, so a glossary (data: ``corpus/vocab/colloquial.json``, replaceable by the user) adds
the formal phrases of every everyday phrase found in a query.

Phrases are matched as whole words: on the accented words when the query carries diacritics
(folding would make "gầy" (thin) match "gây" (cause)), on folded words when it was typed without.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.text import fold, has_diacritics, nfc

BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "vocab" / "colloquial.json"
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str, folded: bool) -> tuple[str, ...]:
    text = nfc(text).lower()
    return tuple(_WORD.findall(fold(text) if folded else text))


@dataclass
class Glossary:
    """Everyday phrase -> formal phrases, indexed by first word for both spellings."""

    _accented: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = field(default_factory=dict)
    _folded: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = field(default_factory=dict)
    size: int = 0

    @classmethod
    def from_entries(cls, entries: Iterable[dict]) -> Glossary:
        """Build from ``{"colloquial": [...], "formal": [...]}`` entries."""
        glossary = cls()
        for entry in entries:
            formal = tuple(nfc(str(f)).strip() for f in entry.get("formal", ()) if str(f).strip())
            if not formal:
                continue
            glossary.size += 1
            for phrase in entry.get("colloquial", ()):
                for folded, table in ((False, glossary._accented), (True, glossary._folded)):
                    words = _words(str(phrase), folded)
                    if words:
                        table.setdefault(words[0], []).append((words, formal))
        return glossary

    @classmethod
    def load(cls, path: Path = BUNDLED, *extra: Path) -> Glossary:
        """Read glossary files, later ones adding entries (a missing file adds nothing).

        A file that is not valid JSON raises ``ValueError`` naming it, so a user's typo is found."""
        entries: list[dict] = []
        for file in (path, *extra):
            if not file.is_file():
                continue
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:  # messages are shown to the user: in Vietnamese
                raise ValueError(f"{file}: không đúng định dạng JSON (dòng {exc.lineno}, cột {exc.colno})") from exc
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"{file}: không đọc được tệp (không phải UTF-8 hoặc không có quyền đọc)") from exc
            found = data.get("entries", []) if isinstance(data, dict) else []
            entries.extend(e for e in found if isinstance(e, dict))
        return cls.from_entries(entries)

    def formal_phrases(self, query: str) -> list[str]:
        """Formal phrases for the everyday phrases found in ``query`` (first found first, once)."""
        folded = not has_diacritics(query)
        table = self._folded if folded else self._accented
        words = _words(query, folded)
        found: dict[str, None] = {}
        for i, word in enumerate(words):
            for phrase, formal in table.get(word, ()):
                if words[i : i + len(phrase)] == phrase:
                    found.update(dict.fromkeys(formal))
        # A formal phrase the query already says adds nothing.
        said = " ".join(_words(query, True))
        return [f for f in found if " ".join(_words(f, True)) not in said]

    def expand(self, query: str) -> str:
        """The query followed by its formal phrases (unchanged when none apply)."""
        extra = self.formal_phrases(query)
        return f"{query} ({'; '.join(extra)})" if extra else query
