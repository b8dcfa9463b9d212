"""SD007: a theme or module that a Hugo site declares but that is not on disk.

The run reports it once per site, on the configuration line that declares
the theme or module, because the fault lies in the checkout and not in any
content file.  This module carries the documentation so that the code can
be selected, ignored and explained like any other.
"""

from __future__ import annotations

from typing import Iterable, Tuple

from contentlint.model import Diagnostic, Severity
from contentlint.rules.base import Rule, RuleContext, rule


@rule(
    "SD007",
    "missing-theme",
    Severity.WARNING,
    summary="Hugo: a theme or module the site declares is not on disk",
)
def missing_theme(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Reports, once per site and run, a theme (`theme = ["docsy/theme"]`) or a
    module (`[[module.imports]] path = "github.com/org/theme"`) that the Hugo
    site declares but that contentlint cannot find where Hugo looks for it
    without downloading anything: the `module.replacements` target, the
    `_vendor/` folder, or the themes folder. That folder is, as for Hugo,
    the `HUGO_THEMESDIR` environment variable, else contentlint's
    `themes-dir` setting, else the site's `themesDir`, else `themes`. A site
    built with `hugo --themesDir DIR` sets `themes-dir = "DIR"` in its
    contentlint configuration (relative to that file's folder). The
    diagnostic sits on the configuration line that declares it and says
    what to run.

    While a theme is missing, a shortcode with no template is not reported
    as SD002: the missing theme may define it. Nor are Hugo's own shortcodes
    checked against Hugo's schemas (SD003 to SD006): the theme may replace
    them with its own.

    ## Why is this bad?
    The theme's shortcode templates cannot be checked against the content,
    so unknown names and wrong closing tags go unnoticed. The usual cause is
    a git submodule that was not checked out, or modules that were never
    vendored.

    ## Example
    ```
    # hugo.toml, with themes/docsy an empty submodule folder
    theme = ["docsy/theme"]
    ```

    ## Use instead
    ```
    git submodule update --init        # a theme kept as a submodule
    hugo mod vendor                    # a theme imported as a module
    npm install                        # a theme installed with npm (themesDir = "node_modules")
    ```
    or, for a site built with `hugo --themesDir ../..`, in `.contentlint.toml`:
    ```
    themes-dir = "../.."
    ```

    ## Fix safety
    No fix: contentlint does not fetch themes.
    """
    return ()


RULES: Tuple[Rule, ...] = (missing_theme,)
