"""Prompt templates kept as text files, with a small validated loader.

Placeholders are written ``{{name}}``.  Each known template declares the placeholders it must
contain; a file missing one, or using one that is not declared, is rejected when loaded, and
rendering refuses missing or unexpected values.  Values are substituted once and never re-scanned,
so text inside a value (a school's report) cannot introduce placeholders of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROMPT_DIR = Path(__file__).resolve().parent
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")

DRAFTING: dict[str, frozenset[str]] = {
    "draft_system": frozenset(),
    "draft_user": frozenset(
        {"criterion", "title", "school_type", "school_year", "target", "requirements", "report_text", "rows",
         "allowed_ids"}
    ),
}
# The chat's free question (an LLM answers from the plan so far and a few corpus excerpts).
CHAT: dict[str, frozenset[str]] = {
    "chat_question": frozenset({"plan", "examples", "question"}),
}
REQUIRED: dict[str, frozenset[str]] = {**DRAFTING, **CHAT}


class PromptError(ValueError):
    """A prompt file or a rendering call does not match the template's declared placeholders."""


@dataclass(frozen=True)
class PromptTemplate:
    """A prompt text and the placeholders it uses."""

    name: str
    text: str
    placeholders: frozenset[str]

    def render(self, **values: str) -> str:
        """The text with every placeholder replaced; missing or unknown values raise PromptError."""
        missing = self.placeholders - values.keys()
        unknown = values.keys() - self.placeholders
        if missing or unknown:
            raise PromptError(
                f"prompt {self.name!r}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


def parse_template(name: str, text: str, required: frozenset[str]) -> PromptTemplate:
    """Validate a template text against the placeholders it must (and may only) use."""
    found = frozenset(_PLACEHOLDER.findall(text))
    missing, unknown = required - found, found - required
    if missing:
        raise PromptError(f"prompt {name!r} lacks placeholders {sorted(missing)}")
    if unknown:
        raise PromptError(f"prompt {name!r} uses unknown placeholders {sorted(unknown)}")
    if "{{" in _PLACEHOLDER.sub("", text) or "}}" in _PLACEHOLDER.sub("", text):
        raise PromptError(f"prompt {name!r} has a malformed placeholder")
    return PromptTemplate(name=name, text=text, placeholders=found)


def load_prompt(name: str, directory: Path = PROMPT_DIR, required: frozenset[str] | None = None) -> PromptTemplate:
    """Read ``<directory>/<name>.txt`` and validate it (known names use :data:`REQUIRED`)."""
    if required is None:
        if name not in REQUIRED:
            raise PromptError(f"unknown prompt {name!r}; known: {sorted(REQUIRED)}")
        required = REQUIRED[name]
    path = directory / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"prompt file {path} is missing")
    return parse_template(name, path.read_text(encoding="utf-8"), required)


def load_prompts(directory: Path = PROMPT_DIR, names: Mapping[str, frozenset[str]] | None = None) -> dict[str, PromptTemplate]:
    """The named templates, validated (by default the drafter's, :data:`DRAFTING`; :data:`REQUIRED` is all)."""
    names = DRAFTING if names is None else names
    return {name: load_prompt(name, directory, req) for name, req in names.items()}
