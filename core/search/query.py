"""The query syntax researchers type: words (all must match), "exact phrase", -excluded, or.

A parsed query is a conjunction of groups; a group is one or more alternatives joined by `or`;
an alternative is a tuple of tokens (one token is a word, several are a phrase). Excluded
words and phrases must not occur. Every token has gone through the same normalization as the
stored documents, so the backends only compare tokens.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .normalize import INVISIBLE, tokens

MAX_QUERY_LENGTH = 200
# Enough for any real question; more terms only slow the database down.
MAX_TERMS = 12
OR_WORDS = {"or", "أو", "او"}

NOTICE_TRUNCATED = _("Your search was longer than %(limit)s characters; only the first %(limit)s were used.")
NOTICE_NO_WORDS = _("Your search has no words to look for: letters or digits are needed.")
NOTICE_ONLY_EXCLUDED = _("Say what to look for, not only what to leave out: add a word without a minus sign.")
NOTICE_UNBALANCED_QUOTE = _("A quotation mark was not closed; the words after it were searched as a phrase.")
NOTICE_TOO_MANY_TERMS = _("Only the first %(limit)s words of your search were used.")

PIECE = re.compile(r'(-?)"([^"]*)("?)|(\S+)')


@dataclass
class ParsedQuery:
    """What a researcher asked for, normalized."""

    text: str = ""
    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    @property
    def positive_tokens(self):
        """Return every token that a match contains, for highlighting."""
        return {token for group in self.groups for alternative in group for token in alternative}

    @property
    def words(self):
        """Return the normalized words of the query as one string, for similarity."""
        return " ".join(token for group in self.groups for alternative in group for token in alternative)


def clean_query(raw):
    """Return the query without control characters, cut to the length limit, and notices."""
    notices = []
    text = INVISIBLE.sub("", (raw or "").replace("\x00", "")).replace("“", '"').replace("”", '"')
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rstrip()
        notices.append(NOTICE_TRUNCATED % {"limit": MAX_QUERY_LENGTH})
    return text, notices


def parse_query(raw):
    """Parse what a researcher typed into a ParsedQuery; never raise on bad input."""
    text, notices = clean_query(raw)
    parsed = ParsedQuery(text=text, notices=notices)
    groups, excluded = [], []
    join_next = False
    term_count = 0
    for match in PIECE.finditer(text):
        minus, phrase, closing, word = match.groups()
        if word is not None:
            if word.casefold() in OR_WORDS:
                join_next = bool(groups)
                continue
            minus = "-" if word.startswith("-") and len(word) > 1 else ""
            found = tuple(tokens(word[1:] if minus else word))
        else:
            if not closing:
                notices.append(NOTICE_UNBALANCED_QUOTE)
            found = tuple(tokens(phrase))
        if not found:
            continue
        term_count += 1
        if term_count > MAX_TERMS:
            notices.append(NOTICE_TOO_MANY_TERMS % {"limit": MAX_TERMS})
            break
        if minus:
            excluded.append(found)
        elif join_next and groups:
            groups[-1].append(found)
        else:
            groups.append([found])
        join_next = False
    parsed.groups = groups
    parsed.excluded = excluded
    if text and not groups:
        parsed.notices.append(NOTICE_ONLY_EXCLUDED if excluded else NOTICE_NO_WORDS)
    return parsed


def tsquery(parsed):
    """Return the PostgreSQL tsquery text of a parsed query (tokens are letters and digits only)."""

    def alternative(found):
        return " <-> ".join(f"'{token}'" for token in found)

    def group(alternatives):
        inner = " | ".join(f"({alternative(found)})" for found in alternatives)
        return f"({inner})"

    parts = [group(alternatives) for alternatives in parsed.groups]
    parts += [f"!({alternative(found)})" for found in parsed.excluded]
    return " & ".join(parts)


def phrase_pairs(parsed):
    """Return the adjacent word pairs ("a~b") every match must hold: [group [alternative [pair]]].

    A row matches the query only if it holds these pairs (core.search.indexing.WordPairsIndexed),
    so they can select the rows to check for the phrases. A group counts when each of its
    alternatives is a phrase: a single word has no pair to ask for.
    """
    return [
        [[f"{first}~{second}" for first, second in zip(found, found[1:], strict=False)] for found in alternatives]
        for alternatives in parsed.groups
        if all(len(found) > 1 for found in alternatives)
    ]


def pairs_tsquery(groups):
    """Return the tsquery text of phrase_pairs(), "" when there are none."""
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(f"'{pair}'" for pair in pairs) + ")" for pairs in alternatives) + ")"
        for alternatives in groups
    )
