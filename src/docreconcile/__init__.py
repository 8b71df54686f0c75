"""docreconcile: compare a plain-text and a PDF version of one document.

Reports what differs in substance (a changed name, a lost letter, a new date) and ignores
what differs only in layout (wrapping, hyphenation, headers, page numbers, column order).

    from docreconcile import compare
    report = compare("beslut.txt", "beslut.pdf")
    for difference in report.differences:
        print(difference.severity.value, difference.a, "->", difference.b)
"""

from docreconcile.compare import Options, compare, compare_documents
from docreconcile.errors import DocReconcileError, ExitStatus, InputError
from docreconcile.model import Category, Difference, Location, Report, Severity, SourceInfo
from docreconcile.version import __version__

__all__ = [
    "Category",
    "Difference",
    "DocReconcileError",
    "ExitStatus",
    "InputError",
    "Location",
    "Options",
    "Report",
    "Severity",
    "SourceInfo",
    "__version__",
    "compare",
    "compare_documents",
]
