"""The matching view of an article: the one normalised text every component reads.

News copies carry characters that look like nothing or like something else, and markup that
is not prose. The view is what the parse and every rule see; an offset map brings every
fact's offsets back to the text as read, so `text == article[start:end]` always holds.

What the view does, character by character (no other change):

| in the text as read | in the view | why |
|---|---|---|
| Unicode space separators (U+00A0 no-break, U+2000-U+200A, U+202F narrow no-break, U+205F, U+3000) | a space | "March\\u202f3" is a day, "£1\\u00a0m" an amount |
| invisible format characters (Unicode category Cf: zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks) | dropped | "£1\\u200b2m" is £12m |
| a combining mark (category Mn/Me) that does not follow a letter | dropped | a mark after a digit splits a number |
| mathematical alphanumerics (U+1D400-U+1D7FF) and full-width forms (U+FF01-U+FF5E) | their NFKC letter or digit | look-alike text reads as what it looks like |
| markdown and HTML markup: `[anchor](url)` keeps the anchor, `![alt](url)` images, `**bold**`, `__bold__`, `*em*`, `_em_`, `#` headings, `*`/`+` bullets, `>` block quotes, `<tags>` | blanked (spaces, same length) | markup is not a speaker, a name or a word of a quote |

Blanking keeps the length; dropping shortens the view, and `to_source` puts the dropped
characters back into the offsets. Pure Python, no spaCy.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")

# Markup, matched on the text after character folding. Each pattern names the groups to blank.
_LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]{0,40}\]){0,300})\]\((<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]{1,500}>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,500})?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])([^\n]{1,500}?)(?<=[^\s*_])\1")
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_])_(?!\w)")
# Line-start marks: headings, block quotes, "*" and "+" bullets. A "-" opening a line stays:
# it is also the dash of a byline ("- Chief executive Jo Bloggs").
_LINE_MARK = re.compile(r"(?m)^([ \t]{0,3})(#{1,6}[ \t]+|>[ \t]?|[*+][ \t]+)")


@dataclass
class TextView:
    """`text`: the view; `source`: the text as read; `deletions`: for each character dropped
    from the source, the view offset of the first character kept after it (sorted)."""

    text: str
    source: str
    deletions: list[int] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        """The source offset of the view character at `offset` (a span's start)."""
        return offset + bisect.bisect_right(self.deletions, offset)

    def to_source_end(self, end: int) -> int:
        """The source offset just after the view character at `end - 1` (a span's end)."""
        if end <= 0:
            return self.to_source(0) if end == 0 and not self.text else 0
        return self.to_source(end - 1) + 1

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source_end(end)


def _fold(char: str, previous: str) -> str | None:
    """The view of one character: itself, a replacement, or None (dropped)."""
    code = ord(char)
    if code < 0x80:
        return char
    if char in _SPACES:
        return " "
    category = unicodedata.category(char)
    if category == "Cf":
        return None
    if category in ("Mn", "Me") and not previous.isalpha():
        return None
    if 0x1D400 <= code <= 0x1D7FF or 0xFF01 <= code <= 0xFF5E:
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            return folded
    return char


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def blank_markup(text: str) -> str:
    """`text` with markdown and HTML markup characters replaced by spaces (same length)."""
    if not any(c in text for c in "[*_#<>-+"):
        return text
    chars = list(text)
    for m in _LINK.finditer(text):
        if m.group(1):  # an image: alt text and address are not prose
            _blank(chars, m.start(), m.end())
        else:
            _blank(chars, m.start(), m.start(2))
            _blank(chars, m.end(2), m.end())
    for pattern in (_AUTOLINK, _HTML_TAG):
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())
    for m in _STRONG.finditer(text):
        _blank(chars, m.start(), m.start(2))
        _blank(chars, m.end(2), m.end())
    for pattern in (_EM_STAR, _EM_UNDERSCORE):
        for m in pattern.finditer("".join(chars)):
            _blank(chars, m.start(), m.start(1))
            _blank(chars, m.end(1), m.end())
    for m in _LINE_MARK.finditer("".join(chars)):
        _blank(chars, m.start(2), m.end(2))
    return "".join(chars)


def make_view(source: str, markup: bool = True) -> TextView:
    """Build the matching view of `source` (see the module docstring for every rule)."""
    if source.isascii():
        return TextView(blank_markup(source) if markup else source, source)
    out: list[str] = []
    deletions: list[int] = []
    previous = " "
    for char in source:
        folded = _fold(char, previous)
        if folded is None:
            deletions.append(len(out))
            continue
        out.append(folded)
        previous = folded
    text = "".join(out)
    return TextView(blank_markup(text) if markup else text, source, deletions)
