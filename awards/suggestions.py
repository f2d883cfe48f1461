"""Suggested awards from an article's text, and turning a confirmed one into a draft award.

The phrasings are data (awards/phrasings.json, or the file named by the
AWARDS_PHRASINGS_FILE setting): a pattern such as
"{verb} {form} của {issuer} cho {recipients}" becomes a regular expression in
which {form} is any name in the managed AwardForm list. Nothing here writes
except `confirm`, which an editor calls from the admin.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from newsroom.text import fold, normalize

from .models import Award, AwardForm, RecipientKind, Visibility, clean_text

DEFAULT_PHRASINGS_FILE = Path(__file__).resolve().parent / "phrasings.json"
PLACEHOLDERS = {"verb", "form", "issuer", "recipients"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+")
_PUNCTUATION = ",.;:()!?…\"“”"
BOTH_KINDS = "both"


@dataclass(frozen=True)
class Suggestion:
    form: str
    issuer: str
    recipient_kind: str | None  # "collective", "individual", "both" or None
    reason: str
    year: int | None
    text: str  # the sentence it came from, for the editor; not part of the JSON contract

    def as_json(self) -> dict:
        """The contract shape of `suggest_awards --json` (docs/developers.md, "Suggestions from article text")."""
        return {"form": self.form, "issuer": self.issuer, "recipient_kind": self.recipient_kind,
                "reason": self.reason, "year": self.year}


def _words(text: str) -> str:
    """A literal phrase as a regex: escaped, any run of whitespace matching any other."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _literal(text: str) -> str:
    """The text between two placeholders: its words, with any surrounding space as \\s+."""
    if not text:
        return ""
    if not text.strip():
        return r"\s+"
    return ((r"\s+" if text[:1].isspace() else "") + _words(text)
            + (r"\s+" if text[-1:].isspace() else ""))


def _alternation(phrases: list[str]) -> str:
    # Longest first so that "trao tặng" wins over "tặng" and "Huân chương ..." over shorter names.
    return "|".join(_words(p) for p in sorted(phrases, key=len, reverse=True))


class Phrasings:
    """The phrasings file, checked and compiled against the current list of award forms."""

    def __init__(self, data: dict, forms: list[str], source: str = "phrasings"):
        try:
            verbs = [str(v) for v in data["verbs"]]
            templates = [(str(p.get("name", p["pattern"])), str(p["pattern"])) for p in data["phrasings"]]
            stops = [str(s) for s in data.get("issuer_ends_before", [])]
            self.reason_markers = [str(s) for s in data.get("reason_starts_with", [])]
            self.kind_words = {kind: [fold(w) for w in words]
                               for kind, words in data.get("recipient_kinds", {}).items()}
            self.year_patterns = [re.compile(p, re.IGNORECASE) for p in data.get("year_patterns", [])]
        except (KeyError, TypeError, AttributeError, re.error) as exc:
            raise ImproperlyConfigured(f"{source}: tệp mẫu câu khen thưởng sai cấu trúc ({exc}).") from None
        unknown_kinds = set(self.kind_words) - {RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL}
        if unknown_kinds:
            raise ImproperlyConfigured(f"{source}: recipient_kinds chỉ nhận collective, individual "
                                       f"(không nhận {', '.join(sorted(unknown_kinds))}).")
        stop = rf"\s+(?:{_alternation(stops)})(?!\w)" if stops else r"(?!)"
        pieces = {
            "verb": rf"(?:{_alternation(verbs)})",
            "form": rf"(?P<form>{_alternation(forms) or '(?!)'})",
            # As many words as possible, but never across punctuation or a stop word.
            "issuer": rf"(?P<issuer>(?:(?!{stop})[^{re.escape(_PUNCTUATION)}])+)",
        }
        self.patterns = []
        for name, template in templates:
            used = _PLACEHOLDER.findall(template)
            unknown = set(used) - PLACEHOLDERS
            if unknown or not {"form", "issuer"} <= set(used) or len(used) != len(set(used)):
                raise ImproperlyConfigured(
                    f"{source}: mẫu «{template}» phải có đúng một {{form}} và một {{issuer}}, và chỉ dùng "
                    f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}.")
            regex, position = [], 0
            for match in _PLACEHOLDER.finditer(template):
                regex.append(_literal(template[position:match.start()]))
                placeholder = match.group(1)
                if placeholder == "recipients":
                    # Leading recipients stay inside one clause; trailing ones run to the end of the sentence.
                    leading = not template[:match.start()].strip()
                    regex.append(r"(?P<recipients>[^,.;:!?]+)" if leading else r"(?P<recipients>[^.;!?]+)")
                else:
                    regex.append(pieces[placeholder])
                position = match.end()
            regex.append(_literal(template[position:]))
            self.patterns.append((name, re.compile("".join(regex), re.IGNORECASE)))
        self._forms = {fold(name): name for name in forms}
        self._reason = re.compile(rf"(?<!\w)(?:{_alternation(self.reason_markers)})(?!\w)", re.IGNORECASE) \
            if self.reason_markers else None

    @classmethod
    def load(cls, path: Path | None = None) -> "Phrasings":
        path = Path(path or getattr(settings, "AWARDS_PHRASINGS_FILE", None) or DEFAULT_PHRASINGS_FILE)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"{path}: không đọc được tệp mẫu câu khen thưởng ({exc}).") from None
        forms = list(AwardForm.objects.values_list("name", flat=True))
        return cls(data, forms, source=str(path))

    def find(self, sentence: str) -> list[Suggestion]:
        found = []
        for _name, pattern in self.patterns:
            for match in pattern.finditer(sentence):
                found.append(self._suggestion(match, sentence))
        return found

    def _suggestion(self, match: re.Match, sentence: str) -> Suggestion:
        groups = match.groupdict()
        form = self._forms.get(fold(" ".join(groups["form"].split())), groups["form"])
        issuer = clean_text(groups["issuer"]).strip(_PUNCTUATION + " ")
        recipients = clean_text(groups.get("recipients") or "")
        tail = clean_text(sentence[match.end():])
        reason = ""
        for in_recipients, text in ((True, recipients), (False, tail)):
            marker = self._reason.search(text) if self._reason else None
            if marker:
                reason = text[marker.start():].strip(_PUNCTUATION + " ")
                if in_recipients:
                    recipients = recipients[:marker.start()]
                break
        return Suggestion(form=form, issuer=issuer, recipient_kind=self._kind(recipients), reason=reason,
                          year=self._year(reason) or self._year(sentence), text=clean_text(sentence))

    def _kind(self, recipients: str) -> str | None:
        folded = f" {' '.join(re.sub(r'[^0-9a-z]+', ' ', fold(recipients)).split())} "
        kinds = [kind for kind, words in self.kind_words.items()
                 if any(f" {word} " in folded for word in words)]
        if len(kinds) > 1:
            return BOTH_KINDS
        return kinds[0] if kinds else None

    def _year(self, text: str) -> int | None:
        for pattern in self.year_patterns:
            match = pattern.search(text)
            if match:
                return int(match.group(match.lastindex or 0))
        return None


