"""Placeholder: this rule family is being written."""

from __future__ import annotations

from typing import Tuple

from contentlint.rules.base import Rule

RULES: Tuple[Rule, ...] = ()
