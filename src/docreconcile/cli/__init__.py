"""The command line: parse options, call the library, pick a reporter, set the exit code.

`docreconcile A B` runs the `compare` command: the group (`app`) inserts it when the first
argument is not a command name, so the other commands sit beside it. One module per
command, each a thin layer over the library; `options` holds what they share, `app` the
group and its help, `main` the entry point.
"""

# isort: off
# Each command's module registers it on `app` when imported: in the order `--help` lists
# them.
from docreconcile.cli import compare, accept, review, reconcile, batch  # noqa: F401
from docreconcile.cli.app import app
from docreconcile.cli.main import main

# isort: on

__all__ = ["app", "main"]
