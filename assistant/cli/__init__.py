"""The ``caitien`` command line: the wizard's jobs in batch.

Each sub-command lives in its own module with ``register(subparsers)``; the module sets
``handler`` on its parser.  Errors of the domain are printed in Vietnamese on stderr with exit
code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import CaitienError

COMMANDS = ("frameworks", "model", "search", "export_cmd", "draft", "parse_plan", "corpus_cmd", "parse_report")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="caitien", description="Trợ lý soạn Kế hoạch cải tiến chất lượng giáo dục (dòng lệnh)."
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)
    return parser


def emit_json(data: Any) -> None:
    """Print JSON as UTF-8 text (not ASCII-escaped), the stable interface scripts rely on."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``caitien``; returns the process exit code."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # Windows consoles default to a legacy code page
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    try:
        return int(args.handler(args) or 0)
    except CaitienError as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu.\n")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
