"""The periodic review: a papermill-run notebook turned into a self-contained HTML report.

``run_review`` (and ``netbook review``) runs ``notebooks/review.ipynb``; the notebook calls
:mod:`netbook.review.notebook`. Importing this package imports nothing else: the review's kernel
starts as ``python -m netbook.review.launch_kernel`` and must not wait for polars or DuckDB
before it answers; ``run_review`` and the others load on first use, papermill and nbconvert when a
review is run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netbook.review.params import report_stem
    from netbook.review.run import ReviewError, ReviewResult, run_review

__all__ = ["ReviewError", "ReviewResult", "report_stem", "run_review"]


def __getattr__(name: str) -> Any:
    """``run_review``, ``ReviewResult``, ``ReviewError`` and ``report_stem``, imported when asked."""
    if name == "report_stem":
        from netbook.review import params

        return params.report_stem
    if name in __all__:
        from netbook.review import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
