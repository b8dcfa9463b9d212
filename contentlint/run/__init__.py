"""The run: everything between the command line and the analyses.

``files`` holds one file's whole run (read, decode, lint, fix, write, diff);
``many`` walks the paths, resolves settings and maps the per-file run over
worker processes.  The CLI parses arguments, calls ``many.run_check`` or
``many.inventory`` and hands what they return to a reporter.
"""
