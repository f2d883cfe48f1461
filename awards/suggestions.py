"""Suggested awards from an article's text, and turning a confirmed one into a draft award.

The phrasings are data (awards/phrasings.json, or the file named by the
AWARDS_PHRASINGS_FILE setting): a pattern such as
"{verb} {form} của {issuer} cho {recipients}" is matched word by word, where
{form} is one or several names of the managed AwardForm list ("Bằng khen và
Giấy khen"), {verb} one of the verbs, {issuer} one or several issuers, and
{recipients} the rest of the clause. Issuers are normalised through the
"issuers" section of the same file ("Chủ tịch Ủy ban nhân dân TP Đồng Hới",
"Chủ tịch UBNDTP" -> "Chủ tịch UBND thành phố"), so that they match the names
the awards register uses.

Matching is linear in the text's length: words are read once, and every slot
matches a bounded number of words (no backtracking regular expression runs
over a paragraph). Nothing here writes except `confirm`, which an editor calls
from the admin.
"""

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.text import fold, normalize, normalize_tone_marks

from .models import Award, AwardForm, RecipientKind, Visibility, clean_text

DEFAULT_PHRASINGS_FILE = Path(__file__).resolve().parent / "phrasings.json"
PLACEHOLDERS = {"verb", "form", "issuer", "recipients"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCTUATION = ",.;:()!?…\"“”"
# Tokens that end a clause: leading recipients never cross them, an issuer never contains them.
_CLAUSE_BREAKS = frozenset(",.;:()!?…\"“”[]")
BOTH_KINDS = "both"

# Bounds that keep every slot to a few words, whatever the text.
MAX_ISSUER_WORDS = 16
MAX_FORMS_IN_A_LIST = 6
MAX_QUALIFIER_WORDS = 8
MAX_RECIPIENT_WORDS = 80
MAX_TAIL_CHARACTERS = 400
# "Bằng khen và Giấy khen", "Bằng khen, Giấy khen"; issuers the same way.
_LIST_JOINERS = frozenset({"và", ",", "hoặc"})


@dataclass(frozen=True)
class Suggestion:
    form: str
    issuer: str
    recipient_kind: str | None  # "collective", "individual", "both" or None
    reason: str
    year: int | None
    text: str  # the sentence it came from, for the editor; not part of the JSON contract

    def as_json(self) -> dict:
        """The contract shape of `suggest_awards --json` (README.md, "Awards")."""
        return {"form": self.form, "issuer": self.issuer, "recipient_kind": self.recipient_kind,
                "reason": self.reason, "year": self.year}


class _Everything:
    def __contains__(self, item):
        return True


@functools.lru_cache(maxsize=20_000)
def _key(word: str) -> str:
    """How a word is compared: lower case, one tone-mark placement (hoà = hòa), accents kept (thưởng ≠ thường)."""
    return normalize_tone_marks(word).lower()


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_key(token) for token in _TOKEN.findall(normalize(text)))


