"""``python -m netbook``: the command line."""

from netbook.cli import main

main()
