"""Commit-time integrations: the plain git hook written by ``contentlint install-hook``.

The pre-commit framework needs no code here: ``.pre-commit-hooks.yaml`` at
the repository root runs ``contentlint check`` on the files it passes.
"""
