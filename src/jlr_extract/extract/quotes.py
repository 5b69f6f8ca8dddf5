"""Direct quotations: pair the quote marks, drop titles and scare quotes, attribute a speaker.

Pairing works on the raw text, paragraph by paragraph, so an unbalanced mark never costs more
than its own paragraph. Attribution reads the dependency parse around each quotation (see
`speakers.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article_view import doc_text
from ..records import Fact
from . import speakers

DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "'‘’‚"
MARK_RE = re.compile(r"[\"“”„«»'‘’‚]")
# A paragraph ends at a blank line or at a line break followed by indentation (wire copy).
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]+\S)")
# In text that is not hard-wrapped every line break ends a paragraph.
LINE_BREAK_RE = re.compile(r"\n\s*")
# a text with a line this long is not hard-wrapped at a fixed width
UNWRAPPED_LINE_CHARS = 100
# "rock 'n' roll": both marks are apostrophes.
N_CONTRACTION_RE = re.compile(r"(?<=\s)['‘’]n['‘’](?=\s)", re.IGNORECASE)
OPEN_PUNCT = "([{—–-/"
WORD_RE = re.compile(r"\w+(?:['’.-]\w+)*")


@dataclass
class QuoteSpan:
    """One quotation: `start`/`end` from opening to closing mark inclusive."""

    start: int
    end: int
    # (start, end) of the text inside the marks in each paragraph it covers
    pieces: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = True

    def content(self, text: str) -> str:
        """The quoted words: each piece's whitespace runs made one space, pieces joined by one
        space. Read from the matching view, markup inside the marks is blank there; its blank
        run collapses like any other, and a blank left before closing punctuation or after an
        opening bracket (`[as of noon](url).` -> "as of noon .") is dropped."""
        joined = " ".join(" ".join(text[a:b].split()) for a, b in self.pieces if text[a:b].strip())
        joined = MARKUP_GAP_RE.sub("", REOPENED_RE.sub("", joined))
        return joined


# a space the blanked markup left before closing punctuation or after an opening bracket
MARKUP_GAP_RE = re.compile(r"(?<=\w) (?=[,.;:!?)\]](?:\s|$))|(?<=[(\[]) ")


# A paragraph that re-opens a running quotation, in text whose paragraph breaks were lost
# ('... for society. "I have no doubt ...'): the re-opening mark is not part of the words.
REOPENED_RE = re.compile(r'(?<=[.!?] )["\u201c](?=[A-Z])')


@dataclass
class _Open:
    pos: int
    double: bool
    pieces_start: int
    singles: int = 0  # single-mark openers at or below this one on the stack


def _push(stack: list[_Open], pos: int, double: bool, pieces_start: int) -> None:
    """Push an opener, keeping the count of single openers so no mark rescans the stack."""
    below = stack[-1].singles if stack else 0
    stack.append(_Open(pos, double, pieces_start, below + (0 if double else 1)))


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph, covering the whole text."""
    bounds, start = [], 0
    breaks = LINE_BREAK_RE if _is_unwrapped(text) else PARAGRAPH_BREAK_RE
    for match in breaks.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _is_unwrapped(text: str) -> bool:
    """True when lines are whole paragraphs (web copy), not wrapped at a fixed width (wire copy)."""
    return any(len(line) > UNWRAPPED_LINE_CHARS for line in text.split("\n"))


def _flanks(text: str, pos: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(can_open, can_close) of the mark at pos from the characters around it."""
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + 1] if pos + 1 < hi else " "
    space_before = before.isspace() or before in OPEN_PUNCT or before in DOUBLE_MARKS + SINGLE_MARKS
    space_after = after.isspace() or after in ".,;:!?)]}—–-…" or after in DOUBLE_MARKS + SINGLE_MARKS
    can_open = space_before and not after.isspace()
    can_close = space_after and not before.isspace()
    if not can_open and not can_close:  # word"word: let the pairing state decide
        can_open = can_close = True
    return can_open, can_close


def _is_apostrophe(text: str, pos: int, lo: int, hi: int, single_open: bool) -> bool:
    """True for a single mark that is an apostrophe: don't, Jones' dog, '90s."""
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + 1] if pos + 1 < hi else " "
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and not before.isalnum():
        return True
    if before.isalnum() and not after.isalnum():
        # Jones' dog, goin' home: an apostrophe unless a single quote is open to close;
        # "‘The workers’ pay is late,’": a plural possessive, when the quotation goes on
        if not single_open:
            return True
        return _is_plural_possessive(text, pos, hi)
    return False


