"""Loading WeasyPrint's native libraries without ctypes' slow search for names that miss."""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys

__all__ = ["load_weasyprint"]


def _not_found(name: str) -> None:
    """A ``find_library`` that finds nothing, at once."""
    return None


def load_weasyprint() -> None:
    """Import WeasyPrint, sparing the library lookups that cannot succeed on Linux.

    WeasyPrint opens each native library (gobject, pango, harfbuzz, fontconfig, ...) by trying
    several names in turn, the Linux soname (``libpango-1.0.so.0``) among them, which the
    dynamic loader opens directly. Each name before it misses, and for every miss ctypes'
    ``find_library`` runs ``ldconfig`` and ``gcc`` in subprocesses: about twenty lookups, a
    third to half a second of every command that makes a PDF. While WeasyPrint loads, that
    lookup answers "not found" at once. Should that leave a library unloaded (a system
    without the usual sonames), the import is undone and made again the ordinary way.
    Elsewhere than Linux, or once WeasyPrint is loaded, this only imports it.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401

        return
    real = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        # WeasyPrint prints advice before it re-raises a failed load: not news if we retry
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
        return
    except OSError:
        for module in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
            del sys.modules[module]
    finally:
        ctypes.util.find_library = real
    import weasyprint  # noqa: F401, F811
