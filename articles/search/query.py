"""The reader's query: its words, and the whole-word patterns both databases and highlighting use.

Characters that belong to a word are written out (VIETNAMESE_LETTERS) rather
than \\b or \\y, so Python's re (SQLite, highlighting) and PostgreSQL agree exactly.
"""

import re
import unicodedata

from newsroom.text import fold, normalize, normalize_tone_marks, old_tone_placement

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 300
MAX_WORDS = 8

_WORD = re.compile(r"[^\W_]+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _vietnamese_letters() -> str:
    """Every Vietnamese letter, lower and upper case, precomposed (NFC)."""
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in ["", *_TONES]:
            letter = unicodedata.normalize("NFC", base + tone)
            letters.update([letter, letter.upper()])
    return "".join(sorted(letters))


VIETNAMESE_LETTERS = _vietnamese_letters()
# Characters that belong to a word; anything else is a word boundary. Written out
# rather than \b or \y so Python's re (SQLite) and PostgreSQL agree exactly.
WORD_CHARS = "0-9a-zA-Z" + VIETNAMESE_LETTERS
_BEFORE = f"(^|[^{WORD_CHARS}])"
_AFTER = f"([^{WORD_CHARS}]|$)"
# Base letter -> every letter that folds to it, both cases: "d" -> "dDđĐ".
_FOLD_CLASS: dict[str, str] = {}
for _letter in "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + VIETNAMESE_LETTERS:
    _FOLD_CLASS[fold(_letter)] = _FOLD_CLASS.get(fold(_letter), "") + _letter


def query_words(q: str) -> list[str]:
    """The query's words: NFC, new tone-mark placement, lower case, at most MAX_WORDS, no repeats."""
    text = normalize_tone_marks(normalize(q[:MAX_QUERY_LENGTH])).lower()
    words = []
    for word in _WORD.findall(text):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _char_class(chars: str) -> str:
    chars = "".join(dict.fromkeys(chars))
    return f"[{chars}]" if len(chars) > 1 else re.escape(chars)


def any_accents(folded_word: str) -> str:
    """A regex body matching a folded word ("dong") written with any accents and case."""
    return "".join(_char_class(_FOLD_CLASS.get(ch, ch + ch.upper())) for ch in folded_word)


def folded_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with any accents and case."""
    return f"{_BEFORE}{any_accents(fold(word))}{_AFTER}"


def exact_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with exactly its accents (either tone placement), any case."""
    variants = dict.fromkeys([word, old_tone_placement(word)])
    alternatives = "|".join("".join(_char_class(ch + ch.upper()) for ch in variant) for variant in variants)
    return f"{_BEFORE}(?:{alternatives}){_AFTER}"


