"""The review's kernel: ``python -m netbook.review.launch_kernel -f CONNECTION_FILE``.

ipykernel's own launcher, after :func:`netbook.startup.skip_slow_optional_imports`.
"""

from __future__ import annotations

import sys

from netbook.startup import skip_slow_optional_imports

if __name__ == "__main__":
    if sys.path and sys.path[0] == "":  # as ipykernel_launcher: not the working folder's modules
        del sys.path[0]
    skip_slow_optional_imports()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
