"""The Jupyter kernel a review runs in: the Python running netbook, whatever else is installed.

A ``python3`` kernel found by Jupyter may belong to another interpreter (a user-wide kernelspec in
``~/.local/share/jupyter``) without netbook in it. A review asks for :data:`THIS_PYTHON`, which
:class:`ReviewKernelManager` resolves to ``sys.executable -m netbook.review.launch_kernel`` (ipykernel's
launcher without a slow optional import, see :mod:`netbook.startup`); any other name is looked up
as Jupyter would.
"""

from __future__ import annotations

import sys
from typing import Final

from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

THIS_PYTHON: Final = "netbook-this-python"
"""The kernel name of the Python that runs netbook."""


class ThisPythonKernelSpecs(KernelSpecManager):
    """Jupyter's kernelspecs, plus :data:`THIS_PYTHON`."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """The spec of ``kernel_name``; :data:`THIS_PYTHON` is ``sys.executable``'s ipykernel."""
        if kernel_name == THIS_PYTHON:
            spec_dict = get_kernel_dict()
            spec_dict["argv"] = [
                sys.executable,
                *("-m", "netbook.review.launch_kernel", "-f", "{connection_file}"),
            ]
            spec: KernelSpec = self.kernel_spec_class(resource_dir=RESOURCES, **spec_dict)
            return spec
        found: KernelSpec = super().get_kernel_spec(kernel_name)
        return found


class ReviewKernelManager(AsyncKernelManager):
    """A kernel manager that knows :data:`THIS_PYTHON` (handed to papermill's nbclient engine)."""

    @default("kernel_spec_manager")
    def _this_python_specs(self) -> KernelSpecManager:
        return ThisPythonKernelSpecs(data_dir=self.data_dir)