def _is_plural_possessive(text: str, pos: int, hi: int) -> bool:
    """True for the mark at `pos` (after a word, a single quotation open) that is a plural
    possessive ("the workers’ pay"): it follows an "s", a word follows it, and a later single
    mark in the paragraph closes the quotation before any new one opens."""
    if text[pos - 1] not in "sS" or pos + 2 >= hi or text[pos + 1] != " " or not text[pos + 2].isalnum():
        return False
    for i in range(pos + 1, hi):
        if text[i] not in "'’‘":
            continue
        before = text[i - 1]
        after = text[i + 1] if i + 1 < hi else " "
        if text[i] == "‘" or (before.isspace() and after.isalnum()):
            return False  # a new quotation opens first: the mark at pos closed this one
        if not before.isspace() and not after.isalnum():
            return True
    return False


def _mark_kind(char: str) -> tuple[bool, bool | None, bool | None]:
    """(double, forced_open, forced_close) for a mark character; None = decided by context."""
    double = char in DOUBLE_MARKS
    if char in "“„«‘‚":
        return double, True, None
    if char in "”»’":
        return double, None, True
    return double, None, None


# Typewriter/LaTeX marks of newswire copy: ``...'' (or ''...'' in some archives), `...' inside.
DOUBLED_MARK_RE = re.compile(r"``|'''|''|`")


def _single_char_marks(text: str) -> str:
    """text, same length, with each typewriter mark made one ordinary mark: a doubled mark
    (`` or '') becomes one double mark plus a space on its outer side, so pairing sees one
    mark whose flanks still tell opener from closer. `` always opens and a lone ` opens a single
    quotation; '' opens before a word and closes otherwise; ''' is '' with a single mark inside."""
    if "`" not in text and "''" not in text:
        return text
    chars = list(text)
    for match in DOUBLED_MARK_RE.finditer(text):
        pos, mark = match.start(), match.group()
        after = text[match.end()] if match.end() < len(text) else " "
        opens = after.isalnum() or after in "$£€(`"
        if mark == "`":
            chars[pos] = "‘"
        elif mark == "``" or (opens and len(mark) == 2):
            chars[pos], chars[pos + 1] = " ", "“" if mark == "``" else '"'
        elif len(mark) == 3:
            # closing, the single mark closes first; opening, the double mark opens first
            chars[pos : pos + 3] = [" ", '"', "'"] if opens else ["'", '"', " "]
        else:
            chars[pos], chars[pos + 1] = '"', " "
    return "".join(chars)


