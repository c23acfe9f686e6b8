"""The Jupyter kernel a review runs in: the Python running netbook, whatever else is installed.

A ``python3`` kernel found by Jupyter may belong to another interpreter (a user-wide kernelspec in
``~/.local/share/jupyter``) without netbook in it. A review asks for :data:`THIS_PYTHON`, which
:class:`ReviewKernelManager` resolves to ``sys.executable -m netbook.review.launch_kernel`` (ipykernel's
launcher without a slow optional import, see :mod:`netbook.startup`); any other name is looked up
as Jupyter would.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Final

from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets import default
from traitlets.config import Config

from netbook.review import prepare

THIS_PYTHON: Final = "netbook-this-python"
"""The kernel name of the Python that runs netbook."""

LOOPBACK: Final = "127.0.0.1"
"""Where the kernel listens: netbook and the kernel talk over local TCP sockets on it."""

START_SECONDS: Final = 60
"""How long a kernel that is running may take to answer before the review gives up."""
ARGUMENTS: Final = ("--HistoryManager.hist_file=:memory:",)
"""What the kernel is started with: no IPython history on disk (as papermill's own start does)."""
CONFIG: Final = {"KernelManager": {"transport_encryption": "auto"}}
"""CurveZMQ between netbook and the kernel when the kernel supports it: the review's data stays
encrypted on the local sockets (and ipykernel stops warning that it is not)."""


def loopback_problem(address: str = LOOPBACK, timeout: float = 2.0) -> str | None:
    """Why this process cannot talk to a kernel on ``address``, or None when it can.

    Opens a listening socket on ``address`` and connects to it, as the review will to its kernel.
    Without this, a review with the loopback network down (``lo`` not up, a sandbox without a
    network) starts its kernel and then waits for its answer for :data:`START_SECONDS`.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
            listener.bind((address, 0))
            listener.listen(1)
            with socket.create_connection(listener.getsockname()[:2], timeout=timeout):
                return None
    except OSError as error:
        return error.strerror or str(error) or type(error).__name__


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


def start(kernel_name: str, parameters: dict[str, object] | None = None) -> ReviewKernelManager:
    """A started kernel (not yet answering) for papermill to run a notebook in.

    Started before papermill and nbconvert load, so that the kernel starts while they do.

    Args:
        kernel_name: :data:`THIS_PYTHON`, or a Jupyter kernel's name.
        parameters: the review notebook's parameters, for :data:`THIS_PYTHON` to build the review
            while it starts (:mod:`netbook.review.prepare`); None builds nothing ahead.

    Raises:
        NoSuchKernel: no kernel has that name.
        OSError: the kernel's program could not be started.
    """
    manager = ReviewKernelManager(kernel_name=kernel_name, config=Config(CONFIG))
    env = dict(os.environ)
    env.pop(prepare.ENV, None)
    if parameters is not None and kernel_name == THIS_PYTHON:
        env[prepare.ENV] = prepare.encode(parameters)
    run_sync(manager.start_kernel)(extra_arguments=list(ARGUMENTS), env=env)
    return manager


def stop(manager: AsyncKernelManager) -> None:
    """Stop ``manager``'s kernel at once, if it still runs (a review that failed before it ran)."""
    if manager.has_kernel:
        run_sync(manager.shutdown_kernel)(now=True)
