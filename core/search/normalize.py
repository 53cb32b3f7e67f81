"""The one normalization that both the stored search documents and the typed queries go through.

Arabic: diacritics, tatweel and direction marks go; alef forms, taa marbuta and alef maqsura are
unified; Arabic-Indic digits become ASCII; a light stemmer (after Larkey's Light10) strips the
conjunction و, the article with or without a clinging preposition (ال وال فال بال كال لل) and the
plural and feminine endings, keeping a stem of at least two letters. English and other Latin
script: case folding, accents dropped, then the Snowball English stemmer.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Harakat, tanwin, shadda, sukun, superscript alef and the Quranic annotation marks.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
TATWEEL = "\u0640"
# Direction marks, embeddings, overrides, isolates, zero-width characters and the BOM.
INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f]")
LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
# Possessive 's would otherwise leave a stray "s" token behind.
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# A word: letters and digits of any script; underscores and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
# A word in display text, with its diacritics and tatweel, for highlighting.
DISPLAY_WORD = re.compile("(?:[^\\W_]|[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed])+")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")

ARTICLES = ("وال", "فال", "بال", "كال", "لل", "ال")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
MIN_STEM = 2
# The longest token kept: longer runs are not words anybody types.
MAX_TOKEN = 60

_english = Stemmer.Stemmer("english")


def clean_text(text):
    """Drop invisible and control characters and Arabic diacritics; unify letter forms."""
    text = INVISIBLE.sub("", text or "")
    text = ARABIC_MARKS.sub("", text).replace(TATWEEL, "")
    return unicodedata.normalize("NFKC", text).translate(LETTERS)


def stem_arabic(word):
    """Return the light stem of an Arabic word already cleaned by clean_text."""
    if word.startswith("و") and len(word) - 1 >= 3:
        word = word[1:]
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
            word = word[len(article) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
    return word


def stem_latin(word):
    """Return the English stem of a lower-cased word, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    word = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _english.stemWord(word)


@lru_cache(maxsize=65536)
def normalize_word(word):
    """Return the search token of one cleaned word."""
    word = word.casefold()[:MAX_TOKEN]
    if ARABIC_LETTER.search(word):
        return stem_arabic(word)
    if word.isdigit():
        return word
    return stem_latin(word)


def tokens(text):
    """Return the search tokens of a text, in order."""
    text = POSSESSIVE.sub("", clean_text(text))
    return [token for token in (normalize_word(word) for word in WORD.findall(text)) if token]


def normalize(text):
    """Return the search document of a text: its tokens joined by spaces."""
    return " ".join(tokens(text))


def display_words(text):
    """Yield (start, end, token) for every word of a display text, diacritics included."""
    for match in DISPLAY_WORD.finditer(text or ""):
        found = _word_tokens(match.group())
        if found:
            yield match.start(), match.end(), found


@lru_cache(maxsize=65536)
def _word_tokens(word):
    """Return the tokens of one display word (cached: snippets repeat the same words)."""
    return tuple(tokens(word))
