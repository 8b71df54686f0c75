"""docreconcile: compare a plain-text and a PDF version of one document.

Reports what differs in substance (a changed name, a lost letter, a new date) and ignores
what differs only in layout (wrapping, hyphenation, headers, page numbers, column order).

    from docreconcile import compare
    report = compare("beslut.txt", "beslut.pdf")
    for difference in report.differences:
        print(difference.severity.value, difference.a, "->", difference.b)
"""

from typing import TYPE_CHECKING, Any

from docreconcile.version import __version__

if TYPE_CHECKING:
    from docreconcile.errors import DocReconcileError, ExitStatus, InputError
    from docreconcile.model import (
        Category,
        Difference,
        Location,
        Report,
        Severity,
        SourceInfo,
    )
    from docreconcile.pipeline import Options, compare, compare_documents

# Where each public name lives. Importing the package imports none of them: the command
# line's `--help` must not pay for the pipeline (pdfminer, rapidfuzz) it will not run.
_HOMES = {
    "Options": "docreconcile.pipeline",
    "compare": "docreconcile.pipeline",
    "compare_documents": "docreconcile.pipeline",
    "DocReconcileError": "docreconcile.errors",
    "ExitStatus": "docreconcile.errors",
    "InputError": "docreconcile.errors",
    "Category": "docreconcile.model",
    "Difference": "docreconcile.model",
    "Location": "docreconcile.model",
    "Report": "docreconcile.model",
    "Severity": "docreconcile.model",
    "SourceInfo": "docreconcile.model",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562): `docreconcile.compare` → the function."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'docreconcile' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


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
