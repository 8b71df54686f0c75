"""The version of docreconcile: one place, read by pyproject.toml, the CLI and the cache."""

__version__ = "0.1.0"
