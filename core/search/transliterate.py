"""Sound keys: a name spelled in Arabic script and the same name in Latin letters meet on one key.

A name typed in the other script (امنستي for Amnesty, Munazzama for منظمة) shares no letter
with the stored one. Both are transliterated to ASCII by anyascii, then folded to a consonant
skeleton: vowels and the letters Arabic writes for long vowels (w, y) and h dropped, letters
Arabic has no sound for mapped to the nearest it has (p > b, v > f, c and q > k, x > ks, g > j; ce, ci > s; ght > t),
doubled letters written once. Each word of three letters or more gives one key, stored with the
search title and compared with the keys of a query's words to suggest records.
"""

import re

from anyascii import anyascii

# Marks a key among the words of a search title; no word the normalizer writes starts with a digit and a letter.
PREFIX = "0"
MIN_LENGTH = 3
# Taa marbuta is written t when a Latin speaker spells the name (Munazzamat); anyascii writes h.
ARABIC_BEFORE = str.maketrans({"ة": "ت"})
LATIN_FOLDS = [
    ("ght", "t"),
    ("ce", "se"),
    ("ci", "si"),
    ("dh", "z"),
    ("x", "ks"),
    ("p", "b"),
    ("v", "f"),
    ("c", "k"),
    ("q", "k"),
    ("g", "j"),
]
DROPPED = re.compile(r"[aeiouwyh]|[^a-z]")
DOUBLED = re.compile(r"(.)\1+")


def sound_key(word):
    """Return the consonant skeleton of one word, or "" when it is too short to tell names apart."""
    latin = anyascii(word.translate(ARABIC_BEFORE)).lower()
    if latin.startswith("l") and word[:2] in ("ال", "أل", "إل"):
        latin = latin[1:]  # the Arabic article, which a Latin spelling leaves out
    for before, after in LATIN_FOLDS:
        latin = latin.replace(before, after)
    key = DOUBLED.sub(r"\1", DROPPED.sub("", latin))
    return key if len(key) >= MIN_LENGTH else ""


def sound_keys(text):
    """Return the distinct sound keys of a text's words, in order, each marked with PREFIX."""
    keys = []
    for word in re.findall(r"[^\W_]+", text or ""):
        key = sound_key(word)
        if key and PREFIX + key not in keys:
            keys.append(PREFIX + key)
    return keys
