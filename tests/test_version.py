"""One version, read by the package metadata, the CLI and the cache."""

from __future__ import annotations

import importlib.metadata

from typer.testing import CliRunner

from docreconcile import __version__
from docreconcile.cli import app


def test_the_installed_metadata_and_the_cli_say_the_version() -> None:
    assert importlib.metadata.version("docreconcile") == __version__
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
