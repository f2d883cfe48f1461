"""Vietnamese text helpers shared by every app: normalisation, slugs, search folding.

Django's slugify drops Đ/đ (they do not decompose under NFKD), so "Đồng Hới"
would become "ong-hoi"; mapping them to D/d first fixes every Vietnamese letter.
"""

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils.text import slugify

_D_STROKE = str.maketrans({"Đ": "D", "đ": "d"})

# In an open syllable ending in oa/oe/uy, the tone mark sits on the first vowel in
# one spelling ("hòa", "thúy") and on the second in the other ("hoà", "thuý").
# Both mean the same word and readers type both.
_TONE = "[\u0300\u0301\u0303\u0309\u0323]"
_TONE_ON_FIRST_VOWEL = re.compile(rf"([oO])({_TONE})([aAeE])(?!\w)|([uU])({_TONE})([yY])(?!\w)")
_TONE_ON_SECOND_VOWEL = re.compile(rf"([oO])([aAeE])({_TONE})(?!\w)|([uU])([yY])({_TONE})(?!\w)")


# C0 control characters other than tab and line feed: XML 1.0 cannot carry them,
# so one in a title would make the RSS/Atom feeds fail (Django refuses to write
# them). Word's manual line break (\x0b) and page break (\x0c) become line breaks.
_CONTROL_CHARACTERS = {**{code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x20)]},
                       0x0B: "\n", 0x0C: "\n"}


def normalize(text: str) -> str:
    """NFC, LF line endings, no BOM, no control characters: the one form text is stored and compared in."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARACTERS)
    return unicodedata.normalize("NFC", text)


def _swap_final_tone(text: str, pattern: re.Pattern) -> str:
    """Move the tone mark that `pattern` finds between the two vowels of a final oa/oe/uy."""

    def move(match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + match.group(3) + match.group(2)
        return match.group(4) + match.group(6) + match.group(5)

    return unicodedata.normalize("NFC", pattern.sub(move, unicodedata.normalize("NFD", text)))


def normalize_tone_marks(text: str) -> str:
    """Put the tone of a final oa/oe/uy on its second vowel: "hòa" -> "hoà", "thúy" -> "thuý"."""
    return _swap_final_tone(text, _TONE_ON_FIRST_VOWEL)


def old_tone_placement(text: str) -> str:
    """The other spelling: the tone of a final oa/oe/uy on its first vowel: "hoà" -> "hòa"."""
    return _swap_final_tone(text, _TONE_ON_SECOND_VOWEL)


def fold(text: str) -> str:
    """Lower-case ASCII form for accent-insensitive matching: "Đồng Hới" -> "dong hoi"."""
    # str.replace, not translate(_D_STROKE): the same result, several times faster on long text.
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def slugify_vi(text: str, max_length: int = 200) -> str:
    """ASCII slug that keeps Đ/đ as d, cut at a hyphen to fit max_length."""
    slug = slugify(normalize(text).translate(_D_STROKE))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def unique_slug(model, text: str, *, instance_pk=None, field: str = "slug", max_length: int = 200,
                fallback: str = "bai", reserved: frozenset[str] = frozenset()) -> str:
    """A slug for text that no other row of model uses (nor `reserved` names): "dong-hoi", "dong-hoi-2", ..."""
    base = slugify_vi(text, max_length=max_length - 6) or fallback
    candidate = base
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager.all()
    suffix = 2
    while candidate in reserved or others.filter(**{field: candidate}).exists():
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate


def save_with_unique_slug(instance, text: str, save, kwargs: dict, *, field: str = "slug", **slug_options) -> None:
    """Give `instance` a free slug made from `text` and save it with `save(**kwargs)` (the model's own save).

    Two imports (or two editors) may race for one slug: on a collision, take the
    next free suffix instead of failing the user. Any other integrity error is raised.
    """
    model = type(instance)
    for _attempt in range(5):
        setattr(instance, field, unique_slug(model, text, instance_pk=instance.pk, field=field, **slug_options))
        try:
            with transaction.atomic():
                save(**kwargs)
            return
        except IntegrityError:
            taken = model._default_manager.filter(**{field: getattr(instance, field)}).exclude(pk=instance.pk)
            if not taken.exists():
                raise
            kwargs.pop("force_insert", None)
    raise IntegrityError(f"No free slug for {text!r}")

