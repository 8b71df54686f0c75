"""The plain values that flow from one pipeline stage to the next.

Every stage takes one of these and returns the next one; none of them holds behaviour
beyond small lookups, so each stage can be tested on values built by hand.

    path --extract--> Document --normalize--> NormalizedDocument
         --align--> list[Pair] --diff--> list[Change] --classify--> list[Difference] --> Report

`sources` holds what a reader gives, `text` what the stages between pass on,
`categories` how a difference is judged, `report` what a comparison reports.
"""

from docreconcile.model.categories import CATEGORY_SEVERITY, FAIL_ON, Category, Severity
from docreconcile.model.report import (
    VERDICTS,
    AcceptedDifference,
    Decision,
    Difference,
    LinePiece,
    ParagraphView,
    Report,
    Row,
    Similarity,
    SourceInfo,
    TextRange,
)
from docreconcile.model.sources import (
    Box,
    Document,
    Interned,
    Line,
    Location,
    SourceFormat,
    describe_location,
)
from docreconcile.model.text import (
    Change,
    LayoutEvent,
    NormalizedDocument,
    Pair,
    PairKind,
    Paragraph,
    Span,
    Token,
)

__all__ = [
    "CATEGORY_SEVERITY",
    "FAIL_ON",
    "VERDICTS",
    "AcceptedDifference",
    "Box",
    "Category",
    "Change",
    "Decision",
    "Difference",
    "Document",
    "Interned",
    "LayoutEvent",
    "Line",
    "LinePiece",
    "Location",
    "NormalizedDocument",
    "Pair",
    "PairKind",
    "Paragraph",
    "ParagraphView",
    "Report",
    "Row",
    "Severity",
    "Similarity",
    "SourceFormat",
    "SourceInfo",
    "Span",
    "TextRange",
    "Token",
    "describe_location",
]
