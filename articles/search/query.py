"""The reader's query: its words, phrases and exclusions, and the whole-word patterns
both databases and highlighting use.

Syntax: words (every one must be found); "two words" in quotes (adjacent and in
that order); -word or -"two words" (articles with it are left out). A word typed
with marks means exactly that word; see Query.marked.

Characters that belong to a word are written out (VIETNAMESE_LETTERS) rather
than \\b or \\y, so Python's re (SQLite, highlighting) and PostgreSQL agree exactly.
"""

import dataclasses
import re
import unicodedata

from newsroom.text import fold, normalize, normalize_tone_marks, old_tone_placement

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 300
MAX_WORDS = 8

_WORD = re.compile(r"[^\W_]+")
# A term: an optional minus at the start of a word (after a space or at the start:
# the hyphen of "đường-phố" is not one), then a quoted phrase or a word.
_QUOTES = "\"“”„"
_TERM = re.compile(rf"(?:(?<!\S)(-))?(?:[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]|([^\W_]+))")
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
# Between the words of a phrase: anything that is not a word character (PostgreSQL's
# positions skip spaces and punctuation alike).
_BETWEEN = f"[^{WORD_CHARS}]+"
# Base letter -> every letter that folds to it, both cases: "d" -> "dDđĐ".
_FOLD_CLASS: dict[str, str] = {}
for _letter in "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + VIETNAMESE_LETTERS:
    _FOLD_CLASS[fold(_letter)] = _FOLD_CLASS.get(fold(_letter), "") + _letter


@dataclasses.dataclass(frozen=True)
class Term:
    """One word, or the words of a quoted phrase (adjacent, in order)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclasses.dataclass(frozen=True)
class Query:
    """What the reader asked for: terms to find (all of them) and terms to leave out."""

    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.include)

    @property
    def words(self) -> list[str]:
        """The words to find, in the order typed, each once (highlighting, the phrase rung)."""
        return list(dict.fromkeys(word for term in self.include for word in term.words))

    @property
    def marked(self) -> bool:
        """Typed with marks (any word has a diacritic or đ): then every word means exactly itself.

        A reader who types "khen thưởng" means that word and not "khen thường"; a
        reader who types "khen thuong" may mean any spelling.
        """
        return any(fold(word) != word for word in self.words)


def cut_query(q: str) -> str:
    """The query cut to MAX_QUERY_LENGTH characters, never inside a word (a half word finds nothing)."""
    q = q.strip()
    if len(q) <= MAX_QUERY_LENGTH:
        return q
    cut = q[:MAX_QUERY_LENGTH + 1]
    space = max(cut.rfind(" "), cut.rfind("\t"), cut.rfind("\n"))
    return (cut[:space] if space > 0 else q[:MAX_QUERY_LENGTH]).strip()


def parse_query(q: str) -> Query:
    """The query's terms: NFC, new tone-mark placement, lower case, at most MAX_WORDS words, no repeats."""
    text = normalize_tone_marks(normalize(cut_query(q))).lower()
    include, exclude, count = [], [], 0
    for match in _TERM.finditer(text):
        minus, phrase, word = match.groups()
        words = tuple(_WORD.findall(phrase)) if phrase is not None else (word,)
        words = words[:MAX_WORDS - count]
        if not words:
            continue
        term, terms = Term(words), (exclude if minus else include)
        if term not in include and term not in exclude:
            terms.append(term)
            count += len(words)
    return Query(include=tuple(include), exclude=tuple(exclude))


def query_words(q: str) -> list[str]:
    """The words to find (not the excluded ones), in the order typed, each once."""
    return parse_query(q).words


def _char_class(chars: str) -> str:
    chars = "".join(dict.fromkeys(chars))
    return f"[{chars}]" if len(chars) > 1 else re.escape(chars)


def any_accents(folded_word: str) -> str:
    """A regex body matching a folded word ("dong") written with any accents and case."""
    return "".join(_char_class(_FOLD_CLASS.get(ch, ch + ch.upper())) for ch in folded_word)


def exact_accents(word: str) -> str:
    """A regex body matching `word` with exactly its accents (either tone placement), any case."""
    variants = dict.fromkeys([word, old_tone_placement(word)])
    return "(?:" + "|".join("".join(_char_class(ch + ch.upper()) for ch in variant) for variant in variants) + ")"


def words_pattern(words, *, exact: bool) -> str:
    """A regex matching the words as whole words, adjacent and in order (one word: that word)."""
    bodies = [exact_accents(word) if exact else any_accents(fold(word)) for word in words]
    return f"{_BEFORE}{_BETWEEN.join(bodies)}{_AFTER}"


def folded_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with any accents and case."""
    return words_pattern([word], exact=False)


def exact_word_pattern(word: str) -> str:
    """A regex matching `word` as a whole word with exactly its accents (either tone placement), any case."""
    return words_pattern([word], exact=True)