class _Trie:
    """Word sequences (verbs, form names, issuer parts), longest match at a position, in bounded time."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        self.root: dict = {}
        self.longest = 0
        for words, value in phrases.items():
            if not words:
                continue
            node = self.root
            for word in words:
                node = node.setdefault(word, {})
            node[None] = value
            self.longest = max(self.longest, len(words))

    def match(self, keys: list[str], start: int, end: int | None = None):
        """(value, end) of the longest phrase starting at keys[start], or None."""
        end = len(keys) if end is None else end
        node, found = self.root, None
        for position in range(start, min(end, start + self.longest)):
            node = node.get(keys[position])
            if node is None:
                break
            if None in node:
                found = (node[None], position + 1)
        return found


class Issuers:
    """Who gives an award, normalised: a title, an organisation and a level, each written one way.

    "Chủ tịch Ủy ban nhân dân tỉnh Quảng Bình" -> "Chủ tịch UBND tỉnh";
    "Giám đốc CA tỉnh" -> "Giám đốc Công an tỉnh"; "Bộ CA" -> "Bộ Công an".
    Place and person names after the level are dropped.
    """

    def __init__(self, data: dict):
        def table(section: str) -> dict[tuple[str, ...], str]:
            entries = data.get(section, {})
            return {_keys(alias): canonical for canonical, aliases in entries.items()
                    for alias in [canonical, *aliases]}

        self.titles = _Trie(table("titles"))
        self.organisations = _Trie(table("organisations"))
        self.levels = _Trie(table("levels"))
        # "UBNDTP" -> ("UBND", "thành phố"): an organisation and a level in one word.
        self.compounds = {_key(word): (parts[0], parts[1] if len(parts) > 1 else "")
                          for word, parts in data.get("compounds", {}).items()}
        # Titles and organisations complete without a level ("Chủ tịch nước", "Chính phủ", "Bộ Công an").
        self.complete = set(data.get("complete", []))

    def normalise(self, tokens: list[str], keys: list[str], start: int, end: int) -> tuple[str, int] | None:
        """(normalised issuer, where its first known word is) for tokens[start:end], or None if none is known."""
        for position in range(start, end):
            result = self._read(tokens, keys, position, end)
            if result:
                return result, position
        return None

    def _read(self, tokens, keys, position, end) -> str | None:
        parts = []
        title = self.titles.match(keys, position, end)
        if title:
            parts.append(title[0])
            position = title[1]
        if position < end:
            compound = self.compounds.get(keys[position])
            if compound:
                return " ".join([*parts, *(part for part in compound if part)])
            organisation = self.organisations.match(keys, position, end)
            if organisation:
                parts.append(organisation[0])
                position = organisation[1]
                if organisation[0] not in self.complete and position < end:
                    level = self.levels.match(keys, position, end)
                    if level:
                        parts.append(level[0])
                return " ".join(parts)
        if not title:
            return None
        if title[0] in self.complete:  # "Chủ tịch nước", "Thủ tướng Chính phủ"
            return title[0]
        # A title with an organisation the table does not list ("Giám đốc Sở Nội vụ"): the words as written.
        rest = [token for token in tokens[position:end] if token not in _CLAUSE_BREAKS]
        return " ".join([*parts, *rest]) if rest else None


class Phrasings:
    """The phrasings file, checked and compiled against the current list of award forms."""

    def __init__(self, data: dict, forms: list[str], source: str = "phrasings"):
        try:
            verbs = [str(v) for v in data["verbs"]]
            templates = [(str(p.get("name", p["pattern"])), str(p["pattern"])) for p in data["phrasings"]]
            self.stops = {_keys(str(s)) for s in data.get("issuer_ends_before", [])}
            self.reason_markers = [str(s) for s in data.get("reason_starts_with", [])]
            self.kind_words = {kind: [fold(w) for w in words]
                               for kind, words in data.get("recipient_kinds", {}).items()}
            self.year_patterns = [re.compile(p, re.IGNORECASE) for p in data.get("year_patterns", [])]
            self.issuers = Issuers(data.get("issuers", {}))
            receiving = [str(v) for v in data.get("receiving_verbs", [])]
            self.delegation = _Trie({_keys(str(m)): True for m in data.get("delegation_markers", [])})
        except (KeyError, IndexError, TypeError, AttributeError, ValueError, re.error) as exc:
            raise ImproperlyConfigured(f"{source}: tệp mẫu câu khen thưởng sai cấu trúc ({exc}).") from None
        unknown_kinds = set(self.kind_words) - {RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL}
        if unknown_kinds:
            raise ImproperlyConfigured(f"{source}: recipient_kinds chỉ nhận collective, individual "
                                       f"(không nhận {', '.join(sorted(unknown_kinds))}).")
        self.verbs = _Trie({_keys(v): v for v in verbs})
        # After the issuer, only a verb of giving: "Công an phường nhận Giấy khen" names no issuer.
        self.giving_verbs = _Trie({_keys(v): v for v in verbs if v not in receiving})
        self.forms = _Trie({_keys(name): name for name in forms})
        self.stop_words = _Trie({words: True for words in self.stops})
        compiled = []
        for _name, template in templates:
            used = _PLACEHOLDER.findall(template)
            unknown = set(used) - PLACEHOLDERS
            if unknown or not {"form", "issuer"} <= set(used) or len(used) != len(set(used)):
                raise ImproperlyConfigured(
                    f"{source}: mẫu «{template}» phải có đúng một {{form}} và một {{issuer}}, và chỉ dùng "
                    f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}.")
            elements, position = [], 0
            for match in _PLACEHOLDER.finditer(template):
                elements.extend(("word", key) for key in _keys(template[position:match.start()]))
                elements.append(("slot", match.group(1)))
                position = match.end()
            elements.extend(("word", key) for key in _keys(template[position:]))
            compiled.append(elements)
        self._details_cache = {}
        self.templates = []
        for elements in compiled:
            first, flags = self._compile_flags(elements)
            self.templates.append((first if first is not None else _Everything(), elements, flags))
        self._reason = re.compile(rf"(?<!\w)(?:{'|'.join(_words(m) for m in sorted(self.reason_markers, key=len, reverse=True))})(?!\w)",
                                  re.IGNORECASE) if self.reason_markers else None

    @classmethod
    def load(cls, path: Path | None = None) -> "Phrasings":
        path = Path(path or getattr(settings, "AWARDS_PHRASINGS_FILE", None) or DEFAULT_PHRASINGS_FILE)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"{path}: không đọc được tệp mẫu câu khen thưởng ({exc}).") from None
        forms = list(AwardForm.objects.values_list("name", flat=True))
        return cls(data, forms, source=str(path))

    # --- matching ------------------------------------------------------------

    def find(self, sentence: str, default_year: int | None = None) -> list[Suggestion]:
        """Every suggestion one sentence holds, in reading order."""
        sentence = normalize(sentence)
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
        tokens = [span[0] for span in spans]
        keys = [_key(token) for token in tokens]
        context = _Sentence(sentence, spans, tokens, keys)
        context.delegator = self._delegator(context)
        found = []
        for position, key in enumerate(keys):
            for first, elements, flags in self.templates:
                # The template's first fixed element must be here: one dictionary look-up rules out most positions.
                if key not in first:
                    continue
                match = self._match(context, elements, flags, position)
                if match:
                    found.extend(self._suggestions(context, match, default_year))
        return found

    def _compile_flags(self, elements):
        """What a template's shape says, worked out once: its leading slot, its first fixed words, its order."""
        leading = elements[0][1] if elements[0][0] == "slot" and elements[0][1] in ("issuer", "recipients") else None
        rest = elements[1:] if leading else elements
        kind, value = rest[0]
        if kind == "word":
            first = {value}
        elif value == "verb":
            first = set(self.verbs.root)
        elif value == "form":
            first = set(self.forms.root)
        else:
            first = None  # a slot that can start anywhere
        slots = [value for kind, value in elements if kind == "slot"]
        flags = {"leading": leading, "rest": rest,
                 "issuer_before_verb": "verb" in slots and slots.index("issuer") < slots.index("verb"),
                 "issuer_before_form": slots.index("issuer") < slots.index("form")}
        return first, flags

    def _match(self, context, elements, flags, position):
        """Match a template whose first fixed element is at `position`; a leading slot reaches back from it."""
        keys = context.keys
        leading, rest = flags["leading"], flags["rest"]
        found = {"start": position, "issuer_before_verb": flags["issuer_before_verb"],
                 "issuer_before_form": flags["issuer_before_form"]}
        end = self._match_rest(context, rest, position, found)
        if end is None:
            return None
        if leading == "recipients":
            start = context.clause_start(position)
            if start >= position:
                return None
            found["recipients"] = (start, position)
        elif leading == "issuer":
            start = max(context.clause_start(position), position - MAX_ISSUER_WORDS)
            # Back to the nearest stop word: "… cho Chủ tịch UBND tỉnh đã tặng" starts after "cho".
            for index in range(position - 1, start - 1, -1):
                if self.stop_words.match(keys, index, position):
                    start = index + 1
                    break
            issuers = self._issuers(context, start, position, strict=True)
            if not issuers:
                return None
            # "Thừa ủy quyền của Chủ tịch nước, đồng chí Bí thư Tỉnh ủy trao Huân chương …": the award is the delegator's.
            found["issuer"] = [context.delegator] if context.delegator else issuers
        found["end"] = end
        return found

    def _match_rest(self, context, elements, position, found):
        keys = context.keys
        for index, (kind, value) in enumerate(elements):
            if kind == "word":
                if position >= len(keys) or keys[position] != value:
                    return None
                position += 1
            elif value == "verb":
                verbs = self.giving_verbs if found["issuer_before_verb"] else self.verbs
                verb = verbs.match(keys, position)
                if not verb:
                    return None
                position = verb[1]
            elif value == "form":
                forms, position = self._forms(keys, position)
                if not forms:
                    return None
                position = self._after_form(context, position)
                # "… trao Bằng khen của Thủ tướng Chính phủ": the one after "của" gave it, not the one handing it over.
                if found["issuer_before_form"] and position < len(keys) and keys[position] == "của":
                    return None
                found["form"] = forms
            elif value == "recipients":
                end = context.sentence_end(position)
                found["recipients"] = (position, end)
                position = end
            elif value == "issuer":
                following = elements[index + 1] if index + 1 < len(elements) else None
                end = self._issuer_end(context, position, following)
                if end is None:
                    return None
                issuers = self._issuers(context, position, end, strict=following is not None
                                        and following[0] == "slot")
                if not issuers:
                    return None
                found["issuer"] = issuers
                position = end
        return position

    def _forms(self, keys, position):
        forms = []
        while len(forms) < MAX_FORMS_IN_A_LIST:
            form = self.forms.match(keys, position)
            if not form:
                break
            forms.append(form[0])
            position = form[1]
            if position < len(keys) and keys[position] in _LIST_JOINERS \
                    and self.forms.match(keys, position + 1):
                position += 1
                continue
            break
        return forms, position

    def _delegator(self, context) -> str | None:
        """Who an award is handed over for, from "thừa ủy quyền (của) …" / "thay mặt …", or None."""
        keys = context.keys
        for position in range(len(keys)):
            marker = self.delegation.match(keys, position)
            if marker:
                start = marker[1]
                end = min(context.clause_end(start), start + MAX_ISSUER_WORDS)
                named = self.issuers.normalise(context.tokens, keys, start, end)
                if named:
                    return named[0]
        return None

    def _after_form(self, context, position):
        """Past the words that name a form more precisely: "Huân chương | Lao động hạng Ba | của …".

        They start with a capital letter and end before "của", "cho", a verb, a
        stop word or the clause end, within MAX_QUALIFIER_WORDS.
        """
        tokens, keys = context.tokens, context.keys
        if position >= len(tokens) or not tokens[position][:1].isupper():
            return position
        limit = min(context.clause_end(position), position + MAX_QUALIFIER_WORDS + 1)
        for end in range(position, limit):
            if keys[end] in ("của", "cho") or self.verbs.match(keys, end) or self.stop_words.match(keys, end):
                return end
        return limit if limit == context.clause_end(position) else position

    def _issuer_end(self, context, position, following):
        """Where an issuer starting at `position` ends: before the next element, a stop word or the clause end."""
        keys = context.keys
        limit = min(context.clause_end(position), position + MAX_ISSUER_WORDS)
        for end in range(position + 1, limit + 1):
            if end == limit:
                return end if following is None else self._follows(context, following, end)
            if following is not None and self._follows(context, following, end) is not None:
                return end
            if following is None and self.stop_words.match(keys, end):
                return end
        return None

    def _follows(self, context, element, position):
        """position if `element` matches there, else None (an issuer is followed by a word, a verb or a form)."""
        kind, value = element
        keys = context.keys
        if position >= len(keys):
            return None
        if kind == "word":
            return position if keys[position] == value else None
        if value == "verb":
            return position if self.giving_verbs.match(keys, position) else None
        if value == "form":
            return position if self.forms.match(keys, position) else None
        return position

    def _issuers(self, context, start, end, *, strict: bool) -> list[str]:
        """The issuers named by tokens[start:end]: one, or several joined by "và" or commas.

        `strict`: only issuers the "issuers" table knows (an issuer before a verb,
        where any words could stand). Otherwise, after "của", the words
        themselves when the table knows none of them.
        """
        tokens, keys = context.tokens, context.keys
        parts, part_start = [], start
        for position in range(start, end + 1):
            if position == end or keys[position] in ("và", ","):
                if position > part_start:
                    parts.append((part_start, position))
                part_start = position + 1
        named = [self.issuers.normalise(tokens, keys, a, b) for a, b in parts]
        if len(parts) > 1 and all(named):
            return [name for name, _position in named]
        whole = self.issuers.normalise(tokens, keys, start, end)
        if whole:
            return [whole[0]]
        if strict:
            return []
        text = clean_text(context.text(start, end)).strip(_PUNCTUATION + " ")
        return [text] if text else []

    def _suggestions(self, context, match, default_year) -> list[Suggestion]:
        recipients = ""
        if "recipients" in match:
            start, end = match["recipients"]
            recipients = context.text(start, min(end, start + MAX_RECIPIENT_WORDS))
        reason, kind = self._details(recipients, context.text_from(match["end"], MAX_TAIL_CHARACTERS))
        year = self._year(reason) or context.year(self._year) or default_year
        return [Suggestion(form=form, issuer=issuer, recipient_kind=kind, reason=reason, year=year,
                           text=context.clean)
                for form in match["form"] for issuer in match["issuer"]]

    def _details(self, recipients: str, tail: str) -> tuple[str, str | None]:
        """(reason, recipient kind) from the recipients' words and what follows the match; remembered per text.

        A text that repeats one phrasing thousands of times then costs one
        look-up per repeat (each is bounded anyway: MAX_RECIPIENT_WORDS, MAX_TAIL_CHARACTERS).
        """
        cached = self._details_cache.get((recipients, tail))
        if cached is not None:
            return cached
        recipients, tail_text = clean_text(recipients), clean_text(tail)
        reason = ""
        for in_recipients, text in ((True, recipients), (False, tail_text)):
            marker = self._reason.search(text) if self._reason else None
            if marker:
                reason = text[marker.start():].strip(_PUNCTUATION + " ")
                if in_recipients:
                    recipients = recipients[:marker.start()]
                break
        result = (reason, self._kind(recipients))
        if len(self._details_cache) > 1000:
            self._details_cache.clear()
        self._details_cache[(recipients, tail)] = result
        return result

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


