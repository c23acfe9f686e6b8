"""What the processes netbook starts itself (the ``netbook`` command, a review's kernel) skip.

``rfc3987_syntax`` is an optional back end of ``jsonschema``'s ``iri`` format check; installed
(JupyterLab pulls it in), it compiles some 35 Lark parsers when imported, 1.5 s on a 2-core
laptop, and nbformat imports it in every process that reads a notebook: papermill's and the
kernel's, twice per review (python-jsonschema/jsonschema#1428). No notebook schema uses the
``iri`` format, so netbook's own processes mark it missing: jsonschema then leaves that one format
unchecked, as it does when the package is not installed. Importing netbook as a library never does
this; only :func:`netbook.cli.main` and :mod:`netbook.review.launch_kernel` call it.
"""

from __future__ import annotations

import sys
from typing import Final

SKIPPED: Final = ("rfc3987_syntax",)
"""Optional modules netbook's processes treat as not installed."""


def skip_slow_optional_imports() -> None:
    """Mark :data:`SKIPPED` as not installed in this process, unless already imported."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import fails"
