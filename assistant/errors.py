"""The domain's own errors: every one carries a Vietnamese message for the user.

Parsers, loaders and the controller raise these and nothing else for bad input, so the UI and the
command line can show ``str(error)`` (what is wrong and what to do) instead of a traceback.
"""

from __future__ import annotations


class CaitienError(Exception):
    """Base of all user-facing errors; ``message`` says what is wrong, ``hint`` what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} {hint}".strip())


class InputError(CaitienError):
    """A file the user gave cannot be read (corrupt, encrypted, too large, wrong type...)."""


class NotAReportError(InputError):
    """The document was read but is not a TĐG/ĐGN report (a plan, say, or something else)."""


class NotAPlanError(InputError):
    """The document was read but is not an improvement plan."""


class CatalogueError(CaitienError):
    """A criteria catalogue file is invalid."""


class ConfigError(CaitienError):
    """A setting is wrong (a model folder that does not exist, a bad LLM endpoint...)."""
