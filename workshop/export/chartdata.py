"""Chart data whose embedded workbook holds participants' words as text, never as formulas or links.

python-pptx writes the workbook behind every native chart with XlsxWriter, which by default stores a string
starting with '=' as a formula and one starting with 'http://' as a hyperlink. A word-cloud word or statement
such as '=HYPERLINK(...)' would then run when a researcher clicks "Edit data" in PowerPoint.
"""

from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.util import lazyproperty
from xlsxwriter import Workbook

# Every string is written as a string: no formulas, no array formulas, no links, no numbers guessed from text.
TEXT_ONLY = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
             "strings_to_numbers": False}


class _TextOnly:
    """A python-pptx workbook writer with XlsxWriter told to keep every string as text."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, TEXT_ONLY)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TextWorkbookWriter(_TextOnly, CategoryWorkbookWriter):
    """python-pptx's workbook writer of bar charts, strings kept as text."""


class TextXyWorkbookWriter(_TextOnly, XyWorkbookWriter):
    """python-pptx's workbook writer of XY (scatter) charts, strings kept as text."""


class TextChartData(CategoryChartData):
    """CategoryChartData whose embedded workbook holds text as text (TextWorkbookWriter)."""

    @lazyproperty
    def _workbook_writer(self):
        return TextWorkbookWriter(self)


class TextXyChartData(XyChartData):
    """XyChartData whose embedded workbook holds text as text (the grid's scatter chart)."""

    @lazyproperty
    def _workbook_writer(self):
        return TextXyWorkbookWriter(self)
