"""How well the award suggestions do on a corpus of real-style reporting (awards/suggestion_corpus.json).

A suggestion counts as right when its (form, issuer, year) is one the corpus
item expects; precision is right / suggested, recall is right / expected.
`python manage.py awards_suggestion_quality` prints the figures.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.text import fold

from .suggestions import Phrasings, suggest

DEFAULT_CORPUS = Path(__file__).resolve().parent / "suggestion_corpus.json"


@dataclass
class Score:
    right: int = 0
    suggested: int = 0
    expected: int = 0
    misses: list = field(default_factory=list)  # (family, text, what was missed or wrongly suggested)

    @property
    def precision(self) -> float:
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def _triple(item: dict) -> tuple:
    return item["form"], fold(" ".join(item["issuer"].split())), item["year"]


def load_corpus(path: Path | None = None) -> list[dict]:
    return json.loads(Path(path or DEFAULT_CORPUS).read_text(encoding="utf-8"))["items"]


def evaluate(items: list[dict], phrasings: Phrasings | None = None) -> dict[str, Score]:
    """Scores by family, and "total" over all items."""
    phrasings = phrasings or Phrasings.load()
    scores: dict[str, Score] = {"total": Score()}
    for item in items:
        texts = [item.get("title", ""), item.get("text", ""), *item.get("captions", [])]
        year = datetime.date.fromisoformat(item["date"]).year if item.get("date") else None
        got = {(s.form, fold(s.issuer), s.year): s for s in suggest(texts, phrasings, default_year=year)}
        wanted = {_triple(expected) for expected in item["expected"]}
        for score in (scores.setdefault(item["family"], Score()), scores["total"]):
            score.suggested += len(got)
            score.expected += len(wanted)
            score.right += len(wanted & set(got))
            for triple in sorted(wanted - set(got)):
                score.misses.append((item["family"], item.get("text", ""), f"thiếu {triple}"))
            for triple in sorted(set(got) - wanted):
                score.misses.append((item["family"], item.get("text", ""), f"thừa {triple}"))
    return scores
