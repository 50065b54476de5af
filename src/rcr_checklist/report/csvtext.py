"""CSV for spreadsheets: one row per record whatever the text holds, formulas neutralised.

Every CSV the tool writes (the register, the action plan, the comparison) goes through here:

* text cells get the text policy (``model.text.neutralise``): a lone CR, NEL, U+2028 or U+2029
  becomes a line feed, which the writer always quotes, so a record never splits in two
  (Python's ``csv`` left a lone CR unquoted before 3.11.9 and 3.12.3);
* a cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a
  leading ``'``;
* a CSV written to a file starts with a UTF-8 byte order mark (:data:`BOM`), which is how
  Excel knows the file is UTF-8 (without it, "Café" shows as "CafÃ©").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rcr_checklist.model.text import neutralise

__all__ = ["BOM", "csv_cell", "csv_document"]

BOM = "\ufeff"
"""The UTF-8 byte order mark that starts every CSV file the tool writes."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Make one cell safe: the text policy, then a ``'`` before anything formula-like.

    Args:
        value: a cell value; only text is changed.

    Returns:
        The value, or the neutralised text.
    """
    if not isinstance(value, str):
        return value
    text = neutralise(value)
    return "'" + text if text[:1] in _FORMULA_START else text


def csv_document(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *, ignore_extra: bool = False
) -> str:
    """Write rows as CSV text with a header row (no byte order mark; see :data:`BOM`).

    Args:
        columns: the column names, in order.
        rows: one mapping per record; missing columns are left empty.
        ignore_extra: drop keys that are not columns instead of raising ValueError.

    Returns:
        CSV text, LF line ends, fields with line feeds, commas or quotes quoted.
    """
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=list(columns),
        lineterminator="\n",
        extrasaction="ignore" if ignore_extra else "raise",
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()
