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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

SKIPPED: Final = ("rfc3987_syntax",)
"""Optional modules netbook's processes treat as not installed."""


def skip_slow_optional_imports() -> None:
    """Mark :data:`SKIPPED` as not installed in this process, unless already imported."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import fails"


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Import inside the block as if ``names`` were not installed (unless already imported).

    For a library's optional back end netbook never uses: papermill loads pyarrow's file systems
    (and with them pyarrow and numpy, 0.2 s) only to offer ``hdfs://`` paths. After the block the
    modules import as usual.
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None: "import fails"
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
