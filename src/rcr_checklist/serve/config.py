"""What one ``serve`` session works with: its configuration, limits, messages and templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rcr_checklist.limits import ANSWERS_LIMITS
from rcr_checklist.serve.store import AnswersStore

__all__ = [
    "CONFLICT",
    "DOWNLOADS",
    "LOCKED",
    "MAX_FORM_BYTES",
    "STATIC",
    "STATIC_DIR",
    "ServeConfig",
    "page_env",
]

_HERE = Path(__file__).resolve().parent
STATIC_DIR = _HERE / "static"
"""The folder of the files in :data:`STATIC`."""
STATIC = {"serve.css": "text/css; charset=utf-8", "serve.js": "text/javascript; charset=utf-8"}
"""The only files served as they are, by name (nothing else on disk is reachable)."""
DOWNLOADS = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
"""The report formats offered for download, with their media types."""
MAX_FORM_BYTES = ANSWERS_LIMITS.max_bytes
"""The largest form accepted, in bytes: the size of the largest answers file read."""
LOCKED = (
    "Not saved: the answers file is open in the terminal questionnaire (`rcr-checklist "
    "assess`). Finish or quit it there, then save again; your changes are still on this page."
)
CONFLICT = (
    "Changed elsewhere (in the terminal or another window) after this page was opened, so "
    "your change was not saved. Save again to keep the version shown here, or reload the "
    "page to see the saved one."
)


@dataclass
class ServeConfig:
    """What one ``serve`` session works with.

    Attributes:
        store: the answers file.
        token: the access token printed at start-up.
        port: the port listened on (127.0.0.1 only).
        profile: the profile proposed for a new answers file.
    """

    store: AnswersStore
    token: str
    port: int
    profile: str = "vendor"
    static: dict[str, bytes] = field(default_factory=dict)


@cache
def page_env() -> Environment:
    """The pages' jinja2 environment (autoescape on, undefined names an error), made once.

    Returns:
        The environment, with the filters ``pct`` (0-1 as a whole percentage) and ``num``
        (one decimal, or a dash for no value).
    """
    env = Environment(
        loader=FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{round(100 * v)}%"
    env.filters["num"] = lambda v: "–" if v is None else f"{v:.1f}"
    return env
