"""Which rules run on a file, and at which severity.

Selection works like ruff's: ``select`` (default: every rule that is on by
default), plus ``extend-select``, minus ``ignore``; selectors are codes or
prefixes (``SC``, ``QT00``, ``RTL001``) or ``ALL``.  When a selector in
``select``/``extend-select`` and one in ``ignore`` both match a rule, the
longer (more specific) one wins; on a tie, ``ignore`` wins.  A rule that is
off by default is only turned on by its exact code (or ``ALL``), never by a
prefix.  ``per-file-ignores`` then remove rules for files matching a glob
(relative to the configuration's folder).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Iterable, Optional, Tuple

from contentlint.globs import matches_any
from contentlint.model import Diagnostic, Severity
from contentlint.rules import ALL_RULES
from contentlint.rules.base import Rule
from contentlint.settings import Settings


@dataclasses.dataclass(frozen=True)
class Selectors:
    """One layer's ``select`` (``None``: not given), ``extend-select`` and ``ignore``."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()


def _covers(general: str, selector: str) -> bool:
    """Whether ``general`` names everything ``selector`` names (``QT`` covers ``QT001``)."""
    return general == "ALL" or selector.startswith(general)


def layer(earlier: Selectors, later: Selectors) -> Selectors:
    """The configuration's selectors with the command line's on top, as in ruff.

    A later ``select`` replaces the earlier layer outright.  Otherwise the
    later ``ignore`` drops the earlier selections it covers, and the later
    ``extend-select`` drops the earlier ignores it covers.  Within one layer
    nothing is dropped: ``is_selected`` then weighs its selectors by
    specificity, so ``--select QT001 --ignore QT`` keeps QT001.
    """
    if later.select is not None:
        return later
    select = earlier.select
    if select is not None:
        select = tuple(s for s in select if not any(_covers(i, s) for i in later.ignore))
    extend = tuple(s for s in earlier.extend_select if not any(_covers(i, s) for i in later.ignore))
    ignore = tuple(s for s in earlier.ignore if not any(_covers(e, s) for e in later.extend_select))
    return Selectors(select, extend + later.extend_select, ignore + later.ignore)


def _specificity(selector: str, code: str) -> int:
    """How closely ``selector`` names ``code``: -1 no match, 0 ``ALL``, else its length."""
    if selector == "ALL":
        return 0
    if selector and code.startswith(selector):
        return len(selector)
    return -1


def _best(selectors: Iterable[str], rule: Rule, *, exact_only: bool = False) -> int:
    best = -1
    for selector in selectors:
        if exact_only and selector not in ("ALL", rule.code):
            continue
        best = max(best, _specificity(selector, rule.code))
    return best


def is_selected(settings: Settings, rule: Rule) -> bool:
    """Whether ``select``/``extend-select``/``ignore`` turn ``rule`` on (per-file ignores aside)."""
    exact_only = not rule.default_enabled
    if settings.select is None:
        # The default set sits at the lowest specificity: any ignore beats it.
        base = -1 if exact_only else 0
        selected = max(base, _best(settings.extend_select, rule, exact_only=exact_only))
    else:
        selected = _best(settings.select + settings.extend_select, rule, exact_only=exact_only)
    return selected >= 0 and _best(settings.ignore, rule) < selected


def ignored_for_path(settings: Settings, path: str) -> Tuple[str, ...]:
    """Selectors that ``per-file-ignores`` apply to ``path``."""
    selectors: Tuple[str, ...] = ()
    for glob, ignores in settings.per_file_ignores.items():
        if matches_any((glob,), settings.root, path):
            selectors += tuple(ignores)
    return selectors


def enabled_rules(settings: Settings, path: str) -> Tuple[Rule, ...]:
    """The rules that run on ``path``, in registry order."""
    selected = _selected_rules(settings.select, settings.extend_select, settings.ignore)
    if not settings.per_file_ignores:
        return selected
    per_file = ignored_for_path(settings, path)
    return tuple(rule for rule in selected if _best(per_file, rule) < 0)


@functools.lru_cache(maxsize=64)
def _selected_rules(
    select: Optional[Tuple[str, ...]], extend_select: Tuple[str, ...], ignore: Tuple[str, ...]
) -> Tuple[Rule, ...]:
    """The registered rules these selectors turn on: worked out once, not once per file."""
    selectors = Settings(select=select, extend_select=extend_select, ignore=ignore)
    return tuple(rule for rule in ALL_RULES if is_selected(selectors, rule))


def severity_for(settings: Settings, code: str) -> Optional[Severity]:
    """The configured severity of ``code`` (most specific selector), if any."""
    best_length = -1
    chosen: Optional[str] = None
    for selector, level in settings.severity.items():
        length = _specificity(selector, code)
        if length > best_length:
            best_length, chosen = length, level
    return Severity(chosen) if chosen is not None else None


def with_severity(diagnostic: Diagnostic, settings: Settings) -> Diagnostic:
    """``diagnostic`` at the severity the configuration gives its code."""
    if not settings.severity:
        return diagnostic
    severity = severity_for(settings, diagnostic.code)
    if severity is None or severity == diagnostic.severity:
        return diagnostic
    return dataclasses.replace(diagnostic, severity=severity)
