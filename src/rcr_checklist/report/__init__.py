"""Reports of a scored assessment: view model, templates, PDF; WeasyPrint loads only for PDFs.

Which format is written is chosen in ``formats`` (one protocol for every output).
"""

from __future__ import annotations

from rcr_checklist.report.decision import Detail

__all__ = ["Detail"]
