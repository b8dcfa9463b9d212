"""contentlint: a linter and auto-fixer for shortcodes in WordPress and Hugo content."""

__version__ = "0.1.0"