def sentences(texts: list[str]) -> list[str]:
    result = []
    for text in texts:
        for line in normalize(text or "").split("\n"):
            result.extend(s for s in _SENTENCE_END.split(line.strip()) if s)
    return result


def suggest(texts: list[str], phrasings: Phrasings | None = None) -> list[Suggestion]:
    """Suggestions from texts in reading order, one per (form, issuer, year)."""
    phrasings = phrasings or Phrasings.load()
    seen, result = set(), []
    for sentence in sentences(texts):
        for suggestion in phrasings.find(sentence):
            key = (suggestion.form, fold(suggestion.issuer), suggestion.year)
            if key not in seen:
                seen.add(key)
                result.append(suggestion)
    return result


def texts_of_parsed(parsed) -> list[str]:
    """Lead, paragraphs and captions of an articles.importer.ParsedArticle."""
    return [parsed.lead, *parsed.paragraphs, *(photo.caption for photo in parsed.photos)]


def texts_of_article(article) -> list[str]:
    return [article.lead, *article.body_text().split("\n"), *(slot.caption for slot in article.photo_slots.all())]


def suggest_for_article(article, phrasings: Phrasings | None = None) -> list[Suggestion]:
    return suggest(texts_of_article(article), phrasings)


def existing_award(article, *, form: AwardForm, issuer_title: str, year: int | None):
    """The award already confirmed from this article for the same form, issuer and year, or None."""
    wanted = fold(clean_text(issuer_title))
    candidates = article.awards.filter(form=form)
    if year:
        candidates = candidates.filter(year=year)
    for award in candidates:
        if fold(award.issuer_title) == wanted:
            return award
    return None


@transaction.atomic
def confirm(*, article, form: AwardForm, issuer_title: str, year: int, reason: str = "",
            issuer_organization: str = "", movement: str = "", source_text: str = "") -> Award:
    """Make an internal (draft) award from a suggestion an editor confirmed, linked to the article.

    Raises ValidationError if the same suggestion was already confirmed for this article.
    """
    duplicate = existing_award(article, form=form, issuer_title=issuer_title, year=year)
    if duplicate is not None:
        raise ValidationError(f"Gợi ý này đã được xác nhận: {duplicate}.")
    note = f"Gợi ý từ bài «{article.title}» (#{article.pk})"
    if source_text:
        note += f": «{clean_text(source_text)}»"
    award = Award(form=form, issuer_title=issuer_title, issuer_organization=issuer_organization, movement=movement,
                  period_start=year, reason=reason, visibility=Visibility.INTERNAL, note=note)
    award.full_clean()
    award.save()
    award.articles.add(article)
    return award
