"""The periodic review: a papermill-run notebook turned into a self-contained HTML report.

``run_review`` (and ``netbook review``) runs ``notebooks/review.ipynb``; the notebook calls
:mod:`netbook.review.notebook`. Importing this package is cheap: papermill and nbconvert are
imported when a review is run.
"""

from __future__ import annotations

from netbook.review.params import report_stem
from netbook.review.run import ReviewError, ReviewResult, run_review

__all__ = ["ReviewError", "ReviewResult", "report_stem", "run_review"]
