"""The explicit registry of every rule, in code order.

Each family module lists its rules in its own ``RULES`` tuple; this module
only puts the families together.
"""

from __future__ import annotations

from typing import Dict, Tuple

from contentlint.rules import bidi, code, io, quotes, rtl, schema, site, suppression, syntax
from contentlint.rules.base import Rule, RuleContext, rule

__all__ = ["ALL_RULES", "BY_CODE", "IO001", "Rule", "RuleContext", "rule"]

# IO001 is reported by the runner (a file it could not read), not by a check.
IO001 = "IO001"

ALL_RULES: Tuple[Rule, ...] = (
    syntax.RULES
    + code.RULES
    + quotes.RULES
    + rtl.RULES
    + bidi.RULES
    + schema.RULES
    + site.RULES
    + io.RULES
    + suppression.RULES
)

BY_CODE: Dict[str, Rule] = {r.code: r for r in ALL_RULES}
