"""The one CSV writer for every download: UTF-8 with a BOM, and no cell a spreadsheet runs.

A text cell that starts with = + - @ (or a tab or carriage return, which spreadsheet programs
skip before looking) is read as a formula by Excel and LibreOffice: an applicant who types
`=HYPERLINK(...)` as their name would run it on the coordinator's machine. Such cells get a
leading apostrophe, the spreadsheet's own "this is text" mark. Numbers are written as they are
(a negative number is not a formula).
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """`value` as a spreadsheet will read it as plain data."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        value = str(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell goes through `safe_cell`."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download (BOM first, so spreadsheet programs read UTF-8) of `header` and `rows`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = SafeWriter(response)
    writer.writerow([str(label) for label in header])
    writer.writerows(rows)
    return response
