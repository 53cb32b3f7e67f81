"""Passages as HTML with their quoted words marked: on a source's page and on a claim's page.

The passage text is curated content: every piece of it is escaped through format_html, and only
the markup written here is trusted.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from core.languages import LANGUAGE_CODES, page_language

LINE_BREAK = mark_safe("<br>")


@dataclass(frozen=True)
class Mark:
    """A quote to mark: the words a citation quotes, the id of its mark, where its link goes."""

    quote: str
    anchor: str = ""
    url: str = ""
    title: str = ""


def _lines(text):
    """Return text escaped, its line breaks as <br>."""
    return format_html_join(LINE_BREAK, "{}", ((line,) for line in text.split("\n")))


def marked_html(text, marks):
    """Return text as HTML with each mark's quote (its first occurrence) in a <mark>.

    A mark with a url links its words there; a mark with an anchor carries it as its id. A
    quote missing from the text keeps its anchor, at the start, so a link to it still lands
    on the passage. Overlapping quotes are cut at each boundary and each piece is marked.
    """
    spans, lost = [], []
    for mark in marks:
        start = text.find(mark.quote) if mark.quote else -1
        if start < 0:
            lost.append(mark)
        else:
            spans.append((start, start + len(mark.quote), mark))
    bounds = sorted({0, len(text), *(s for s, _e, _m in spans), *(e for _s, e, _m in spans)})
    parts = [format_html('<span id="{}"></span>', mark.anchor) for mark in lost if mark.anchor]
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = _lines(text[start:end])
        covering = [mark for s, e, mark in spans if s <= start and end <= e]
        if not covering:
            parts.append(piece)
            continue
        anchors = [mark.anchor for s, _e, mark in spans if s == start and mark.anchor]
        extra = format_html_join("", '<span id="{}"></span>', ((anchor,) for anchor in anchors[1:]))
        opening = format_html('<mark id="{}">', anchors[0]) if anchors else mark_safe("<mark>")
        first = covering[0]
        if first.url:
            inner = format_html('<a href="{}" title="{}">{}</a>', first.url, first.title, piece)
        else:
            inner = piece
        parts.append(format_html("{}{}{}</mark>", opening, extra, inner))
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass
class MarkedText:
    """A passage's text in one language, marked, ready for a template."""

    language: str
    direction: str
    html: str
    original: bool
    in_page_language: bool


def marked_texts(passage, marks_for):
    """Return the passage's texts, marked, the page's language first (else the other, shown in its place).

    marks_for(language, shown) gives the marks of a text; shown says it is the one the page shows first.
    """
    language = page_language()
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    texts = []
    for code in order:
        text = getattr(passage, f"text_{code}", "") or ""
        if not text:
            continue
        texts.append(
            MarkedText(
                language=code,
                direction="rtl" if get_language_info(code)["bidi"] else "ltr",
                html=format_html("<p>{}</p>", marked_html(text, marks_for(code, not texts))),
                original=code == passage.original_language,
                in_page_language=code == language,
            )
        )
    return texts