def _words(text: str) -> str:
    """A literal phrase as a regex: escaped, any run of whitespace matching any other."""
    return r"\s+".join(re.escape(word) for word in text.split())


class _Sentence:
    """One sentence's words, with where each clause ends, worked out once (so that slots cost O(1))."""

    def __init__(self, sentence, spans, tokens, keys):
        self.sentence, self.spans, self.tokens, self.keys = sentence, spans, tokens, keys
        count = len(tokens)
        self._clause_start = [0] * (count + 1)
        start = 0
        for index, token in enumerate(tokens):
            self._clause_start[index] = start
            if token in _CLAUSE_BREAKS:
                start = index + 1
        self._clause_start[count] = start
        self._clause_end = [count] * (count + 1)
        end = count
        for index in range(count - 1, -1, -1):
            if tokens[index] in _CLAUSE_BREAKS:
                end = index
            self._clause_end[index] = end
        self._year_done, self._year = False, None
        self.clean = clean_text(sentence)

    def clause_start(self, position):
        return self._clause_start[position]

    def clause_end(self, position):
        return self._clause_end[min(position, len(self.tokens))]

    def sentence_end(self, position):
        return len(self.tokens)

    def text(self, start, end):
        if start >= end:
            return ""
        return self.sentence[self.spans[start][1]:self.spans[end - 1][2]]

    def text_from(self, position, length):
        if position >= len(self.spans):
            return ""
        start = self.spans[position][1]
        return self.sentence[start:start + length]

    def year(self, find):
        if not self._year_done:
            self._year, self._year_done = find(self.sentence), True
        return self._year


