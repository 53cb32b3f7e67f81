"""Highlight the query's words in display text, diacritics and all, by normalizing each displayed word."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .normalize import display_words

SNIPPET_WORDS = 36
# Words of context kept before the first match.
LEAD_WORDS = 10


def matches(text, wanted):
    """Say whether any word of the text normalizes to one of the wanted tokens."""
    return any(set(found) & wanted for _start, _end, found in display_words(text))


def highlight(text, wanted, limit=None):
    """Return the text as safe HTML with matching words in <mark>, cut around the first match when limit is set."""
    text = text or ""
    words = list(display_words(text))
    hits = [i for i, (_start, _end, found) in enumerate(words) if set(found) & wanted]
    begin, end = 0, len(text)
    if limit and len(words) > limit:
        first = max(0, (hits[0] if hits else 0) - LEAD_WORDS)
        last = min(len(words), first + limit) - 1
        begin = words[first][0] if first else 0
        end = words[last][1] if last < len(words) - 1 else len(text)
    pieces = ["… " if begin else ""]
    position = begin
    for index in hits:
        start, stop, _found = words[index]
        if start < begin or stop > end:
            continue
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        position = stop
    pieces.append(escape(text[position:end]))
    pieces.append(" …" if end < len(text) else "")
    return mark_safe("".join(pieces))
