"""The review's kernel: ``python -m netbook.review.launch_kernel -f CONNECTION_FILE``.

ipykernel's own launcher, after :func:`netbook.startup.skip_slow_optional_imports`, without
ipykernel's debugger (papermill never debugs, and loading debugpy takes a third of a second), and
with the review prepared in a thread while ipykernel starts when ``run_review`` asked for it
(:mod:`netbook.review.prepare`).
"""

from __future__ import annotations

import sys
from typing import Final

from netbook.startup import skip_slow_optional_imports

NOT_LOADED: Final = ("debugpy",)
"""Modules this kernel treats as not installed: ipykernel then offers no debugger."""

if __name__ == "__main__":
    if sys.path and sys.path[0] == "":  # as ipykernel_launcher: not the working folder's modules
        del sys.path[0]
    skip_slow_optional_imports()
    for name in NOT_LOADED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import fails"
    # ipykernel and IPython load before the preparation's thread starts: the review imports
    # parts of IPython too, and two threads importing one package's modules could wait on
    # each other.
    from ipykernel import ipkernel, kernelapp  # noqa: F401  # ipkernel: the kernel class

    from netbook.review import prepare

    prepare.start()
    kernelapp.launch_new_instance()