def _widen_to_doubled_marks(text: str, span: QuoteSpan) -> QuoteSpan:
    """Give back to a span the outer half of a doubled mark that _single_char_marks blanked."""
    if span.start > 0 and text[span.start - 1 : span.start + 1] in ("``", "''"):
        span.start -= 1
    if text[span.end - 1 : span.end + 1] == "''":  # also a multi-paragraph quotation's last mark
        span.end += 1
    return span


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Outermost quotations in text, following the multi-paragraph convention. Never raises."""
    original, text = text, _single_char_marks(text)
    spans: list[QuoteSpan] = []
    carried: QuoteSpan | None = None  # a quotation left open at the end of the last paragraph
    carried_double = True
    apostrophes = {m.start() for m in N_CONTRACTION_RE.finditer(text)}
    apostrophes |= {m.end() - 1 for m in N_CONTRACTION_RE.finditer(text)}
    for lo, hi in paragraph_bounds(text):
        marks = [m.start() for m in MARK_RE.finditer(text, lo, hi) if m.start() not in apostrophes]
        stack: list[_Open] = []
        current = None
        if carried is not None:
            first = next((i for i in range(lo, hi) if not text[i].isspace()), hi)
            if marks and marks[0] == first and (text[first] in DOUBLE_MARKS) == carried_double:
                current = carried
                _push(stack, first, carried_double, first + 1)
                marks = marks[1:]
            else:
                _close_unfinished(carried, spans, carried_double)
            carried = None
        for pos in marks:
            current = _step(text, pos, lo, hi, stack, spans, current)
        if stack:
            bottom = stack[0]
            if current is None:
                current = QuoteSpan(bottom.pos, hi, [], closed=False)
            content_end = hi
            while content_end > bottom.pos + 1 and text[content_end - 1].isspace():
                content_end -= 1
            current.pieces.append((bottom.pieces_start, content_end))
            current.end = content_end
            carried, carried_double = current, bottom.double
    if carried is not None:
        _close_unfinished(carried, spans, carried_double)
    parts = [part for span in spans for part in _split_transcript_turns(text, span)]
    if original is not text:
        parts = [_widen_to_doubled_marks(original, part) for part in parts]
    return parts


def _split_transcript_turns(text: str, span: QuoteSpan) -> list[QuoteSpan]:
    """A multi-paragraph quotation whose later paragraph opens a new speaker's turn
    ("SMITH: ...") is a new quotation: the quote marks only group the transcript."""
    if len(span.pieces) < 2:
        return [span]
    parts: list[QuoteSpan] = []
    current = QuoteSpan(span.start, span.end, [], span.closed)
    for piece in span.pieces:
        if current.pieces and speakers.speaker_label(text, piece[0]) is not None:
            current.closed = False
            parts.append(current)
            current = QuoteSpan(piece[0] - 1, span.end, [], span.closed)
        current.pieces.append(piece)
        current.end = piece[1] if piece is not span.pieces[-1] else span.end
    parts.append(current)
    return parts


def _close_unfinished(span: QuoteSpan, spans: list[QuoteSpan], double: bool) -> None:
    """A double quotation never closed runs to the end of its last paragraph; an unclosed
    single mark is more likely a stray apostrophe ('em, 'cause) and is dropped."""
    if double:
        span.closed = False
        spans.append(span)


def _step(text, pos, lo, hi, stack, spans, current):
    """Feed one mark to the pairing state; returns the open outermost QuoteSpan, if any."""
    char = text[pos]
    double, forced_open, forced_close = _mark_kind(char)
    singles = stack[-1].singles if stack else 0
    if not double and _is_apostrophe(text, pos, lo, hi, singles > 0):
        return current
    can_open, can_close = _flanks(text, pos, lo, hi)
    if forced_open and not (can_close and not can_open):
        can_open, can_close = True, False
    elif forced_close and not (can_open and not can_close):
        can_open, can_close = False, True
    # is an opener of the same weight on the stack? (told by the count: marks stay linear)
    same_weight_open = singles < len(stack) if double else singles > 0
    if can_close and stack:
        # close the innermost open mark of the same weight; inner unclosed ones are dropped
        for depth in range(len(stack) - 1 if same_weight_open else -1, -1, -1):
            if stack[depth].double == double:
                opener = stack[depth]
                del stack[depth:]
                if not stack:
                    if current is None:
                        current = QuoteSpan(opener.pos, pos + 1)
                    current.pieces.append((opener.pieces_start, pos))
                    current.end = pos + 1
                    spans.append(current)
                    current = None
                return current
        if not double:
            return current  # a lone single closer inside double quotes: an apostrophe
    if can_open and double and stack and stack[-1].double and _after_sentence_end(text, pos, lo):
        # Double marks do not nest in English: a second opener after a full stop re-opens a
        # paragraph whose break was lost ('... for society. "I have ...'), so it continues.
        return current
    if can_open:
        _push(stack, pos, double, pos + 1)
    return current


def _after_sentence_end(text: str, pos: int, lo: int) -> bool:
    """White space then a full stop, "!" or "?" before pos (within the paragraph from lo)."""
    if pos <= lo or not text[pos - 1].isspace():
        return False
    end = pos
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end > lo and text[end - 1] in ".!?"


# --- filtering and attribution ---------------------------------------------------------------

MIN_WORDS = 3
# an un-attributed fragment this long is quoted speech or writing, not a phrase in marks
LONG_FRAGMENT_WORDS = 8


def word_count(content: str) -> int:
    return len(WORD_RE.findall(content))


def extract(doc, context):
    text = doc_text(doc)
    facts = []
    spans = find_quote_spans(text)
    if not spans:
        return facts
    attributions = speakers.attribute_all(doc, spans, paragraph_bounds(text))
    for span, attribution in zip(spans, attributions):
        content = span.content(text)
        if not content or not _is_quotation(content, attribution):
            continue
        value = {
            "content": content,
            # blanked markup inside a name ("[Jo Fox](url)") leaves a run of spaces
            "speaker": " ".join(attribution.speaker.split()) if attribution.speaker else attribution.speaker,
            "cue": attribution.cue,
            "partial": attribution.partial,
        }
        source = "rule:quote.marks" if span.closed else "rule:quote.unclosed"
        facts.append(Fact("quote", span.start, span.end, source, value))
    return facts


def _is_quotation(content: str, attribution) -> bool:
    """Titles, names, scare quotes and short terms are not quotations.

    Quoted terms of one or two words are left out even when a cue attributes them
    ('called it "a con"'): the facts-v1 gold does not annotate two-word quotes, so they
    would be noise for our users' counts. A short fragment inside the writer's sentence with
    no cue and no speaker near ('a "state of the art" plant') is an idiom in marks.
    """
    if word_count(content) < MIN_WORDS:
        return False
    if attribution.looks_like_title:
        return False  # even with a cue: 'said on "Meet the Press,"' names a programme
    if attribution.direct_cue:
        return True
    if attribution.partial and attribution.cue is None and attribution.speaker is None:
        # an idiom in marks is short; a long fragment is someone's words even with no cue
        return word_count(content) >= LONG_FRAGMENT_WORDS
    return True
