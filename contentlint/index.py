"""Whole-document indexes, built once per document and shared by the rules.

Several rules ask the same questions of a document's whole text: where its
code is, whether it holds any right-to-left letter, whether it holds any
directional control.  A ``DocumentIndex`` answers each on first request and
keeps the answer for the document's lifetime, so no rule rescans the text
for it, and a rule family can skip a document whose index says it has
nothing for it (a file with no right-to-left letter costs the right-to-left
rules nothing).
"""

from __future__ import annotations

from typing import Optional, Tuple

from contentlint.model import FrontMatter, Span

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): the
# controls that open or close a directional state.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_OVERRIDES = "\u202d\u202e"


def _holds_any(text: str, characters: str) -> bool:
    # One substring search per character runs at C speed; a character class
    # is tried at every position of the text.
    return not text.isascii() and any(char in text for char in characters)


class DocumentIndex:
    """Facts about one document's whole text, each computed on first use."""

    __slots__ = ("_bidi", "_code_spans", "_front_matter", "_overrides", "_rtl", "text")

    def __init__(
        self,
        text: str,
        code_spans: Optional[Tuple[Span, ...]] = None,
        rtl: Optional[bool] = None,
    ) -> None:
        """``rtl`` answers ``may_hold_rtl_letters`` in advance (for a piece, the whole text's)."""
        self.text = text
        self._code_spans = code_spans
        self._rtl: Optional[bool] = rtl
        self._bidi: Optional[bool] = None
        self._overrides: Optional[bool] = None
        self._front_matter: Tuple[Optional[FrontMatter], ...] = ()  # () until read

    def share_code_spans(self, spans: Tuple[Span, ...]) -> None:
        """Take the code regions a parser already found in this same text.

        An empty tuple is not taken: a parser that does not look for code
        leaves it empty, which says nothing about the text.
        """
        if spans and self._code_spans is None:
            self._code_spans = spans

    @property
    def code_spans(self) -> Tuple[Span, ...]:
        """Where the text is code (``markup.code_spans``); an empty answer is an answer."""
        if self._code_spans is None:
            from contentlint import markup

            self._code_spans = markup.code_spans(self.text)
        return self._code_spans

    def share_front_matter(self, front_matter: Optional[FrontMatter]) -> None:
        """Take ``frontmatter.split`` of this same text, as a parser already read it."""
        if not self._front_matter:
            self._front_matter = (front_matter,)

    @property
    def front_matter(self) -> Optional[FrontMatter]:
        """``frontmatter.split`` of the text: its front matter, if it opens with any."""
        if not self._front_matter:
            from contentlint import frontmatter

            self._front_matter = (frontmatter.split(self.text),)
        return self._front_matter[0]

    @property
    def may_hold_rtl_letters(self) -> bool:
        """False when the text surely holds no strong right-to-left letter."""
        if self._rtl is None:
            from contentlint import rtl

            self._rtl = rtl.may_hold_rtl_letters(self.text)
        return self._rtl

    @property
    def has_bidi_controls(self) -> bool:
        """Whether the text holds an embedding, override, isolate or their closers."""
        if self._bidi is None:
            self._bidi = _holds_any(self.text, BIDI_CONTROLS)
        return self._bidi

    @property
    def has_bidi_overrides(self) -> bool:
        """Whether the text holds U+202D or U+202E."""
        if self._overrides is None:
            self._overrides = self.has_bidi_controls and _holds_any(self.text, BIDI_OVERRIDES)
        return self._overrides


__all__ = ["BIDI_CONTROLS", "DocumentIndex"]
