"""Architecture checks: imports point down only, heavy packages stay out of the leaves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LEAVES = ("retrieval", "corpus", "prompts")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _python_files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def test_leaves_import_nothing_from_assistant() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for leaf in LEAVES
        for p in _python_files(leaf)
        if any(name == "assistant" or name.startswith("assistant.") for name in _imports(p))
    ]
    assert offenders == []


def test_only_ui_and_app_import_streamlit() -> None:
    allowed = {REPO / "app.py"}
    offenders = [
        str(p.relative_to(REPO))
        for folder in ("assistant", *LEAVES)
        for p in _python_files(folder)
        if p not in allowed
        and "ui" not in p.relative_to(REPO).parts
        and any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(p))
    ]
    assert offenders == []


def test_importing_core_modules_loads_no_heavy_package() -> None:
    code = (
        "import sys, corpus.text, corpus.schema, corpus.catalogues, retrieval.base, "
        "assistant.domain, assistant.catalog, assistant.vocab, assistant.settings\n"
        "heavy = [m for m in ('streamlit', 'torch', 'faiss', 'sentence_transformers') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