def sentences(texts: list[str]) -> list[str]:
    result = []
    for text in texts:
        for line in normalize(text or "").split("\n"):
            result.extend(s for s in _SENTENCE_END.split(line.strip()) if s)
    return result


def suggest(texts: list[str], phrasings: Phrasings | None = None, *,
            default_year: int | None = None) -> list[Suggestion]:
    """Suggestions from texts in reading order, one per (form, issuer, year).

    default_year (the article's own year) is used when the sentence names none.
    """
    phrasings = phrasings or Phrasings.load()
    seen, result = set(), []
    for sentence in sentences(texts):
        for suggestion in phrasings.find(sentence, default_year):
            key = (suggestion.form, fold(suggestion.issuer), suggestion.year)
            if key not in seen:
                seen.add(key)
                result.append(suggestion)
    return result


def texts_of_parsed(parsed) -> list[str]:
    """Title, lead, paragraphs and captions of an articles.importer.ParsedArticle."""
    return [parsed.title, parsed.lead, *parsed.paragraphs, *(photo.caption for photo in parsed.photos)]


def texts_of_article(article) -> list[str]:
    return [article.title, article.lead, *article.body_text().split("\n"),
            *(slot.caption for slot in article.photo_slots.all())]


def year_of_parsed(parsed) -> int | None:
    return parsed.published_on.year if parsed.published_on else None


def year_of_article(article) -> int | None:
    """The article's own year: its original publication date, else when it went live, else when it was written."""
    if article.source_published_on:
        return article.source_published_on.year
    moment = article.publish_at or article.created_at
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).year if timezone.is_aware(moment) else moment.year
    return None


def suggest_for_article(article, phrasings: Phrasings | None = None) -> list[Suggestion]:
    return suggest(texts_of_article(article), phrasings, default_year=year_of_article(article))


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
